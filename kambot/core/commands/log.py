"""`/kam log` (`/kam registrar`): record a touchpoint from one free line, or draft it without saving."""
from __future__ import annotations

from typing import Any

from kambot.core.account_reply import pick_buttons
from kambot.core.call import Call
from kambot.core.commands.help import command_under_names
from kambot.core.commands import plan
from kambot.core.i18n import label, mention
from kambot.core.reply import Button, Reply
from kambot.core.read_line import read_line
from kambot.core.reply_kind import ReplyKind
from kambot.core.resolve import AccountMatch, ContactMatch, find_account_in_line, resolve_contacts
from kambot.domain.parsing.line import ParsedLine, parse_line, reads_as_report
from kambot.domain.parsing.people import MENTION_RE
from kambot.domain.plan_match import matching_action
from kambot.domain.text import MAX_SUMMARY, Mrkdwn, escape_mrkdwn, reads_as_junk, reads_as_person_name
from kambot.storage.accounts import get_account
from kambot.storage.channels import linked_account
from kambot.storage.contacts import create_contact
from kambot.storage.models import SOURCES
from kambot.storage.plans import open_actions
from kambot.storage.touchpoints import create_touchpoint



# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (r"^\s*(log|registrar|anota|anotar|note)\s*[:\-]\s*(?P<args>.+)$",)


def handle(call: Call) -> Reply:
    """Understand the line, refuse or ask when unsure (writing nothing), else save it and say what was saved."""
    text, guess = call.args.strip(), bool(call.extra.get("guess"))
    if not text:
        return _short_help(call) if guess else call.reply("log_usage", kind=ReplyKind.USAGE)
    if len(text) > MAX_SUMMARY:
        return call.reply("log_too_long", kind=ReplyKind.REFUSED, length=len(text), limit=MAX_SUMMARY)
    parsed = _parsed(call, text)
    match = _picked(call) or find_account_in_line(call.session, team_id=call.team_id, parsed=parsed, cache=call.cache)
    if match.status == "unknown":  # in an account's channel, a line that names no account is about that one
        linked = linked_account(call.session, team_id=call.team_id, channel_id=call.ctx.channel_id)
        if linked is not None:
            match = AccountMatch("found", account=linked, via="channel")
    if guess and parsed.kind == "other" and parsed.next_step is None and match.status != "found":
        return _short_help(call)  # a DM that is no report: say what kambot can do, not "unknown account"
    if parsed.occurred.error:
        return _refuse_date(call, parsed, match)
    if match.status != "found":
        return _account_question(call, parsed, match)
    account = match.account
    people = resolve_contacts(call.session, team_id=call.team_id, account_id=account.id, parsed=parsed,
                              cache=call.cache)
    if people.status == "ambiguous":
        return _people_question(call, account.name, account.id, people)
    if parsed.kind == "other" and parsed.next_step is None and not people.known and reads_as_junk(text):
        # "ayuda'; DROP TABLE account;-- Acme" names an account and tells of no touch: nothing to log
        return call.reply("log_junk", kind=ReplyKind.REFUSED, account=account.name)
    unread = _unreadable_names(people)
    if guess and not reads_as_report(parsed) and not people.known:
        # "account Café Sol": the command it starts with, once the name's words no longer read as a report
        return command_under_names(call, text) or _short_help(call)  # "account acme" names an account and nobody there: it tells of no touch
    participants = list(dict.fromkeys([*parsed.mentions, call.ctx.user_id]))
    if call.extra.get("dry_run"):
        return _logged(call, parsed, _data(parsed, match, people, [], None, participants, unread), people,
                       kind=ReplyKind.DRAFT)
    created = [create_contact(call.session, team_id=call.team_id, account_id=account.id, name=hint.name,
                              title=hint.title) for hint in people.new]
    touch = create_touchpoint(
        call.session, team_id=call.team_id, account_id=account.id, occurred_on=parsed.occurred.day,
        kind=parsed.kind, summary=parsed.report, next_step=parsed.next_step, next_step_due=parsed.next_step_due,
        logged_by=call.ctx.user_id, source=_source(call), contact_ids=[p.id for p in [*people.known, *created]],
        participants=participants, created_at=call.ctx.now,
    )
    data = _data(parsed, match, people, created, touch.id, participants, unread)
    reply = _logged(call, parsed, data, people, kind=ReplyKind.LOGGED)
    reply.changed = True
    reply.buttons.append(Button(label(call.lang, "button", "undo"), "touchpoint_undo", value=str(touch.id)))
    _offer_closing(call, reply, account.id, parsed.next_step, touch.id)
    return reply


def _offer_closing(call: Call, reply: Reply, account_id: int, next_step: str | None, touch_id: int) -> None:
    """A next step that reads like an open plan action gets a "Close action N?" button: asked, never done silently."""
    if not next_step:
        return
    actions = open_actions(call.session, team_id=call.team_id, account_id=account_id)
    action = matching_action(next_step, ((a, a.title) for a in actions))
    if action is not None:
        reply.buttons.append(plan.close_button(call, action, touch_id))
        reply.data["plan_action"] = {"id": action.id, "number": action.number, "title": action.title}


def _parsed(call: Call, text: str) -> ParsedLine:
    """The line read names first (kambot.core.read_line), from the router's parse when it read it in the reply
    language, else parsed now."""
    routed = call.extra.get("parsed")
    if not (isinstance(routed, ParsedLine) and routed.text == text and routed.lang == call.lang):
        routed = parse_line(text, today=call.ctx.today, lang=call.lang)
    return read_line(call.session, team_id=call.team_id, parsed=routed, today=call.ctx.today)


def _unreadable_names(people: ContactMatch) -> list[str]:
    """Names that do not read as a person's (markup, code, digits): dropped from the touch, and returned."""
    unread = [h.name for h in people.new if not reads_as_person_name(h.name)]
    unread += [name for name in people.unknown if not reads_as_person_name(name)]
    people.new = [h for h in people.new if reads_as_person_name(h.name)]
    people.unknown = [name for name in people.unknown if reads_as_person_name(name)]
    return unread


def _picked(call: Call) -> AccountMatch | None:
    """The account chosen with a candidate's button (the line named several), if it is still there."""
    picked = call.extra.get("account_id")
    account = get_account(call.session, team_id=call.team_id, account_id=picked) if isinstance(picked, int) else None
    return AccountMatch("found", account=account, via="picked") if account is not None else None


def _short_help(call: Call) -> Reply:
    return call.reply("help_short", kind=ReplyKind.USAGE, unknown="")


def _source(call: Call) -> str:
    """Where the report came from; a DM routed here is a message even when the door did not say so."""
    source = call.ctx.source if call.ctx.source in SOURCES else "command"
    return "message" if source == "command" and call.extra.get("from_message") else source


def _refuse_date(call: Call, parsed: ParsedLine, match: AccountMatch) -> Reply:
    occurred = parsed.occurred
    reply = call.reply("log_refused", kind=ReplyKind.REFUSED, reason=occurred.error, when=occurred.day,
                       phrase=occurred.phrase, text=parsed.report,
                       account=match.account.name if match.account else None)
    reply.data = {"reason": occurred.error, "date_phrase": occurred.phrase,
                  "day": occurred.day.isoformat() if occurred.day else None}
    return reply


def _account_question(call: Call, parsed: ParsedLine, match: AccountMatch) -> Reply:
    if match.status == "ambiguous":
        names = [a.name for a in match.candidates]
        example = parsed.report.replace(match.phrase, names[0]) if match.phrase else None  # else: "<line> at X"
        reply = call.reply("log_ambiguous_account", kind=ReplyKind.AMBIGUOUS, phrase=match.phrase, candidates=names,
                           example=example, report=parsed.report)
        reply.data = {"phrase": match.phrase, "candidates": [{"id": a.id, "name": a.name} for a in match.candidates]}
        reply.buttons = pick_buttons(call, "log", match.phrase, match.candidates)
        return reply
    reply = call.reply("log_unknown_account", kind=ReplyKind.UNKNOWN_ACCOUNT, phrase=match.phrase,
                       suggestions=match.suggestions)
    reply.data = {"phrase": match.phrase, "suggestions": list(match.suggestions)}
    return reply


def _people_question(call: Call, account_name: str, account_id: int, people: ContactMatch) -> Reply:
    items = [{"typed": item.typed, "people": [{"id": p.id, "name": p.name, "title": p.title, "left": p.status == "left"}
                                               for p in item.candidates]} for item in people.ambiguous]
    reply = call.reply("log_ambiguous_contact", kind=ReplyKind.AMBIGUOUS, account=account_name, ambiguous=items)
    reply.data = {"account_id": account_id, "account_name": account_name, "ambiguous_contacts": items}
    return reply


def _data(parsed: ParsedLine, match: AccountMatch, people: ContactMatch, created: list, touch_id: int | None,
          participants: list[str], unread: list[str]) -> dict[str, Any]:
    """The machine-readable result, identical for a saved touch and a draft (then touchpoint_id is None)."""
    known = people.known
    return {
        "touchpoint_id": touch_id,
        "account_id": match.account.id,
        "account_name": match.account.name,
        "contact_ids": [p.id for p in [*known, *created]],
        "contact_names": [p.name for p in known] + [h.name for h in people.new],
        "new_contacts": [h.name for h in people.new],
        "unknown_names": list(people.unknown),
        "unreadable_names": unread,
        "kind": parsed.kind,
        "occurred_on": parsed.occurred.day.isoformat(),
        "summary": parsed.report,
        "next_step": parsed.next_step,
        "next_step_due": parsed.next_step_due.isoformat() if parsed.next_step_due else None,
        "participants": participants,
    }


def _logged(call: Call, parsed: ParsedLine, data: dict, people: ContactMatch, *, kind: ReplyKind) -> Reply:
    """What was understood, restated in the reply language (a draft says it is not saved yet)."""
    today = call.ctx.today
    shown = [{"name": p.name, "new": False, "left": p.status == "left"} for p in people.known]
    shown += [{"name": h.name, "new": True, "left": False} for h in people.new]
    due = parsed.next_step_due
    reply = call.reply(
        "log_logged", kind=kind, draft=kind == ReplyKind.DRAFT, touch_kind=parsed.kind, account=data["account_name"],
        occurred=parsed.occurred.day, days_ago=(today - parsed.occurred.day).days, people=shown,
        participants=data["participants"], unknown=people.unknown, unreadable=data["unreadable_names"],
        next_step=parsed.next_step, due=due, due_in=(due - today).days if due else None,
        summary=_summary(parsed.report),
    )
    reply.data = data
    return reply


def _summary(text: str) -> Mrkdwn:
    """The report as typed, escaped, with real Slack mentions kept clickable (ids are sanitised)."""
    parts, last = [], 0
    for found in MENTION_RE.finditer(text):
        parts += [escape_mrkdwn(text[last:found.start()]), mention(found.group(1))]
        last = found.end()
    return Mrkdwn("".join([*parts, escape_mrkdwn(text[last:])]))

