"""The Snooze buttons of a reminder: quiet an account's reminders for a week or a month (owner only)."""
from __future__ import annotations

from kambot.core.call import Call
from kambot.core.dispatch import action
from kambot.core.reply import Reply
from kambot.domain.reminders import snooze_until
from kambot.storage.accounts import get_account
from kambot.storage.models import Snooze


def _snooze(call: Call, period: str) -> Reply:
    """Write the Snooze row for the account whose id is the button value, if the presser owns it."""
    try:
        account_id = int(call.args)
    except ValueError:
        return call.reply("reminder_snooze_missing", kind="not_found")
    account = get_account(call.session, team_id=call.team_id, account_id=account_id)
    if account is None:
        return call.reply("reminder_snooze_missing", kind="not_found")
    if account.owner != call.ctx.user_id:
        return call.reply("reminder_snooze_refused", kind="refused", account=account.name,
                          owner=account.owner)
    until = snooze_until(call.ctx.today, period)
    row = call.session.get(Snooze, (call.team_id, account.id))
    if row is None:
        row = Snooze(team_id=call.team_id, account_id=account.id, until=until, by_user=call.ctx.user_id)
    else:  # pressing again re-counts from today: the latest wish of the owner wins
        row.until, row.by_user = until, call.ctx.user_id
    call.session.add(row)
    call.session.flush()
    reply = call.reply("reminder_snoozed", kind="snoozed", account=account.name, until=until)
    reply.data = {"account_id": account.id, "account_name": account.name, "until": until.isoformat(),
                  "period": period}
    return reply


@action("reminder_snooze_week")
def snooze_week(call: Call) -> Reply:
    """Snooze 1 week: no reminders about the account for the next 7 days."""
    return _snooze(call, "week")


@action("reminder_snooze_month")
def snooze_month(call: Call) -> Reply:
    """Snooze 1 month: no reminders about the account until the same day next month."""
    return _snooze(call, "month")
