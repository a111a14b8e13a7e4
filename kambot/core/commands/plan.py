"""`/kam plan <account>[: goal …|action …| done N]` (`/kam plan … objetivo …|acción …|hecho N`): the success plan."""
from __future__ import annotations

from datetime import date

from kambot.core.account_reply import account_question, resolve_for
from kambot.core.call import Call
from kambot.core.commands.contact import _user
from kambot.core.contact_fields import Problem, close_names, match_person
from kambot.core.i18n import label, mention
from kambot.core.reply import Button, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch
from kambot.domain.text import normalize_name
from kambot.domain.plan_line import PlanEdit, read_plan_line
from kambot.storage.contacts import contacts_of_account
from kambot.storage.models import Account, Contact
from kambot.storage.plan_models import PlanAction, PlanObjective
from kambot.storage.plans import (
    action_by_id, actions_of, add_action, add_objective, get_action, get_objective, objectives_of, set_action_status,
)

SHOWN_OBJECTIVES = 15  # a reply to read in Slack: the rest are counted ("and 35 more")
SHOWN_ACTIONS = 30
CLOSE_ACTION = "plan_close_action"


def handle(call: Call) -> Reply:
    """Show an account's plan, or add / update one objective or action from the rest of the line."""
    text = call.args.strip()
    if not text:
        return _usage(call, "empty")
    account_text, edit = _split(call, text)
    match = resolve_for(call, account_text)
    if match.status == "found" and edit.op != "show" and (match.via not in ("name", "picked") or normalize_name(
            match.phrase or "") != normalize_name(account_text)):
        # "Acmee: done 2" found Acme by a near spelling: a plan is changed only on a clear name
        match = AccountMatch("unknown", phrase=account_text, suggestions=[match.account.name], meant=match.account)
    if match.status != "found":
        return account_question(call, match, account_text, command="plan")
    account = match.account
    if edit.op == "usage":
        return _usage(call, edit.problem or "unknown", account=account.name, value=edit.title)
    if edit.op == "show":
        return show(call, account)
    try:
        return _apply(call, account, edit)
    except Problem as problem:
        return _usage(call, problem.code, account=account.name, value=str(problem.values.get("name") or
                                                                          problem.values.get("value") or ""),
                      suggestions=problem.values.get("suggestions", []))


def _split(call: Call, text: str) -> tuple[str, PlanEdit]:
    """(the account words, the edit the rest asks): `Acme: …`, or `Acme done 2` without a colon."""
    today = call.ctx.today
    head, colon, rest = text.partition(":")
    if colon and head.strip():
        return head.strip(), read_plan_line(rest, today=today, lang=call.lang)
    words = text.split()
    for cut in range(max(1, len(words) - 5), len(words)):
        edit = read_plan_line(" ".join(words[cut:]), today=today, lang=call.lang)
        if edit.op in ("action_status", "objective_status"):
            return " ".join(words[:cut]), edit
    return text.strip("?¿!¡. "), PlanEdit("show")


def _apply(call: Call, account: Account, edit: PlanEdit) -> Reply:
    session, team, now = call.session, call.team_id, call.ctx.now
    if edit.op == "action_status":
        action = get_action(session, team_id=team, account_id=account.id, number=edit.number)
        if action is None:
            raise Problem("no_action", value=str(edit.number))
        set_action_status(action, edit.status, now=now)
        return show(call, account, changed=("action_status", action.number, edit.status))
    if edit.op == "objective_status":
        objective = get_objective(session, team_id=team, account_id=account.id, number=edit.number)
        if objective is None:
            raise Problem("no_objective", value=str(edit.number))
        objective.status, objective.updated_at = edit.status, now
        return show(call, account, changed=("objective_status", objective.number, edit.status))
    people = contacts_of_account(session, team_id=team, account_id=account.id)
    if edit.op == "objective":
        sponsor = _person(people, edit.fields["sponsor"]) if edit.fields.get("sponsor") else None
        owner = _user(call, edit.fields["owner"]) if edit.fields.get("owner") else (
            _user(call, edit.mentions[0]) if edit.mentions else call.ctx.user_id)
        row = add_objective(session, team_id=team, account_id=account.id, title=edit.title,
                            measure=edit.fields.get("measure"), target=edit.fields.get("target"),
                            target_date=edit.due, owner=owner, sponsor_id=sponsor.id if sponsor else None,
                            status=edit.status or "on_track", created_by=call.ctx.user_id, now=now)
        return show(call, account, changed=("objective_added", row.number, None))
    owner_user, owner_contact = _action_owner(call, people, edit)
    objective_id = None
    if edit.fields.get("objective"):
        digits = "".join(ch for ch in edit.fields["objective"] if ch.isdigit())
        objective = get_objective(session, team_id=team, account_id=account.id, number=int(digits)) if digits else None
        if objective is None:
            raise Problem("no_objective", value=edit.fields["objective"])
        objective_id = objective.id
    row = add_action(session, team_id=team, account_id=account.id, title=edit.title, owner_user=owner_user,
                     owner_contact_id=owner_contact.id if owner_contact else None, due=edit.due,
                     objective_id=objective_id, created_by=call.ctx.user_id, now=now)
    return show(call, account, changed=("action_added", row.number, None))


def _person(people: list[Contact], name: str) -> Contact:
    """A contact of the account a typed name means; Problem when none or several."""
    person = match_person(people, name, allow_first=True)
    if person is None:
        raise Problem("unknown_person", name=name, suggestions=close_names(people, name))
    return person


def _action_owner(call: Call, people: list[Contact], edit: PlanEdit) -> tuple[str | None, Contact | None]:
    """Whose action: the @user typed, else the `owner` named (a contact, or one of us), else the asker."""
    if edit.mentions:
        typed = edit.mentions[0]
        try:
            return _user(call, typed), None
        except Problem:
            person = match_person(people, typed.lstrip("@"), allow_first=True)
            if person is None:
                raise Problem("unknown_owner", value=typed) from None
            return None, person
    owner = edit.fields.get("owner")
    if owner:
        person = match_person(people, owner, allow_first=True)
        if person is not None:
            return None, person
        return _user(call, owner), None
    return call.ctx.user_id, None


def show(call: Call, account: Account, *, changed: tuple | None = None) -> Reply:
    """The account's plan: objectives with their status, then open actions by due day, the rest counted."""
    session, team, today = call.session, call.team_id, call.ctx.today
    objectives = objectives_of(session, team_id=team, account_id=account.id)
    actions = actions_of(session, team_id=team, account_id=account.id)
    names = {p.id: p.name for p in contacts_of_account(session, team_id=team, account_id=account.id)}
    numbers = {o.id: o.number for o in objectives}
    open_actions = sorted((a for a in actions if a.status == "open"), key=lambda a: (a.due or date.max, a.number))
    done = sum(1 for a in actions if a.status == "done")
    counted = sum(1 for a in actions if a.status != "dropped")
    at_risk = [o for o in objectives if o.status in ("at_risk", "off_track")]
    reply = call.reply(
        "plan", kind=ReplyKind.PLAN_SAVED if changed else ReplyKind.PLAN, account=account.name,
        changed=changed[0] if changed else "", number=changed[1] if changed else 0,
        status=label(call.lang, "plan_status", changed[2]) if changed and changed[2] else "",
        objectives=[_objective_line(o, names, today) for o in objectives[:SHOWN_OBJECTIVES]],
        hidden_objectives=max(0, len(objectives) - SHOWN_OBJECTIVES),
        actions=[_action_line(a, names, numbers, today) for a in open_actions[:SHOWN_ACTIONS]],
        hidden_actions=max(0, len(open_actions) - SHOWN_ACTIONS),
        done=done, counted=counted, at_risk=len(at_risk),
        overdue=sum(1 for a in open_actions if a.due is not None and a.due < today))
    reply.data = {"account_id": account.id, "account": account.name,
                  "objectives": [_objective_data(o) for o in objectives],
                  "actions": [_action_data(a) for a in actions], "done": done, "counted": counted,
                  "at_risk": len(at_risk)}
    reply.changed = changed is not None
    return reply


def _objective_line(o: PlanObjective, names: dict[int, str], today: date) -> dict:
    return {"number": o.number, "title": o.title, "measure": o.measure or "", "target": o.target or "",
            "target_date": o.target_date, "owner": o.owner, "sponsor": names.get(o.sponsor_id, ""),
            "status": o.status, "late": o.target_date is not None and o.target_date < today and o.status != "done"}


def _action_line(a: PlanAction, names: dict[int, str], numbers: dict[int, int], today: date) -> dict:
    return {"number": a.number, "title": a.title, "owner": a.owner_user, "contact": names.get(a.owner_contact_id, ""),
            "due": a.due, "overdue": a.due is not None and a.due < today, "objective": numbers.get(a.objective_id)}


def _objective_data(o: PlanObjective) -> dict:
    return {"id": o.id, "number": o.number, "title": o.title, "measure": o.measure, "target": o.target,
            "target_date": o.target_date.isoformat() if o.target_date else None, "owner": o.owner,
            "sponsor_id": o.sponsor_id, "status": o.status}


def _action_data(a: PlanAction) -> dict:
    return {"id": a.id, "number": a.number, "title": a.title, "owner_user": a.owner_user,
            "owner_contact_id": a.owner_contact_id, "due": a.due.isoformat() if a.due else None,
            "status": a.status, "objective_id": a.objective_id}


def _usage(call: Call, reason: str, *, account: str = "Acme", value: str = "", suggestions=()) -> Reply:
    reply = call.reply("plan_usage", kind=ReplyKind.USAGE, reason=reason, account=account, value=value[:80],
                       suggestions=list(suggestions))
    reply.data = {"problem": reason}
    return reply


def close_button(call: Call, action: PlanAction, touch_id: int) -> Button:
    """The button a logged touch offers when its next step reads like an open action: "Close action 2?"."""
    return Button(label=label(call.lang, "plan", "close_action").format(n=action.number), action_id=CLOSE_ACTION,
                  value=f"{action.id}:{touch_id}")


def close_action(call: Call) -> Reply:
    """The "Close action N?" button: mark that action done (the touch logged just before closed it)."""
    try:
        action_id = int(str(call.args).split(":")[0])
    except ValueError:
        return call.reply("plan_usage", kind=ReplyKind.NOT_FOUND, reason="no_action", account="", value="",
                          suggestions=[])
    action = action_by_id(call.session, team_id=call.team_id, action_id=action_id)
    if action is None:
        return call.reply("plan_usage", kind=ReplyKind.NOT_FOUND, reason="no_action", account="", value="",
                          suggestions=[])
    account = call.session.get(Account, action.account_id)
    touch = str(call.args).split(":")[1] if ":" in str(call.args) else ""
    if action.status == "open":
        set_action_status(action, "done", now=call.ctx.now, touch_id=int(touch) if touch.isdigit() else None)
    return show(call, account, changed=("action_status", action.number, "done"))
