"""The weekly digest's inputs, loaded in at most six queries that read only the scope's accounts; then its health."""
from __future__ import annotations

from datetime import date, timedelta
from functools import lru_cache

from sqlalchemy import ARRAY, Integer, and_, any_, bindparam, case, func, select
from sqlmodel import Session

from kambot.core.health_data import load_health
from kambot.core.digest_scope import DigestScope, cached_team_keys, digest_week, team_key_ids
from kambot.domain.cadence import AccountState
from kambot.domain.digest import SILENCE_ROLES, THREAD_DAYS, DigestAccount, DigestContact, DigestTouch
from kambot.domain.recommend_model import role_key
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact

SUMMARY_CHARS = 400  # read from the database: more than any line shows, far less than a long note
MAX_QUIET_IDS = 20_000  # bound parameters in one IN list (SQLite allows 32,766, psycopg 65,535)
MAX_LISTED = 20_000  # scopes up to this many accounts are passed on as ids; larger ones as a sub-select


def _among(column, name: str, postgres: bool):
    """`column IN (ids)`: on PostgreSQL one array parameter (expanding 1,000 ids cost SQLAlchemy 3 ms a query)."""
    if postgres:
        return column == any_(bindparam(name, type_=ARRAY(Integer)))
    return column.in_(bindparam(name, expanding=True))


@lru_cache(maxsize=None)
def _statements(kind: str, listed: bool, postgres: bool = False) -> dict:
    """The loader's statements for one kind of scope, built once: values come in as bound parameters."""
    team, link, day, touch = bindparam("team"), TouchpointContact, TouchpointContact.occurred_on, Touchpoint
    where = [Account.team_id == team]
    if kind == "owner":
        where.append(Account.owner == bindparam("owner"))
    elif kind == "tier":
        where.append(func.upper(func.trim(Account.tier)) == bindparam("tier"))
    elif kind == "accounts":
        where.append(Account.id.in_(bindparam("ids", expanding=True)))

    def in_scope(column):
        # Once the accounts are read, the others get their ids: PostgreSQL planned the sub-select as a scan
        # of every account of the database, while a list is an index probe per account on both databases.
        return _among(column, "scope", postgres) if listed else column.in_(select(Account.id).where(*where))

    last_touch = (select(func.max(touch.occurred_on))  # index-only: (team, account, day)
                  .where(touch.team_id == team, touch.account_id == Account.id).correlate(Account).scalar_subquery())
    scope = (select(Account.id, Account.name, Account.owner, Account.tier, Account.annual_revenue,
                    Account.renewal_date, Account.cadence_days, last_touch.label("last")).where(*where)
             .cte("scope").prefix_with("MATERIALIZED"))  # inlined, SQLite would find each last day thrice
    details = (touch.id, touch.kind, func.substr(touch.summary, 1, SUMMARY_CHARS),
               func.substr(touch.next_step, 1, SUMMARY_CHARS), touch.next_step_due, touch.logged_by)
    # Touch rows are read one by one, scattered over the table: only the reported week's (and today's),
    # and before it the next steps set on an account's last day, the one older touch a digest shows. The
    # day is NULL for the other accounts, so that no index is searched for them.
    older = case((and_(scope.c.last >= bindparam("since"), scope.c.last < bindparam("week")), scope.c.last))
    # The week before is only counted: SQLite reads no row for its touches (their ids are in the index,
    # and a CASE that is not taken reads no column), PostgreSQL reads the same pages either way.
    this_week = [case((touch.occurred_on >= bindparam("week"), column)) for column in details[1:]]
    steps = and_(touch.team_id == team, touch.account_id == scope.c.id, touch.occurred_on == older,
                 touch.next_step_due.is_not(None))
    # The people come from the link table's (account, day) index alone: who took part in each recent
    # touch, and each contact's last day before them (no touch id). One statement, not a UNION: PostgreSQL
    # ran the two halves of a union in parallel workers, slower to start than the whole query takes.
    recent_touch = case((day >= bindparam("recent"), link.touchpoint_id)).label("touch")
    contact_last = select(func.max(day)).where(link.contact_id == Contact.id).correlate(Contact).scalar_subquery()
    return {
        "accounts": select(*scope.c, *details).select_from(scope.outerjoin(touch, steps)),
        "revenue": select(Account.id, Account.name, Account.annual_revenue)
        .where(Account.team_id == team, Account.annual_revenue > 0),
        "contacts": select(Contact.id, Contact.account_id, Contact.name, Contact.role, Contact.status)
        .where(Contact.team_id == team, in_scope(Contact.account_id)),
        "touches": select(touch.id, touch.account_id, touch.occurred_on, *this_week)
        .where(touch.team_id == team, in_scope(touch.account_id), touch.occurred_on >= bindparam("recent"),
               touch.occurred_on <= bindparam("today")),
        "people": select(link.account_id, link.contact_id, func.max(day), recent_touch)
        .where(in_scope(link.account_id), day >= bindparam("since"), day <= bindparam("today"),
               link.team_id == team).group_by(link.account_id, link.contact_id, recent_touch),
        "quiet": select(link.contact_id, func.max(day))
        .where(link.team_id == team, _among(link.contact_id, "quiet", postgres))
        .group_by(link.contact_id),
        # Every contact with a role: as stored, 'Decision Maker' is no 'decision_maker' (role_key says which is).
        "quiet_all": select(Contact.id, contact_last)
        .where(Contact.team_id == team, in_scope(Contact.account_id), Contact.role.is_not(None)),
    }


def load_digest_inputs(session: Session, *, team_id: str, scope: DigestScope, today: date,
                       max_quiet_ids: int = MAX_QUIET_IDS):
    """(accounts, contacts, touches, key_ids) of one scope in at most six queries, none reading other scopes."""
    week_start = digest_week(today)
    since = min(week_start - timedelta(days=7), today - timedelta(days=THREAD_DAYS))
    params = {"team": team_id, "owner": scope.owner, "tier": scope.tier, "ids": list(scope.account_ids),
              "since": since, "recent": week_start - timedelta(days=7), "week": week_start, "today": today}
    run = session.connection().execute  # Core rows: the ORM layer adds nothing to plain column tuples
    postgres = session.get_bind().dialect.name == "postgresql"
    rows, steps = {}, {}
    for r in run(_statements(scope.kind, False, postgres)["accounts"], params).all():
        rows.setdefault(r[0], r[:8])
        if r[8] is not None:  # a next step set before the week, on the account's last day
            steps[r[8]] = (r[8], r[0], r[7], *r[9:])  # shaped as a "touches" row
    if not rows:
        return [], [], [], frozenset()
    sql = _statements(scope.kind, len(rows) <= MAX_LISTED, postgres)
    params["scope"] = list(rows)
    if scope.kind == "all":  # the scope is the team: its 80/20 comes from the rows in hand
        key_ids = team_key_ids((r[0], r[1], r[4]) for r in rows.values() if r[4] and r[4] > 0)
    else:  # one owner's or tier's own 80/20 would be wrong: the team's, read once per team and day
        key_ids = cached_team_keys(str(session.get_bind().url), team_id, today,
                                    lambda: run(sql["revenue"], params).all())
    contact_rows = run(sql["contacts"], params).all()
    engaged, seen, people, thread_after = {}, {}, {}, today - timedelta(days=THREAD_DAYS)
    for account_id, contact_id, day, touch_id in run(sql["people"], params).all():
        if touch_id is not None:
            people.setdefault(touch_id, []).append(contact_id)
        if day > thread_after:
            engaged.setdefault(account_id, {})[contact_id] = None  # once each, in order
        if day > seen.get(contact_id, date.min):
            seen[contact_id] = day
    # A champion quiet for longer than the window still has a last touch, not "never": ask only for those.
    quiet = [r[0] for r in contact_rows if r[0] not in seen and role_key(r[3]) in SILENCE_ROLES]
    if len(quiet) > max_quiet_ids:  # a huge import of untouched champions: one correlated query instead
        found = dict(run(sql["quiet_all"], params).all())
        seen.update((contact_id, found.get(contact_id)) for contact_id in quiet)
    elif quiet:
        seen.update(run(sql["quiet"], {**params, "quiet": quiet}).all())
    accounts = [DigestAccount(*r, engaged=tuple(engaged.get(aid, ()))) for aid, r in rows.items()]
    contacts = [DigestContact(r[0], r[1], r[2], r[3], r[4], seen.get(r[0])) for r in contact_rows]
    touches = []
    for r in run(sql["touches"], params).all():
        if r[0] in steps:
            continue  # read with its account, text and all
        if r[2] < week_start:  # the week before: only counted, so read without its text
            touches.append(DigestTouch(r[0], r[1], r[2], contact_ids=tuple(sorted(people.get(r[0], ())))))
        else:
            touches.append(_touch(r, people))
    # People are read for the two weeks: an older step's count through `engaged` and `seen` already.
    touches += [_touch(r, people) for r in steps.values()]
    return accounts, contacts, touches, key_ids


def _touch(r, people: dict) -> DigestTouch:
    """A DigestTouch from a "touches" row (id, account, day, kind, summary, next step, due, logged by)."""
    return DigestTouch(r[0], r[1], r[2], r[3], tuple(sorted(people.get(r[0], ()))), r[4] or "", r[5], r[6], r[7])


def load_digest_health(session: Session, *, team_id: str, accounts: list[DigestAccount], today: date) -> dict:
    """Account id -> (score, band, score a week before) of the digest's accounts: two bulk health loads.

    The states come from the accounts the digest already read, so neither load reads the accounts again;
    last week's score is load_health's `as_of`, computed from the data as it was on that day.
    """
    if not accounts:
        return {}
    states = [AccountState(id=a.id, name=a.name, owner=a.owner, tier=a.tier, annual_revenue=a.annual_revenue,
                           renewal_date=a.renewal_date, cadence_days=a.cadence_days, last_touch_on=a.last_touch_on)
              for a in accounts]
    now = load_health(session, team_id=team_id, today=today, states=states)
    before = {h.state.id: h.health.score
              for h in load_health(session, team_id=team_id, today=today, as_of=today - timedelta(days=7), states=states)}
    return {h.state.id: (h.health.score, h.health.band, before.get(h.state.id)) for h in now}
