"""Rows of a workspace plan as plain tuples, table by table, in the order the bulk loaders write them."""
from __future__ import annotations

from typing import Iterator

import numpy as np

from bench.names import INDUSTRIES
from bench.workspace import FUTURE_DAYS, KINDS, NEXT_STEPS, ROLES, SPAN_DAYS, SUMMARIES, TITLES, ZONES, Plan, norms
from kambot.domain.text import normalize_name

COLUMNS = {
    "team": ("team_id", "name", "accounts_version"),
    "userprofile": ("team_id", "user_id", "name", "tz", "locale", "fetched_at"),
    "account": ("id", "team_id", "name", "name_norm", "aliases", "owner", "tier", "annual_revenue", "renewal_date",
                "industry", "cadence_days", "created_at"),
    "accountname": ("id", "team_id", "account_id", "name_norm"),
    "snooze": ("team_id", "account_id", "until", "by_user"),
    "reminderlog": ("id", "team_id", "account_id", "owner", "reminded_on"),
    "contact": ("id", "team_id", "account_id", "name", "name_norm", "first_norm", "title", "department", "email",
                "role", "reports_to_id", "relationship_owner", "status", "created_at"),
    "touchpoint": ("id", "team_id", "account_id", "occurred_on", "kind", "summary", "next_step", "next_step_due",
                   "logged_by", "source", "created_at"),
    "touchpointcontact": ("touchpoint_id", "contact_id", "team_id", "account_id", "occurred_on", "kind"),
    "touchpointparticipant": ("touchpoint_id", "user_id", "team_id"),
}
CHUNK = 200_000  # touches converted to Python objects at a time (bounded memory at 2,000,000)


def table_rows(plan: Plan, stamp: str) -> list[tuple[str, tuple[str, ...], Iterator[tuple]]]:
    """Every table's rows; iterators, so nothing big is held twice."""
    makers = {"team": _team, "userprofile": _profiles, "account": _accounts, "accountname": _names,
              "snooze": _snoozes, "reminderlog": _reminded, "contact": _contacts, "touchpoint": _touches, "touchpointcontact": _links,
              "touchpointparticipant": _participants}
    return [(table, COLUMNS[table], makers[table](plan, stamp)) for table in COLUMNS]


def _team(plan: Plan, stamp: str) -> Iterator[tuple]:
    yield plan.team, "bench workspace %d/%d/%d" % plan.sizes, 1


def _profiles(plan: Plan, stamp: str) -> Iterator[tuple]:
    # Known zones and locales: the bench measures kambot, not users.info round trips to the fake.
    for k, user in enumerate(plan.owners):
        yield plan.team, user, f"kam {k}", ZONES[k % len(ZONES)], "es-ES" if k % 5 == 4 else "en-US", stamp


def _accounts(plan: Plan, stamp: str) -> Iterator[tuple]:
    rng = np.random.default_rng(plan.seed + 2)
    count = len(plan.names)
    revenue = np.round(rng.pareto(1.16, count) * 10_000 + 5_000, 2)
    missing, renew = rng.random(count) < 0.03, rng.integers(-30, 365, count)
    custom, industry = rng.random(count) < 0.02, rng.integers(0, len(INDUSTRIES), count)
    for i, (name, alias) in enumerate(plan.names):
        yield (plan.base["account"] + i, plan.team, name, normalize_name(name), alias or "",
               plan.owners[plan.owner_of[i]], "ABC"[plan.tier_of[i]], None if missing[i] else float(revenue[i]),
               plan.day(-int(renew[i])), INDUSTRIES[industry[i]], 45 if custom[i] else None, stamp)


def _names(plan: Plan, stamp: str) -> Iterator[tuple]:
    next_id = plan.base["accountname"]
    for i, (name, alias) in enumerate(plan.names):
        for norm in dict.fromkeys(n for n in (normalize_name(name), normalize_name(alias or "")) if n):
            yield next_id, plan.team, plan.base["account"] + i, norm
            next_id += 1


def _snoozes(plan: Plan, stamp: str) -> Iterator[tuple]:
    # One account in 50 snoozed for a few days or weeks, so the reminder scan has snoozes to honour.
    for i in range(0, len(plan.names), 50):
        yield plan.team, plan.base["account"] + i, plan.day(-(3 + i % 28)), plan.owners[plan.owner_of[i]]


def _reminded(plan: Plan, stamp: str) -> Iterator[tuple]:
    # One account in 7 was in its owner's reminder during the last ten days (the quiet period reads these).
    for n, i in enumerate(range(0, len(plan.names), 7)):
        yield (plan.base["reminderlog"] + n, plan.team, plan.base["account"] + i, plan.owners[plan.owner_of[i]],
               plan.day(i % 10))


def _contacts(plan: Plan, stamp: str) -> Iterator[tuple]:
    rng = np.random.default_rng(plan.seed + 3)
    total = len(plan.people)
    account = np.repeat(np.arange(len(plan.names)), plan.contact_count)
    rank = np.arange(total) - plan.contact_first[account]  # 0 = the top of the account's org chart
    boss = plan.contact_first[account] + (rng.random(total) * np.maximum(1, rank // 3)).astype(np.int64)
    role, title = rng.integers(0, len(ROLES), total), rng.integers(0, len(TITLES), total)
    left, keeper = rng.random(total) < 0.04, rng.random(total) < 0.1
    first_id, cache = plan.base["contact"], {}
    for g, (a, r) in enumerate(zip(account.tolist(), rank.tolist())):
        name = plan.people[g]
        norm, first = norms(name, cache)
        yield (first_id + g, plan.team, plan.base["account"] + a, name, norm, first,
               TITLES[title[g]] if r else "CEO", None, None, ROLES[role[g]] if r else "decision_maker",
               first_id + int(boss[g]) if r else None, plan.owners[plan.owner_of[a]] if keeper[g] else None,
               "left" if r and left[g] else "active", stamp)


def _chunks(plan: Plan, *names: str) -> Iterator[tuple[int, list]]:
    """(first touch index, column lists) of the touch arrays, CHUNK touches at a time."""
    arrays = plan.touches
    for start in range(0, len(arrays["account"]), CHUNK):
        yield start, [arrays[n][start:start + CHUNK].tolist() for n in names]


def _touches(plan: Plan, stamp: str) -> Iterator[tuple]:
    days = [plan.day(ago) for ago in range(-FUTURE_DAYS, SPAN_DAYS + 1)]
    owners, team, first_id, first_account = plan.owners, plan.team, plan.base["touchpoint"], plan.base["account"]
    for start, cols in _chunks(plan, "account", "ago", "logger", "due", "kind", "text"):
        for i, (a, ago, logger, due, kind, text) in enumerate(zip(*cols), start):
            step = NEXT_STEPS[text % len(NEXT_STEPS)] if due > -FUTURE_DAYS else None
            yield (first_id + i, team, first_account + a, days[ago + FUTURE_DAYS], KINDS[kind],
                   SUMMARIES[text % len(SUMMARIES)], step, days[due + FUTURE_DAYS] if step else None, owners[logger],
                   "import", stamp)


def _links(plan: Plan, stamp: str) -> Iterator[tuple]:
    # Each link carries its touch's account, day and kind (kambot.storage.models.TouchpointContact).
    days = [plan.day(ago) for ago in range(-FUTURE_DAYS, SPAN_DAYS + 1)]
    team, first_id, first_contact = plan.team, plan.base["touchpoint"], plan.base["contact"]
    first_account = plan.base["account"]
    for start, (one, two, account, ago, kind) in _chunks(plan, "one", "two", "account", "ago", "kind"):
        for i, (a, b, acc, ago_, k) in enumerate(zip(one, two, account, ago, kind), start):
            copies = (first_account + acc, days[ago_ + FUTURE_DAYS], KINDS[k])
            yield (first_id + i, first_contact + a, team, *copies)
            if b >= 0:
                yield (first_id + i, first_contact + b, team, *copies)


def _participants(plan: Plan, stamp: str) -> Iterator[tuple]:
    # The log command records whoever logged a touch as a participant; imports do the same.
    owners, team, first_id = plan.owners, plan.team, plan.base["touchpoint"]
    for start, (logger, other) in _chunks(plan, "logger", "other"):
        for i, (a, b) in enumerate(zip(logger, other), start):
            yield first_id + i, owners[a], team
            if b >= 0:
                yield first_id + i, owners[b], team
