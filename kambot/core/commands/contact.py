"""`/kam contact <account>: <name>, title …` (`/kam contacto`): add, edit or mark as gone a person on the map."""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from rapidfuzz import process
from sqlalchemy import select, update

from kambot.core.account_reply import find_account
from kambot.core.call import Call
from kambot.core.dispatch import action
from kambot.core.i18n import label, mention, render
from kambot.core.registry import command
from kambot.core.reply import Reply
from kambot.domain.parsing.language import fold
from kambot.domain.text import first_word, normalize_name
from kambot.importexport.rows import Invalid, parse_email, parse_role, parse_status
from kambot.storage.accounts import accounts_by_norms, get_account
from kambot.storage.contacts import contacts_of_account, create_contact, update_contact
from kambot.storage.models import ROLES, Account, Contact, UserProfile

# Field words in both languages, written folded (lower case, no accents); longest first when matching.
FIELD_WORDS = {
    "title": ("title", "job title", "cargo", "puesto"),
    "department": ("department", "dept", "departamento", "area"),
    "email": ("email", "e-mail", "mail", "correo", "correo electronico"),
    "role": ("role", "buying role", "rol"),
    "reports_to": ("reports to", "manager", "boss", "depende de", "reporta a", "jefe", "jefa"),
    "owner": ("relationship owner", "owner", "responsable"),
    "status": ("status", "estado"),
    "name": ("name", "nombre", "rename to", "renombrar a"),
    "replaced_by": ("replaced by", "reemplazado por", "reemplazada por", "sustituido por", "sustituida por"),
}
_WORD_TO_FIELD = {w: f for f, words in FIELD_WORDS.items() for w in words}
_FIELD_RE = re.compile(r"^(" + "|".join(sorted(map(re.escape, _WORD_TO_FIELD), key=len, reverse=True))
                       + r")(?:\s*[:=]\s*|\s+|$)")
_LEFT_RE = re.compile(r"^(?:left|gone|departed|salio|se\s+fue|se\s+marcho|ya\s+no\s+esta)\s+")
_CLEAR = frozenset(("-", "none", "nobody", "ninguno", "ninguna", "nadie", "nada"))
_ME = frozenset(("me", "myself", "yo", "mi"))
_USER_RE = re.compile(r"^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$|^@?([UW][A-Z0-9_]{2,31})$")
MAX_NAME = 200


class Problem(Exception):
    """Input that cannot be applied; `code` picks the sentence in contact_error, `values` fill it."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code, self.values = code, values


@dataclass
class Request:
    """What to do: the person named, the fields to set (None clears), and whether they left."""

    name: str
    fields: dict[str, str | None] = field(default_factory=dict)
    status: str | None = None  # "left" or "active" when the user set it

    @property
    def left(self) -> bool:
        return self.status == "left"


@command("contact", spanish=("contacto", "persona"), english=("person", "people"), order=50)
def handle(call: Call) -> Reply:
    """Parse `<account>: <name>, field value, …`, check everything, then write; bad input writes nothing."""
    text = call.args.strip()
    left_match = _LEFT_RE.match(fold(text))
    left = left_match is not None and not _is_account(call, text.partition(":")[0])  # "Left Bank: Jo" is one
    if left:
        text = text[left_match.end():]
    account_text, colon, rest = text.partition(":")
    if not colon or not account_text.strip() or not rest.strip():
        return call.reply("contact_usage", kind="usage")
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


def parse_request(text: str, *, status: str | None = None) -> Request:
    """'Jane Doe, title VP, Finance, role champion' -> name and fields (a comma without a field word continues)."""
    name, *parts = [p.strip() for p in text.split(",")]
    request = Request(name=name, status=status)
    current = None
    for part in parts:
        found = _FIELD_RE.match(fold(part))
        if found is None:
            if current is None:
                raise Problem("unknown_field", text=part)
            if part:
                request.fields[current] = f"{request.fields[current] or ''}, {part}".strip(", ")
            continue
        current = _WORD_TO_FIELD[found.group(1)]
        value = part[found.end():].strip()
        request.fields[current] = None if fold(value) in _CLEAR or not value else value
    typed_status = request.fields.pop("status", None)
    if typed_status is not None and request.status is None:
        request.status = parse_value("status", typed_status)
    if "replaced_by" in request.fields and not request.left:
        raise Problem("replaced_without_left")
    return request


def parse_value(field_name: str, value: str) -> str | None:
    """A role, email or status in canonical form; Problem when it cannot be read."""
    try:
        if field_name == "role":
            return parse_role(value)
        if field_name == "email":
            return parse_email(value)
        return parse_status(value)
    except Invalid:
        raise Problem(f"bad_{field_name}", value=value) from None


def save(call: Call, account: Account, request: Request, *, contact_id: int | None,
         reports_to_id: int | None = None) -> Reply:
    """Check every field against the account's people, then create or update the contact and reply with its card."""
    people = contacts_of_account(call.session, team_id=call.team_id, account_id=account.id)
    name = " ".join((request.name or "").split())
    if not normalize_name(name):
        raise Problem("missing_name")
    if len(name) > MAX_NAME:
        raise Problem("long_name")
    target = _by_id(people, contact_id) if contact_id else _match(people, name, allow_first=True)
    if request.left and target is None:
        raise Problem("not_found", name=name, suggestions=_close(people, name))
    changes: dict = {}
    for key, value in request.fields.items():
        if key in ("role", "email") and value is not None:
            changes[key] = parse_value(key, value)
        elif key == "owner":
            changes["relationship_owner"] = None if value is None else _user(call, value)
        elif key == "reports_to":
            changes["reports_to_id"] = None if value is None else _manager(people, value, target).id
        elif key == "name":
            if value is None or not normalize_name(value) or len(value) > MAX_NAME:
                raise Problem("missing_name")
            changes["name"] = " ".join(value.split())
        elif key != "replaced_by":
            changes[key] = value
    if reports_to_id is not None:
        changes["reports_to_id"] = _by_id(people, reports_to_id, problem="unknown_manager").id
    if changes.get("reports_to_id") is not None:
        _no_cycle(people, target, changes["reports_to_id"])
    if request.status is not None:
        changes["status"] = request.status
    replacement = None
    if request.fields.get("replaced_by"):
        replacement = _replacement(call, account, people, target, request.fields["replaced_by"])
    created = target is None
    if created:
        target = create_contact(call.session, team_id=call.team_id, account_id=account.id, name=name)
        people.append(target)
    changed = [key for key, value in changes.items() if getattr(target, key) != value]
    update_contact(call.session, target, **{key: changes[key] for key in changed})
    moved = _hand_over(call, target, replacement) if replacement is not None else 0
    return _card(call, account, people, target, created=created, changed=changed, replacement=replacement, moved=moved)


def _by_id(people: list[Contact], contact_id: int, problem: str = "not_found") -> Contact:
    for person in people:
        if person.id == contact_id:
            return person
    raise Problem(problem, name=f"#{contact_id}", suggestions=[])


def _match(people: list[Contact], name: str, *, allow_first: bool) -> Contact | None:
    """The person a name means at this account: the full name, else a first name only one person has."""
    norm = normalize_name(name)
    exact = [p for p in people if p.name_norm == norm]
    if len(exact) > 1:
        exact = [p for p in exact if p.status != "left"] or exact
    if exact:
        return exact[0]
    if allow_first and " " not in norm:
        firsts = [p for p in people if p.first_norm == first_word(name)]
        if len(firsts) == 1:
            return firsts[0]
        if len(firsts) > 1:
            raise Problem("ambiguous_person", name=name, candidates=[p.name for p in firsts])
    return None


def _close(people: list[Contact], name: str) -> list[str]:
    """Up to three names at the account that look like what was typed."""
    hits = process.extract(normalize_name(name), {p.id: p.name_norm for p in people}, limit=3, score_cutoff=60)
    by_id = {p.id: p for p in people}
    return [by_id[key].name for _, _, key in hits]


def _manager(people: list[Contact], name: str, target: Contact | None) -> Contact:
    try:
        manager = _match(people, name, allow_first=True)
    except Problem as problem:
        raise Problem("ambiguous_manager", **problem.values) from None
    if manager is None:
        raise Problem("unknown_manager", name=name, suggestions=_close(people, name))
    if target is not None and manager.id == target.id:
        raise Problem("self_manager", name=name)
    return manager


def _no_cycle(people: list[Contact], target: Contact | None, manager_id: int) -> None:
    """Refuse a reporting line that would loop back to the person (the map could not be drawn as a tree)."""
    if target is None:
        return
    by_id, boss, seen = {p.id: p for p in people}, manager_id, set()
    while boss is not None and boss not in seen:
        if boss == target.id:
            raise Problem("cycle", name=by_id[manager_id].name)
        seen.add(boss)
        boss = by_id[boss].reports_to_id if boss in by_id else None


def _user(call: Call, value: str) -> str:
    """Our user from a Slack mention, a user id, 'me', or a cached profile name ('@ben')."""
    text = value.strip()
    if fold(text) in _ME:
        return call.ctx.user_id
    found = _USER_RE.match(text)
    if found:
        return found.group(1) or found.group(2)
    wanted = normalize_name(text.lstrip("@"))
    rows = call.session.execute(select(UserProfile.user_id, UserProfile.name).where(
        UserProfile.team_id == call.team_id, UserProfile.name.is_not(None))).all()
    ids = [uid for uid, name in rows if wanted and wanted in (normalize_name(name), first_word(name))]
    if len(ids) == 1:
        return ids[0]
    raise Problem("unknown_owner", value=text)


def _replacement(call: Call, account: Account, people: list[Contact], gone: Contact, name: str) -> Contact:
    """The person who took over: found at the account, or added with the departed person's seat."""
    person = _match(people, name, allow_first=True)
    if person is not None and person.id == gone.id:
        raise Problem("self_manager", name=name)
    if person is None:
        if not normalize_name(name) or len(name) > MAX_NAME:
            raise Problem("missing_name")
        person = create_contact(call.session, team_id=call.team_id, account_id=account.id, name=" ".join(name.split()))
        people.append(person)
    # The new person sits in the same seat: same title, department, role and manager, unless already known.
    seat = {k: getattr(gone, k) for k in ("title", "department", "role") if getattr(person, k) is None}
    if person.reports_to_id in (None, gone.id) and gone.reports_to_id != person.id:
        seat["reports_to_id"] = gone.reports_to_id  # a promoted report moves up into the seat
    update_contact(call.session, person, **{k: v for k, v in seat.items() if v is not None})
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
    kind = "contact_added" if created else ("contact_left" if just_left else "contact_saved")
    reply = call.reply(
        "contact_card", kind=kind, account=account.name, person=person.name, title=person.title or "",
        department=person.department or "", email=person.email or "", role=role,
        manager=names.get(person.reports_to_id, ""), owner=mention(person.relationship_owner),
        left=person.status == "left", just_left=just_left, created=created, changed=[_field_label(call.lang, c) for c in changed],
        replacement=replacement.name if replacement else "", moved=moved)
    reply.data = {"contact_id": person.id, "account_id": account.id, "changed": changed,
                  "replacement_id": replacement.id if replacement else None}
    return reply


def _field_label(lang: str, key: str) -> str:
    return render("contact_field", lang, key=key)


def _problem(call: Call, account: Account | None, problem: Problem) -> Reply:
    roles = [label(call.lang, "role", r) for r in ROLES]
    text = render("contact_error", call.lang, code=problem.code, account=account.name if account else "",
                  roles=roles, **_problem_values(problem))
    kind = "not_found" if problem.code == "not_found" else "error"
    return Reply(text=text, kind=kind, lang=call.lang, data={"problem": problem.code, "errors": {problem.code: text}})


def _problem_values(problem: Problem) -> dict:
    values = {"value": "", "person": "", "text": "", "suggestions": [], "candidates": []}
    values.update(problem.values)
    values["person"] = values.pop("name", values["person"])  # render() takes the template's name as `name`
    return values


@action("contact_save_form")
def save_form(call: Call) -> Reply:
    """The contact modal's submit: JSON {account_id, contact_id, name, title, …}, validated like the command."""
    try:
        form = json.loads(call.args or "{}")
    except ValueError:
        form = None
    if not isinstance(form, dict):
        return _problem(call, None, Problem("missing_name"))
    account = None
    if str(form.get("account_id") or "").isdigit():
        account = get_account(call.session, team_id=call.team_id, account_id=int(form["account_id"]))
    if account is None:
        return _problem(call, None, Problem("unknown_account"))
    text = {k: (str(form[k]).strip() or None) if form.get(k) is not None else None
            for k in ("title", "department", "email", "role", "relationship_owner", "status")}
    fields = {k: text[k] for k in ("title", "department", "email", "role") if k in form}
    if "relationship_owner" in form:
        fields["owner"] = text["relationship_owner"]
    request = Request(name=str(form.get("name") or ""), fields=fields)
    manager, contact_id = form.get("reports_to_id"), form.get("contact_id")
    try:
        request.status = parse_value("status", text["status"]) if text["status"] else None
        if contact_id is not None and not str(contact_id).isdigit():
            raise Problem("not_found", name=str(contact_id), suggestions=[])
        if contact_id is not None:
            request.fields["name"] = request.name  # editing: the name in the form is the (maybe new) name
        if manager not in (None, "") and not str(manager).isdigit():
            raise Problem("unknown_manager", name=str(manager), suggestions=[])
        if "reports_to_id" in form and manager in (None, ""):
            request.fields["reports_to"] = None
        return save(call, account, request, contact_id=int(contact_id) if contact_id is not None else None,
                    reports_to_id=int(manager) if manager not in (None, "") else None)
    except Problem as problem:
        return _problem(call, account, problem)
