"""Every hot query is served by an index: the statements the real code runs, explained by the database itself.

SQLite: EXPLAIN QUERY PLAN without statistics, as production runs (kambot never ANALYZEs SQLite); a table
that grows with the data may only be SEARCHed, or read through an index. PostgreSQL: EXPLAIN after ANALYZE
with enable_seqscan=off, so a plan keeps a Seq Scan only where no index can serve the query. A query about
one account or one owner may not walk the whole workspace either: an index searched on team_id alone is
the full team, however it is reached.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Callable

import pytest
from sqlalchemy import inspect

from kambot.core.account_data import load_account
from kambot.core.account_states import load_account_states
from kambot.core.cache import new_cache
from kambot.core.digest_render import render_digest
from kambot.core.home import build_home
from kambot.core.stored_relationships import account_relationships
from kambot.core.resolve import _BY_FIRST_NAME, _BY_FULL_NAME, _named, resolve_account
from kambot.jobs.deliveries import Claims
from kambot.jobs.reminders import owners_of, scan, teams_with_owners
from kambot.slack import dedupe
from kambot.storage.accounts import get_account
from kambot.storage.db import session_scope
from kambot.storage.touchpoints import create_touchpoint, delete_touchpoint, last_touch_by_account
from tests.scale.conftest import Loaded, Statements

GROWING = ("account", "accountname", "contact", "touchpoint", "touchpointcontact", "touchpointparticipant",
           "relationship", "delivery", "processedevent", "reminderlog", "snooze", "userprofile")
NOW = datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc)


def _busiest(loaded: Loaded):
    workspace, i = loaded.busiest("big")
    return workspace, i, workspace.base["account"] + i, workspace.owners[int(workspace.owner_of[i])]


def _name_lookup(loaded, session):
    workspace, i, _, _ = _busiest(loaded)
    resolve_account(session, team_id=workspace.team, query=workspace.names[i][0], cache=new_cache())


def _name_index(loaded, session):
    workspace, i, _, _ = _busiest(loaded)
    resolve_account(session, team_id=workspace.team, query=workspace.names[i][0][:-1], cache=new_cache())  # a typo


def _contacts_by_name(loaded, session):
    workspace, i, _, _ = _busiest(loaded)
    person = workspace.people[int(workspace.contact_first[i])]
    _named(session, workspace.team, _BY_FULL_NAME, [person.lower()])
    _named(session, workspace.team, _BY_FIRST_NAME, [person.split()[0].lower()])


def _touches(loaded, session):
    workspace, _, account_id, _ = _busiest(loaded)
    load_account(session, account=get_account(session, team_id=workspace.team, account_id=account_id), today=NOW.date())


def _relationships(loaded, session):
    workspace, _, account_id, _ = _busiest(loaded)
    people, relationships = account_relationships(session, team_id=workspace.team, account_id=account_id,
                                                  today=NOW.date())
    relationships.load(sorted(relationships.scores, key=relationships.scores.get)[-3:])  # `who` names three


def _log_and_undo(loaded, session):
    """The totals a logged touch adds and its Undo takes back (one contact: no executemany to skip)."""
    workspace, i, account_id, owner = _busiest(loaded)
    contact = workspace.base["contact"] + int(workspace.contact_first[i])
    touch = create_touchpoint(session, team_id=workspace.team, account_id=account_id, occurred_on=NOW.date(),
                              kind="call", summary="plan", logged_by=owner, contact_ids=[contact],
                              participants=[owner])
    assert delete_touchpoint(session, team_id=workspace.team, touchpoint_id=touch.id)


def _last_touch(loaded, session):
    workspace, _, account_id, _ = _busiest(loaded)
    last_touch_by_account(session, team_id=workspace.team, account_ids=[account_id, account_id + 1])


def _last_touch_all(loaded, session):
    last_touch_by_account(session, team_id=loaded.big.team)


def _owner_views(loaded, session):
    workspace, _, _, owner = _busiest(loaded)
    load_account_states(session, team_id=workspace.team, owner=owner)
    build_home(session, team_id=workspace.team, user_id=owner, today=NOW.date())
    render_digest(session, team_id=workspace.team, today=NOW.date(), scope=f"owner:{owner}")


def _reminder_scan(loaded, session):
    workspace, _, _, owner = _busiest(loaded)
    scan(session, team_id=workspace.team, days={o: NOW.date() for o in workspace.owners})
    scan(session, team_id=workspace.team, days={owner: NOW.date()})


def _scheduler_tick(loaded, session):
    assert "T_BIG" in teams_with_owners(loaded.engine)  # every minute, in every scheduler process
    assert owners_of(session, team_id="T_BIG")


def _delivery_claim(loaded, session):
    key = f"remind:T_BIG:plan:{NOW.date()}"
    first, second = Claims(loaded.engine, worker="a"), Claims(loaded.engine, worker="b")
    claim = first.claim(key, team_id="T_BIG", kind="reminder", now=NOW)
    assert second.claim(key, team_id="T_BIG", kind="reminder", now=NOW) is None
    taken = second.claim(key, team_id="T_BIG", kind="reminder", now=NOW + timedelta(hours=1))  # lease over
    assert claim is not None and taken is not None
    second.sent(taken, NOW + timedelta(hours=1))
    second.open_keys([key], NOW)


def _event_dedupe(loaded, session):
    assert dedupe.claim(loaded.engine, "event:EvPLAN", team_id="T_BIG", now=NOW)
    assert not dedupe.claim(loaded.engine, "event:EvPLAN", team_id="T_BIG", now=NOW)
    dedupe.Dedupe(loaded.engine, lambda: NOW)._prune(NOW - dedupe.KEEP)


@dataclass(frozen=True)
class Hot:
    """What runs a hot query, the indexes its plans must show, and whether it may read a whole workspace."""

    run: Callable
    indexes: tuple[str, ...]
    team_wide: bool = False  # by design: the reminder scan, the name index build, the scheduler's team list
    allowed: tuple[str, ...] = ()  # statements that read the team by design (the 80/20 revenue ranking)


HOT = {
    "account name lookup": Hot(_name_lookup, ("ix_accountname_team_norm",)),
    "account name index build": Hot(_name_index, ("ix_accountname_team_norm",), team_wide=True),
    "contacts by name": Hot(_contacts_by_name, ("ix_contact_team_name", "ix_contact_team_first")),
    "one account's people and touches": Hot(_touches, ("ix_touch_team_account_day",)),
    "who: people, scores and the named people's relationships": Hot(
        _relationships, ("ix_contact_team_account", "relationship_pkey", "sqlite_autoindex_relationship_1")),
    "totals of a logged touch and its Undo": Hot(_log_and_undo, ("ix_tpcontact_contact_day", "ix_tpcontact_contact")),
    "last touch of some accounts": Hot(_last_touch, ("ix_touch_team_account_day",)),
    "last touch per account": Hot(_last_touch_all, ("ix_touch_team_account_day",), team_wide=True),
    "one owner's accounts (stale, Home, digest)": Hot(_owner_views, ("ix_account_team_owner",),
                                                       allowed=("annual_revenue >",)),
    "reminder scan": Hot(_reminder_scan, ("ix_touch_team_account_day",), team_wide=True),
    "scheduler tick (teams, owners)": Hot(_scheduler_tick, ("ix_account_team_owner",), team_wide=True),
    "deliveries claim": Hot(_delivery_claim, ("delivery_pkey", "sqlite_autoindex_delivery_1")),
    "event dedupe": Hot(_event_dedupe, ("processedevent_pkey", "ix_processedevent_received_at")),
}


def _plans(loaded: Loaded, seen: Statements) -> list[tuple[str, str]]:
    """(statement, its plan as text) for every statement the block ran that reads or changes rows."""
    sqlite = loaded.engine.dialect.name == "sqlite"
    found = []
    with loaded.engine.connect() as conn:
        if not sqlite:
            conn.exec_driver_sql("SET enable_seqscan = off")
        for statement, params, many in seen.seen:
            head = statement.lstrip().split(None, 1)[0].upper()
            if many or head not in ("SELECT", "UPDATE", "DELETE", "INSERT", "WITH"):
                continue
            if head == "INSERT" and (sqlite or "ON CONFLICT" not in statement):
                continue  # a plain INSERT reads nothing; SQLite does not explain how an upsert finds its conflict
            rows = conn.exec_driver_sql(("EXPLAIN QUERY PLAN " if sqlite else "EXPLAIN ") + statement, params).all()
            found.append((statement, "\n".join(str(r[-1]) for r in rows)))
        conn.rollback()
    return found


def _full_scans(plan: str, sqlite: bool) -> list[str]:
    """Plan lines that read a growing table without an index."""
    bad = []
    for line in plan.splitlines():
        words = line.replace("(", " ").split()
        if sqlite and "SCAN" in words and "INDEX" not in words:
            table = words[words.index("SCAN") + 1]
            bad += [line] if table in GROWING else []
        if not sqlite and "Seq Scan on" in line and line.split("Seq Scan on", 1)[1].split()[0] in GROWING:
            bad.append(line)
    return bad


def _team_walks(plan: str, sqlite: bool) -> list[str]:
    """SQLite plan lines that read every row of a workspace: an index walked whole, or searched on team_id alone.

    Only SQLite: without statistics its plans do not depend on how much data there is, so this small
    database shows the plan a big one gets. PostgreSQL plans by row counts; the check above is its part.
    """
    if not sqlite:
        return []
    return [line for line in plan.splitlines() if any(f" {t} " in f" {line} " for t in GROWING) and (
        line.startswith("SCAN") or re.search(r"\(team_id=\?(?: AND owner>\?)?\)$", line))]


@pytest.mark.parametrize("name", list(HOT))
def test_hot_query_uses_an_index(loaded: Loaded, name: str):
    hot = HOT[name]
    sqlite = loaded.engine.dialect.name == "sqlite"
    with Statements(loaded.engine) as seen:
        with session_scope(loaded.engine) as session:
            hot.run(loaded, session)
    plans = _plans(loaded, seen)
    assert plans, f"{name}: no statement was explained"
    for statement, plan in plans:
        assert not _full_scans(plan, sqlite), f"{name}: full scan\n{statement}\n{plan}"
        if not hot.team_wide and not any(part in statement for part in hot.allowed):
            assert not _team_walks(plan, sqlite), f"{name}: reads the whole workspace\n{statement}\n{plan}"
    assert any(ix in plan for _, plan in plans for ix in hot.indexes), (
        f"{name}: none of {hot.indexes} used:\n" + "\n\n".join(f"{s}\n{p}" for s, p in plans))


def test_claims_conflict_on_a_primary_key(loaded: Loaded):
    """The claim INSERTs (deliveries, Slack events) rely on a unique key: check it exists where they insert."""
    inspector = inspect(loaded.engine)
    assert inspector.get_pk_constraint("delivery")["constrained_columns"] == ["key"]
    assert inspector.get_pk_constraint("processedevent")["constrained_columns"] == ["key"]
