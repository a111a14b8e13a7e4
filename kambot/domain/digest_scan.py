"""The digest's one pass over the touches: everything its sections need, gathered in a single loop."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from kambot.domain.digest_model import DigestTouch


@dataclass
class Scan:
    """What one pass over the touches learns; every section reads from it."""

    last_touch: dict  # account -> latest touch date
    step_touches: dict  # account -> touches with a dated next step on that latest date
    contact_last: dict  # contact -> latest touch date including them
    threads: dict  # account -> contacts engaged within THREAD_DAYS
    week: list  # touches in week_start .. week_end
    prev_count: int
    prev_accounts: set
    prev_contacts: set


def scan_touches(touches, by_id, today, week_start, *, thread_after) -> Scan:
    """One pass over the touches (the big input, 20k+), skipping future and out-of-scope ones."""
    last_touch: dict = {}  # account -> latest touch date
    step_touches: dict = {}  # account -> touches with a dated next step on that latest date
    contact_last: dict = {}  # contact -> latest touch date including them
    threads: defaultdict = defaultdict(set)  # account -> contacts engaged within THREAD_DAYS
    week: list[DigestTouch] = []
    week_end, prev_start = week_start + timedelta(days=6), week_start - timedelta(days=7)
    prev_count, prev_accounts, prev_contacts = 0, set(), set()
    latest_of, seen_of = last_touch.get, contact_last.get  # bound once: this loop is the hot path
    for t in touches:
        day, aid = t.occurred_on, t.account_id
        if day > today or aid not in by_id:
            continue
        latest = latest_of(aid, date.min)
        if day >= latest:
            has_step = t.next_step_due is not None and bool(t.next_step)
            if day != latest:
                last_touch[aid] = day
                step_touches[aid] = [t] if has_step else []
            elif has_step:
                step_touches[aid].append(t)
        cids = t.contact_ids
        if cids:
            for cid in cids:
                if day > seen_of(cid, date.min):
                    contact_last[cid] = day
            if day > thread_after:
                threads[aid].update(cids)
        if day >= week_start:
            if day <= week_end:
                week.append(t)
        elif day >= prev_start:
            prev_count += 1
            prev_accounts.add(aid)
            prev_contacts.update(cids)
    return Scan(last_touch, step_touches, contact_last, threads, week, prev_count, prev_accounts, prev_contacts)
