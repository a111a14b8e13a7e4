"""Snooze an account's reminders (owner only): the reminder's buttons, or `/kam snooze Acme 2 weeks`."""
from __future__ import annotations

import re

from kambot.core.account_reply import find_account
from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.reminders import snooze_until
from kambot.storage.accounts import get_account
from kambot.storage.models import Account, Snooze

# "Acme 2 weeks", "Acme for a month", "Acme por 3 semanas", "Acme un mes": the duration ends the line.
_DURATION = re.compile(
    r"(?:\s+(?:for|por|durante))?\s+(?:(?P<n>\d{1,3}|a|an|one|un|una|uno)\s+)?"
    r"(?P<unit>days?|d[ií]as?|weeks?|wks?|semanas?|months?|mes(?:es)?|years?|a[nñ]os?)\s*$", re.IGNORECASE)
_PERIOD = {"d": ("day", 1), "w": ("week", 1), "s": ("week", 1), "m": ("month", 1), "y": ("month", 12),
           "a": ("month", 12)}  # by the unit's first letter
MAX_DAYS = 366  # a snooze is a pause, not a way to drop an account: a year at most


def handle(call: Call) -> Reply:
    """`/kam snooze <account> [N days|weeks|months]`: no reminders about it until then (a week by default)."""
    text = call.args.strip().strip("?¿!¡. ")
    period, count, name = "week", 1, text
    found = _DURATION.search(text)
    if found and found.start() > 0:
        name, n = text[:found.start()].strip(), (found["n"] or "1").lower()
        period, per = _PERIOD[found["unit"][0].lower()]
        count = (int(n) if n.isdigit() else 1) * per
    if not name or count < 1 or (snooze_until(call.ctx.today, period, count) - call.ctx.today).days > MAX_DAYS:
        return call.reply("snooze_usage", kind=ReplyKind.USAGE)
    match = find_account(call, name, command="snooze")
    if match.reply is not None:
        return match.reply
    return _apply(call, match.account, period, count)


def _snooze(call: Call, period: str) -> Reply:
    """Write the Snooze row for the account whose id is the button value, if the presser owns it."""
    try:
        account_id = int(call.args)
    except ValueError:
        return call.reply("reminder_snooze_missing", kind=ReplyKind.NOT_FOUND)
    account = get_account(call.session, team_id=call.team_id, account_id=account_id)
    if account is None:
        return call.reply("reminder_snooze_missing", kind=ReplyKind.NOT_FOUND)
    return _apply(call, account, period, 1)


def _apply(call: Call, account: Account, period: str, count: int) -> Reply:
    """Snooze one account from today for `count` periods, if the caller owns it."""
    if account.owner != call.ctx.user_id:
        return call.reply("reminder_snooze_refused", kind=ReplyKind.REFUSED, account=account.name,
                          owner=account.owner)
    until = snooze_until(call.ctx.today, period, count)
    row = call.session.get(Snooze, (call.team_id, account.id))
    if row is None:
        row = Snooze(team_id=call.team_id, account_id=account.id, until=until, by_user=call.ctx.user_id)
    else:  # pressing again re-counts from today: the latest wish of the owner wins
        row.until, row.by_user = until, call.ctx.user_id
    call.session.add(row)
    call.session.flush()
    reply = call.reply("reminder_snoozed", kind=ReplyKind.SNOOZED, account=account.name, until=until)
    reply.data = {"account_id": account.id, "account_name": account.name, "until": until.isoformat(),
                  "period": period}
    reply.changed = True
    return reply


def snooze_week(call: Call) -> Reply:
    """Snooze 1 week: no reminders about the account for the next 7 days."""
    return _snooze(call, "week")


def snooze_month(call: Call) -> Reply:
    """Snooze 1 month: no reminders about the account until the same day next month."""
    return _snooze(call, "month")
