"""Who gets reminded about which going-cold accounts today: one bundled list per owner."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from kambot.domain.cadence import (
    AccountState,
    account_cadence,
    days_since,
    is_stale,
    normalize_tier,
    overdue_key,
    tier_rank,
)

# After a reminder an account stays quiet for a week, so a daily job does not nag daily.
QUIET_DAYS = 7
SNOOZE_PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class ReminderItem:
    """One going-cold account in an owner's reminder."""

    account_id: int | str
    name: str
    tier: str | None
    days_since_last_touch: int | None  # None: never touched
    cadence_days: int


@dataclass(frozen=True)
class DueAction:
    """One open plan action in its owner's reminder: due within ACTION_AHEAD_DAYS, or overdue."""

    account_id: int
    account: str
    number: int
    title: str
    due: date


# A plan action joins its owner's reminder from a week before its due day until it is done or dropped.
ACTION_AHEAD_DAYS = 7


def due_actions_of(actions: Iterable[DueAction], *, today: date) -> list[DueAction]:
    """The actions due on or before `today` + ACTION_AHEAD_DAYS: the longest overdue first, then by account."""
    horizon = today + timedelta(days=ACTION_AHEAD_DAYS)
    return sorted((a for a in actions if a.due <= horizon),
                  key=lambda a: (a.due, a.account.casefold(), a.account_id, a.number))


def is_snoozed(state: AccountState, today: date) -> bool:
    """Quiet until the snooze end, inclusive."""
    return state.snoozed_until is not None and state.snoozed_until >= today


def recently_reminded(state: AccountState, today: date) -> bool:
    """Reminded in the last QUIET_DAYS days and not touched since that reminder."""
    reminded = state.last_reminded_on
    if reminded is None or (today - reminded).days >= QUIET_DAYS:
        return False
    # A touch on or after the reminder day answered it (reminders go out at 9:00 and only list
    # accounts stale at that moment, so a same-day touch came after); going stale again after
    # that touch is news, so the quiet period no longer applies.
    touched = state.last_touch_on
    return touched is None or touched < reminded


def due_reminders(states: Iterable[AccountState], *, today: date) -> dict[str, list[ReminderItem]]:
    """Owner -> stale accounts to remind about today, tier A first, then the most overdue."""
    by_owner: dict[str, list[AccountState]] = {}
    for state in states:
        # Unowned accounts have nobody to remind; the weekly digest still shows them.
        if state.owner is None or not is_stale(state, today):
            continue
        if is_snoozed(state, today) or recently_reminded(state, today):
            continue
        by_owner.setdefault(state.owner, []).append(state)
    result: dict[str, list[ReminderItem]] = {}
    for owner in sorted(by_owner):
        chosen = sorted(by_owner[owner], key=lambda s: (tier_rank(s.tier), overdue_key(s, today)))
        result[owner] = [
            ReminderItem(
                account_id=s.id,
                name=s.name,
                tier=normalize_tier(s.tier),
                days_since_last_touch=days_since(s.last_touch_on, today),
                cadence_days=account_cadence(s),
            )
            for s in chosen
        ]
    return result


def snooze_until(today: date, period: str, count: int = 1) -> date:
    """Last quiet day of a snooze of `count` days, weeks (7 days) or calendar months (Jan 31 -> Feb 28)."""
    if period == "day":
        return today + timedelta(days=count)
    if period == "week":
        return today + timedelta(days=7 * count)
    if period == "month":
        return today + relativedelta(months=count)
    raise ValueError(f"unknown snooze period {period!r}; expected one of {SNOOZE_PERIODS}")
