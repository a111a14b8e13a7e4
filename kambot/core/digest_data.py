"""The weekly digest's inputs: which accounts a scope covers, loaded in at most five queries."""
from __future__ import annotations

import time

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from kambot.domain.cadence import normalize_tier
from kambot.domain.digest import SILENCE_ROLES, THREAD_DAYS, DigestAccount, DigestContact, DigestTouch
from kambot.domain.recommend_model import role_key
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact

SUMMARY_CHARS = 400  # read from the database: more than any line shows, far less than a long note
MAX_QUIET_IDS = 20_000  # bound parameters in one IN list (SQLite allows 32,766, psycopg 65,535)


@dataclass(frozen=True)
class DigestScope:
    """Which accounts a digest covers, as stored in DigestSubscription.scope."""

    kind: str  # all | owner | tier | accounts
    owner: str | None = None
    tier: str | None = None
    account_ids: tuple[int, ...] = ()

    @classmethod
    def parse(cls, text: str | None) -> "DigestScope":
        """'all', 'owner:U1' (or 'mine:U1'), 'tier:A', 'accounts:1;5;9'; anything else is a ValueError."""
        kind, _, value = (text or "all").strip().partition(":")
        if kind == "all" and not value:
            return cls("all")
        if kind in ("owner", "mine") and re.fullmatch(r"[A-Za-z0-9_]+", value):
            return cls("owner", owner=value)
        if kind == "tier" and normalize_tier(value) in ("A", "B", "C"):
            return cls("tier", tier=normalize_tier(value))
        ids = tuple(dict.fromkeys(int(v) for v in value.split(";") if v.strip().isdigit()))
        if kind == "accounts" and ids:
            return cls("accounts", account_ids=ids)
        raise ValueError(f"unknown digest scope {text!r}")

    def __str__(self) -> str:
        if self.kind == "owner":
            return f"owner:{self.owner}"
        if self.kind == "tier":
            return f"tier:{self.tier}"
        if self.kind == "accounts":
            return "accounts:" + ";".join(str(i) for i in self.account_ids)
        return "all"


def digest_week(today: date) -> date:
    """First day of the reported week: the 7 days ending yesterday, so a Monday brief covers Mon-Sun."""
    return today - timedelta(days=7)


@lru_cache(maxsize=None)
def _statements(kind: str) -> dict:
    """The loader's statements for one kind of scope, built once: values come in as bound parameters."""
    team = bindparam("team")
    where = [Account.team_id == team]
    if kind == "owner":
        where.append(Account.owner == bindparam("owner"))
    elif kind == "tier":
        where.append(func.upper(func.trim(Account.tier)) == bindparam("tier"))
    elif kind == "accounts":
        where.append(Account.id.in_(bindparam("ids", expanding=True)))
    in_scope = select(Account.id).where(*where)
    last_touch = (select(func.max(Touchpoint.occurred_on))  # index-only: (team, account, day)
                  .where(Touchpoint.team_id == team, Touchpoint.account_id == Account.id).correlate(Account)
                  .scalar_subquery())
    contact_last = (select(func.max(Touchpoint.occurred_on))
                    .join(TouchpointContact, TouchpointContact.touchpoint_id == Touchpoint.id)
                    .where(TouchpointContact.contact_id == Contact.id).correlate(Contact).scalar_subquery())
    return {
        "accounts": select(Account.id, Account.name, Account.owner, Account.tier, Account.annual_revenue,
                           Account.renewal_date, Account.cadence_days, last_touch).where(*where),
        "revenue": select(Account.id, Account.name, Account.annual_revenue)
        .where(Account.team_id == team, Account.annual_revenue > 0),
        "contacts": select(Contact.id, Contact.account_id, Contact.name, Contact.role, Contact.status)
        .where(Contact.team_id == team, Contact.account_id.in_(in_scope)),
        # One row per (touch, contact): the people come with the touches (with_people costs a query per 900).
        "touches": select(Touchpoint.id, Touchpoint.account_id, Touchpoint.occurred_on, Touchpoint.kind,
                          func.substr(Touchpoint.summary, 1, SUMMARY_CHARS),
                          func.substr(Touchpoint.next_step, 1, SUMMARY_CHARS), Touchpoint.next_step_due,
                          Touchpoint.logged_by, TouchpointContact.contact_id)
        .outerjoin(TouchpointContact, TouchpointContact.touchpoint_id == Touchpoint.id)
        .where(Touchpoint.team_id == team, Touchpoint.account_id.in_(in_scope),
               Touchpoint.occurred_on >= bindparam("since"), Touchpoint.occurred_on <= bindparam("today")),
        "quiet": select(TouchpointContact.contact_id, func.max(Touchpoint.occurred_on))
        .join(Touchpoint, Touchpoint.id == TouchpointContact.touchpoint_id)
        .where(TouchpointContact.team_id == team, TouchpointContact.contact_id.in_(bindparam("quiet", expanding=True)))
        .group_by(TouchpointContact.contact_id),
        "quiet_all": select(Contact.id, contact_last)
        .where(Contact.team_id == team, Contact.account_id.in_(in_scope), Contact.role.in_(sorted(SILENCE_ROLES))),
    }


def load_digest_inputs(session: Session, *, team_id: str, scope: DigestScope, today: date,
                       max_quiet_ids: int = MAX_QUIET_IDS):
    """(accounts, contacts, touches, key_ids) of one scope in at most five queries, none reading other scopes."""
    sql = _statements(scope.kind)
    since = min(digest_week(today) - timedelta(days=7), today - timedelta(days=THREAD_DAYS))
    params = {"team": team_id, "owner": scope.owner, "tier": scope.tier, "ids": list(scope.account_ids),
              "since": since, "today": today}
    run = session.connection().execute  # Core rows: the ORM layer adds nothing to plain column tuples
    accounts = [DigestAccount(*row) for row in run(sql["accounts"], params)]
    # build_digest takes the 80/20 of `accounts`: right for a whole team, wrong for one owner's accounts.
    key_ids = None if scope.kind == "all" else _cached_team_keys(str(session.get_bind().url), team_id, today, lambda: run(sql["revenue"], params).all())
    contact_rows = run(sql["contacts"], params).all()
    touches, people, seen = [], {}, {}
    for row in run(sql["touches"], params).all():  # fetchall: one driver call, not one per row
        touch_id, contact_id = row[0], row[8]
        linked = people.get(touch_id)
        if linked is None:
            linked = people[touch_id] = []
            touches.append(row)
        if contact_id is not None:
            linked.append(contact_id)
            if row[2] > seen.get(contact_id, date.min):
                seen[contact_id] = row[2]
    # A champion quiet for longer than the window still has a last touch, not "never": ask only for those.
    quiet = [r[0] for r in contact_rows if r[0] not in seen and role_key(r[3]) in SILENCE_ROLES]
    last = {}
    if len(quiet) > max_quiet_ids:  # a huge import of untouched champions: one correlated query instead
        last = dict(run(sql["quiet_all"], params).all())
    elif quiet:
        last = dict(run(sql["quiet"], {**params, "quiet": quiet}).all())
    contacts = [DigestContact(r[0], r[1], r[2], r[3], r[4], last.get(r[0])) for r in contact_rows]
    touches = [DigestTouch(r[0], r[1], r[2], r[3], tuple(people[r[0]]), r[4] or "", r[5], r[6], r[7])
               for r in touches]
    return accounts, contacts, touches, key_ids


_KEY_CACHE: dict[tuple[str, str, date], tuple[float, frozenset]] = {}
_KEY_CACHE_SECONDS = 600


def _cached_team_keys(database: str, team_id: str, today: date, fetch) -> frozenset:
    """The team's 80/20 key set, read once per team and day for ten minutes.

    A weekly run renders one digest per subscription; reading every account's revenue for each of them
    made 1,000 digests cost a full-table read 1,000 times. The key set moves with revenue, which changes
    by import a few times a year, so ten minutes of staleness cannot matter to a weekly brief.
    """
    now = time.monotonic()
    hit = _KEY_CACHE.get((database, team_id, today))
    if hit is not None and now - hit[0] < _KEY_CACHE_SECONDS:
        return hit[1]
    keys = team_key_ids(fetch())
    if len(_KEY_CACHE) > 1000:  # many teams over many days: forget them all rather than grow forever
        _KEY_CACHE.clear()
    _KEY_CACHE[(database, team_id, today)] = (now, keys)
    return keys


def team_key_ids(rows) -> frozenset:
    """The 80/20 key set from (id, name, revenue) rows: kambot.domain.keys.key_accounts' rule, ids only.

    The domain function also builds a row and flags for every account; a digest of one owner needs
    only the team's key ids, and this keeps that cost a sort (tests check both agree).
    """
    entries = sorted(((max(rev or 0, 0), str(name), aid) for aid, name, rev in rows),
                     key=lambda e: (-e[0], e[1].casefold(), str(e[2])))
    total = sum(e[0] for e in entries)
    key, cumulative = [], 0
    for revenue, _, account_id in entries:
        if total <= 0 or cumulative * 5 >= total * 4:
            break
        key.append(account_id)
        cumulative += revenue
    return frozenset(key)
