"""`/kam contact <account>: <name>, title …` (`/kam contacto`): add, edit or mark as gone a person on the map."""
from __future__ import annotations


from sqlalchemy import select, update

from kambot.core.account_reply import find_account
from kambot.core.call import Call
# Reading and checking what was typed lives in contact_fields; the names that were defined here stay importable.
from kambot.core.contact_fields import (  # noqa: F401
    FIELD_WORDS, MAX_NAME, Problem, Request, by_id, check_no_cycle, checked_name, close_names, find_manager,
    left_prefix, match_person, owner_id, parse_request, parse_value,
)
from kambot.core.i18n import label, mention, render
from kambot.core.inputs import CONTACT_FIELDS, ContactForm
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.text import first_word, normalize_name
from kambot.storage.accounts import accounts_by_norms, get_account
from kambot.storage.contacts import contacts_of_account, create_contact, update_contact
from kambot.storage.models import INFLUENCES, ROLES, STANCES, Account, Contact, UserProfile


def handle(call: Call) -> Reply:
    """Parse `<account>: <name>, field value, …`, check everything, then write; bad input writes nothing."""
    text = call.args.strip()
    cut = left_prefix(text)
    left = cut > 0 and not _is_account(call, text.partition(":")[0])  # "Left Bank: Jo" is one
    if left:
        text = text[cut:]
    account_text, colon, rest = text.partition(":")
    if not colon or not account_text.strip() or not rest.strip():
        return call.reply("contact_usage", kind=ReplyKind.USAGE)
    found = find_account(call, account_text.strip(), command="contact", example_rest=": " + rest.strip()[:60])
    if found.reply is not None:
        return found.reply
    try:
        request = parse_request(rest, status="left" if left else None)
        return save(call, found.account, request, contact_id=None)
    except Problem as problem:
        return _problem(call, found.account, problem)


def _is_account(call: Call, name: str) -> bool:
    norm = normalize_name(name)
    return bool(norm) and bool(accounts_by_norms(call.session, team_id=call.team_id, norms=[norm]))


def save(call: Call, account: Account, request: Request, *, contact_id: int | None,
         reports_to_id: int | None = None) -> Reply:
    """Check every field against the account's people, then create or update the contact and reply with its card."""
    people = contacts_of_account(call.session, team_id=call.team_id, account_id=account.id)
    name = " ".join((request.name or "").split())
    if not normalize_name(name):
        raise Problem("missing_name")
    if len(name) > MAX_NAME:
        raise Problem("long_name")
    target = by_id(people, contact_id) if contact_id else match_person(people, name, allow_first=True)
    if request.left and target is None:
        raise Problem("not_found", name=name, suggestions=close_names(people, name))
    changes: dict = {}
    for key, value in request.fields.items():
        if key in ("role", "email", "stance", "influence") and value is not None:
            changes[key] = parse_value(key, value)
        elif key == "owner":
            changes["relationship_owner"] = None if value is None else _user(call, value)
        elif key == "reports_to":
            changes["reports_to_id"] = None if value is None else find_manager(people, value, target).id
        elif key == "name":
            changes["name"] = checked_name(value)
        elif key != "replaced_by":
            changes[key] = value
    if reports_to_id is not None:
        changes["reports_to_id"] = by_id(people, reports_to_id, problem="unknown_manager").id
    if changes.get("reports_to_id") is not None:
        check_no_cycle(people, target, changes["reports_to_id"])
    if request.status is not None:
        changes["status"] = request.status
    replacement = None
    if request.fields.get("replaced_by"):
        replacement = _replacement(call, account, people, target, request.fields["replaced_by"])
    created = target is None
    if created:
        name = checked_name(name)  # a new person only from text that reads as a name
        target = create_contact(call.session, team_id=call.team_id, account_id=account.id, name=name)
        people.append(target)
    changed = [key for key, value in changes.items() if getattr(target, key) != value]
    update_contact(call.session, target, now=call.ctx.now, **{key: changes[key] for key in changed})
    moved = _hand_over(call, target, replacement) if replacement is not None else 0
    return _card(call, account, people, target, created=created, changed=changed, replacement=replacement, moved=moved)


def _user(call: Call, value: str) -> str:
    """Our user from a Slack mention, a user id, 'me', or a cached profile name ('@ben')."""
    text = value.strip()
    found = owner_id(text, call.ctx.user_id)
    if found is not None:
        return found
    wanted = normalize_name(text.lstrip("@"))
    rows = call.session.execute(select(UserProfile.user_id, UserProfile.name).where(
        UserProfile.team_id == call.team_id, UserProfile.name.is_not(None))).all()
    ids = [uid for uid, name in rows if wanted and wanted in (normalize_name(name), first_word(name))]
    if len(ids) == 1:
        return ids[0]
    raise Problem("unknown_owner", value=text)


def _replacement(call: Call, account: Account, people: list[Contact], gone: Contact, name: str) -> Contact:
    """The person who took over: found at the account, or added with the departed person's seat."""
    person = match_person(people, name, allow_first=True)
    if person is not None and person.id == gone.id:
        raise Problem("self_manager", name=name)
    if person is None:
        person = create_contact(call.session, team_id=call.team_id, account_id=account.id, name=checked_name(name))
        people.append(person)
    # The new person sits in the same seat: same title, department, role and manager, unless already known.
    seat = {k: getattr(gone, k) for k in ("title", "department", "role") if getattr(person, k) is None}
    if person.reports_to_id in (None, gone.id) and gone.reports_to_id != person.id:
        seat["reports_to_id"] = gone.reports_to_id  # a promoted report moves up into the seat
    update_contact(call.session, person, now=call.ctx.now, **{k: v for k, v in seat.items() if v is not None})
    return person


def _hand_over(call: Call, gone: Contact, replacement: Contact) -> int:
    """The departed person's direct reports now report to the replacement."""
    result = call.session.execute(
        update(Contact).where(Contact.team_id == call.team_id, Contact.reports_to_id == gone.id,
                              Contact.id != replacement.id).values(reports_to_id=replacement.id))
    return result.rowcount or 0


def _card(call: Call, account: Account, people: list[Contact], person: Contact, *, created: bool,
          changed: list[str], replacement: Contact | None, moved: int) -> Reply:
    names = {p.id: p.name for p in people}
    role = label(call.lang, "role", person.role) if person.role else ""
    just_left = "status" in changed and person.status == "left"
    kind = ReplyKind.CONTACT_ADDED if created else (ReplyKind.CONTACT_LEFT if just_left else ReplyKind.CONTACT_SAVED)
    reply = call.reply(
        "contact_card", kind=kind, account=account.name, person=person.name, title=person.title or "",
        department=person.department or "", email=person.email or "", role=role,
        stance=label(call.lang, "stance", person.stance), influence=label(call.lang, "influence", person.influence),
        manager=names.get(person.reports_to_id, ""), owner=mention(person.relationship_owner),
        left=person.status == "left", just_left=just_left, created=created, changed=[_field_label(call.lang, c) for c in changed],
        replacement=replacement.name if replacement else "", moved=moved)
    reply.data = {"contact_id": person.id, "account_id": account.id, "changed": changed,
                  "replacement_id": replacement.id if replacement else None}
    reply.changed = created or bool(changed) or replacement is not None
    return reply


def _field_label(lang: str, key: str) -> str:
    return render("contact_field", lang, key=key)


def _problem(call: Call, account: Account | None, problem: Problem) -> Reply:
    roles = [label(call.lang, "role", r) for r in ROLES]
    stances = [label(call.lang, "stance", s) for s in STANCES]
    influences = [label(call.lang, "influence", i) for i in INFLUENCES]
    text = render("contact_error", call.lang, code=problem.code, account=account.name if account else "",
                  roles=roles, stances=stances, influences=influences, **_problem_values(problem))
    kind = ReplyKind.NOT_FOUND if problem.code == "not_found" else ReplyKind.ERROR
    return Reply(text=text, kind=kind, lang=call.lang, data={"problem": problem.code, "errors": {problem.code: text}})


def _problem_values(problem: Problem) -> dict:
    values = {"value": "", "person": "", "text": "", "suggestions": [], "candidates": []}
    values.update(problem.values)
    values["person"] = values.pop("name", values["person"])  # render() takes the template's name as `name`
    return values


def save_form(call: Call) -> Reply:
    """The contact modal's submit (a ContactForm), validated like the command."""
    form = call.input
    if not isinstance(form, ContactForm):
        return _problem(call, None, Problem("missing_name"))
    account = None
    if form.account_id is not None:
        account = get_account(call.session, team_id=call.team_id, account_id=form.account_id)
    if account is None:
        return _problem(call, None, Problem("unknown_account"))
    text = {k: form.values.get(k) for k in CONTACT_FIELDS}
    fields = {k: text[k] for k in ("title", "department", "email", "role", "stance", "influence") if k in form.given}
    if "relationship_owner" in form.given:
        fields["owner"] = text["relationship_owner"]
    request = Request(name=form.name, fields=fields)
    manager, contact_id = form.reports_to_id, form.contact_id
    try:
        request.status = parse_value("status", text["status"]) if text["status"] else None
        if contact_id is not None and not str(contact_id).isdigit():
            raise Problem("not_found", name=str(contact_id), suggestions=[])
        if contact_id is not None:
            request.fields["name"] = request.name  # editing: the name in the form is the (maybe new) name
        if manager not in (None, "") and not str(manager).isdigit():
            raise Problem("unknown_manager", name=str(manager), suggestions=[])
        if "reports_to_id" in form.given and manager in (None, ""):
            request.fields["reports_to"] = None
        return save(call, account, request, contact_id=int(contact_id) if contact_id is not None else None,
                    reports_to_id=int(manager) if manager not in (None, "") else None)
    except Problem as problem:
        return _problem(call, account, problem)
