"""The weekly digest's content as data: what moved, what went cold, what is at risk."""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping
from datetime import date, timedelta
from functools import lru_cache

from kambot.domain.cadence import (
    cadence_for, days_since, first_stale_day, is_stale_since, normalize_tier, tier_rank,
)
# kambot.core and the tests import the records from here as well as from digest_model.
from kambot.domain.digest_model import (
    AccountActivity, AtRiskAccount, ColdAccount, Digest, DigestAccount, DigestContact, DigestTouch, Metric,
    NextStep, Renewal, SilentContact, SingleThreadedAccount, TouchLine,
)
from kambot.domain.digest_health import health_lines
from kambot.domain.digest_scan import scan_touches
from kambot.domain.keys import key_accounts
from kambot.domain.recommend_model import role_key

SILENT_DAYS = 30  # a champion or decision maker untouched this long is "gone silent"
THREAD_DAYS = 90  # the window in which engaged contacts count as threads
DUE_SOON_DAYS = 7  # next steps due today .. today+6
RENEWAL_DAYS = 90  # renewals due today .. today+89
SILENCE_ROLES = frozenset({"champion", "decision_maker"})
METRICS = ("touchpoints", "accounts_touched", "stakeholders_engaged")


def _later(a: date | None, b: date | None) -> date | None:
    """The later of two optional dates."""
    return b if a is None or (b is not None and b > a) else a


def _has_left(contact: DigestContact | None) -> bool:
    """True for a known contact who left the company."""
    return contact is not None and contact.status == "left"


@lru_cache(maxsize=256)  # few distinct spellings, looked up for every contact
def _role(role: str | None) -> str:
    """role_key(role), cached: the digest asks it for every contact."""
    return role_key(role)


def build_digest(
    *,
    accounts: Iterable[DigestAccount],
    contacts: Iterable[DigestContact],
    touches: Iterable[DigestTouch],
    today: date,
    week_start: date,
    key_ids: Collection | None = None,
    health: Mapping | None = None,
) -> Digest:
    """The digest for the 7 days from `week_start` (compared with the 7 before), as of `today`.

    Touches dated after `today` or on accounts outside `accounts` are ignored. `key_ids` defaults to
    the 80/20 set of `accounts`; pass the team-wide set when `accounts` is a subset (one owner).
    `health` maps an account id to (score, band, last week's score or None); without it the digest
    has no health lines.
    """
    if week_start > today:
        raise ValueError("week_start must not be after today")
    by_id = {a.id: a for a in accounts}
    if key_ids is None:
        key_ids = key_accounts((a.id, a.name, a.annual_revenue, a.tier) for a in by_id.values()).key_ids
    contact_by_id = {c.id: c for c in contacts if c.account_id in by_id}
    week_end = week_start + timedelta(days=6)
    scan = scan_touches(touches, by_id, today, week_start, thread_after=today - timedelta(days=THREAD_DAYS))
    week = scan.week
    this = (len(week), len({t.account_id for t in week}), len({c for t in week for c in t.contact_ids}))
    prev = (scan.prev_count, len(scan.prev_accounts), len(scan.prev_contacts))
    headline = tuple(Metric(k, a, b, a - b) for k, a, b in zip(METRICS, this, prev))

    last_by_account = {aid: _later(a.last_touch_on, scan.last_touch.get(aid)) for aid, a in by_id.items()}
    overdue, due_soon = _next_steps(by_id, scan.step_touches, today)
    at_risk = _at_risk(by_id, last_by_account, today)
    lines, fallen = health_lines(
        ((aid, by_id[aid].name, by_id[aid].tier, h[0], h[1]) for aid, h in (health or {}).items() if aid in by_id),
        {aid: h[2] for aid, h in (health or {}).items() if h[2] is not None})
    return Digest(
        today=today,
        week_start=week_start,
        week_end=week_end,
        headline=headline,
        activity=_activity(week, by_id, contact_by_id),
        went_cold=_went_cold(by_id, last_by_account, today, week_start, week_end),
        single_threaded=_single_threaded(by_id, key_ids, scan.threads, contact_by_id),
        silent_contacts=_silent(by_id, contact_by_id, scan.contact_last, today),
        next_steps_overdue=overdue,
        next_steps_due_soon=due_soon,
        renewals=_renewals(by_id, last_by_account, today),
        at_risk=at_risk,
        revenue_at_risk=sum((r.annual_revenue or 0 for r in at_risk), 0),
        health=lines,
        health_fell=fallen,
    )


def _cadence(account: DigestAccount) -> int:
    """The account's cadence in days."""
    return cadence_for(account.tier, account.cadence_days)


def _activity(week, by_id, contact_by_id) -> tuple[AccountActivity, ...]:
    """The week's touches by account: busiest first, then the most recent, then by name."""
    grouped: defaultdict = defaultdict(list)
    for t in week:
        grouped[t.account_id].append(t)
    result = []
    for aid, items in grouped.items():
        items.sort(key=lambda t: (t.occurred_on, str(t.id)))
        lines = tuple(
            TouchLine(t.id, t.occurred_on, t.kind, t.summary,
                      tuple([contact_by_id[c].name for c in t.contact_ids if c in contact_by_id]), t.logged_by)
            for t in items
        )
        a = by_id[aid]
        result.append(AccountActivity(aid, a.name, normalize_tier(a.tier), lines))
    result.sort(key=lambda g: (-len(g.touches), -g.touches[-1].occurred_on.toordinal(), g.name.casefold()))
    return tuple(result)


def _went_cold(by_id, last_by_account, today, week_start, week_end) -> tuple[ColdAccount, ...]:
    """Accounts whose first stale day fell in the week (never-touched ones were never warm)."""
    result = []
    for aid, a in by_id.items():
        last = last_by_account[aid]
        cold_on = first_stale_day(last, _cadence(a))
        if cold_on is not None and week_start <= cold_on <= min(week_end, today):
            result.append(ColdAccount(aid, a.name, normalize_tier(a.tier), cold_on, last,
                                      days_since(last, today), a.annual_revenue))
    result.sort(key=lambda c: (tier_rank(c.tier), c.went_cold_on, c.name.casefold()))
    return tuple(result)


def _single_threaded(by_id, key_ids, threads, contact_by_id) -> tuple[SingleThreadedAccount, ...]:
    """Tier-A or key accounts with at most one engaged stakeholder, largest revenue first."""
    result = []
    for aid, a in by_id.items():
        tier = normalize_tier(a.tier)
        if tier != "A" and aid not in key_ids:
            continue
        # A contact who left the company is no longer a thread into the account; an id we have no
        # record of is still a person we engaged, so it counts.
        ids = threads.get(aid, set()).union(a.engaged) if a.engaged else threads.get(aid, ())
        engaged = [c for c in ids if not _has_left(contact_by_id.get(c))]
        if len(engaged) > 1:
            continue
        known = contact_by_id.get(engaged[0]) if engaged else None
        name = known.name if known else None
        result.append(SingleThreadedAccount(aid, a.name, tier, aid in key_ids, a.annual_revenue,
                                            len(engaged), name))
    result.sort(key=lambda s: (-(s.annual_revenue or 0), s.name.casefold()))
    return tuple(result)


def _silent(by_id, contact_by_id, contact_last, today) -> tuple[SilentContact, ...]:
    """Active champions and decision makers untouched for SILENT_DAYS+, never-touched first."""
    result = []
    for cid, c in contact_by_id.items():
        role = _role(c.role)
        if role not in SILENCE_ROLES or _has_left(c):
            continue
        last = _later(c.last_touch_on, contact_last.get(cid))
        silent = days_since(last, today)
        if silent is None or silent >= SILENT_DAYS:
            a = by_id[c.account_id]
            result.append(SilentContact(cid, c.name, role, a.id, a.name, last, silent))
    result.sort(key=lambda s: (tier_rank(by_id[s.account_id].tier), s.days_silent is not None,
                               -(s.days_silent or 0), s.account_name.casefold(), s.name.casefold()))
    return tuple(result)


def _next_steps(by_id, step_touches, today) -> tuple[tuple[NextStep, ...], tuple[NextStep, ...]]:
    """Open next steps split into overdue (most overdue first) and due within DUE_SOON_DAYS.

    There is no "done" flag on a next step, so a step is open only while the touch that set it is
    the account's latest: any touch on a LATER day (with or without its own next step) means the
    account was engaged after the promise and supersedes it. Touches on the same day are siblings
    and keep all their steps. An overdue step therefore reads "we promised, and nobody touched the
    account since": the dropped ball a digest should catch, without nagging about stale promises.
    """
    overdue, soon = [], []
    for aid, items in step_touches.items():
        a = by_id[aid]
        if a.last_touch_on is not None and items and a.last_touch_on > items[0].occurred_on:
            continue  # a later touch, outside the given touches, supersedes them
        for t in items:
            step = NextStep(aid, a.name, t.next_step, t.next_step_due, (t.next_step_due - today).days,
                            t.id, t.logged_by)
            if step.days_until < 0:
                overdue.append(step)
            elif step.days_until < DUE_SOON_DAYS:
                soon.append(step)
    overdue.sort(key=_step_order)
    soon.sort(key=_step_order)
    return tuple(overdue), tuple(soon)


def _step_order(step: NextStep) -> tuple:
    """Earliest due first (so the most overdue leads), then account."""
    return (step.due_on, step.account_name.casefold(), str(step.touch_id))


def _renewals(by_id, last_by_account, today) -> tuple[Renewal, ...]:
    """Renewals from today to RENEWAL_DAYS ahead, soonest first."""
    result = []
    for aid, a in by_id.items():
        if a.renewal_date is None:
            continue
        days = (a.renewal_date - today).days
        if 0 <= days < RENEWAL_DAYS:
            stale = is_stale_since(last_by_account[aid], _cadence(a), today)
            result.append(Renewal(aid, a.name, normalize_tier(a.tier), a.renewal_date, days,
                                  a.annual_revenue, stale))
    result.sort(key=lambda r: (r.renewal_date, r.name.casefold()))
    return tuple(result)


def _at_risk(by_id, last_by_account, today) -> tuple[AtRiskAccount, ...]:
    """Stale accounts (snoozed or not: snoozing quiets reminders, not risk), largest revenue first."""
    result = [
        AtRiskAccount(aid, a.name, normalize_tier(a.tier), a.annual_revenue,
                      days_since(last_by_account[aid], today))
        for aid, a in by_id.items()
        if is_stale_since(last_by_account[aid], _cadence(a), today)
    ]
    result.sort(key=lambda r: (-(r.annual_revenue or 0), r.name.casefold()))
    return tuple(result)
