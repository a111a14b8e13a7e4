"""No N+1: every command and job runs as many SQL statements on a 10x bigger workspace as on a small one."""
from __future__ import annotations

from typing import Callable

import pytest

from kambot.core.dispatch import Core
from kambot.core.home import build_home
from kambot.jobs.reminders import reminder_reply, scan
from kambot.storage.db import session_scope
from tests.scale.conftest import Loaded, Statements


def _command(line: Callable[[object, int], str], kind: str, *, owner_asks: bool = True):
    """A `/kam` command about the workspace's busiest account, asked by its owner."""

    def run(loaded: Loaded, which: str, core: Core) -> None:
        workspace, i = loaded.busiest(which)
        reply = core.slash(loaded.ctx(workspace, workspace.owners[int(workspace.owner_of[i])]), line(workspace, i))
        assert reply.kind == kind, reply.text[:300]

    return run


def _name(workspace, i) -> str:
    return workspace.names[i][0]


def _person(workspace, i) -> str:
    return workspace.people[int(workspace.contact_first[i])]


def _home(loaded: Loaded, which: str, core: Core) -> None:
    workspace, i = loaded.busiest(which)
    with session_scope(loaded.engine) as session:
        data = build_home(session, team_id=workspace.team, user_id=workspace.owners[int(workspace.owner_of[i])],
                          today=loaded.ctx(workspace, "U").today)
    assert data.total > 0


def _days(loaded: Loaded, workspace) -> dict:
    return {owner: loaded.ctx(workspace, owner).today for owner in workspace.owners}


def _scan(loaded: Loaded, which: str, core: Core) -> None:
    workspace = getattr(loaded, which)
    with session_scope(loaded.engine) as session:
        assert scan(session, team_id=workspace.team, days=_days(loaded, workspace))


def _reminder_message(loaded: Loaded, which: str, core: Core) -> None:
    workspace = getattr(loaded, which)
    with session_scope(loaded.engine) as session:
        due = scan(session, team_id=workspace.team, days=_days(loaded, workspace))
        owner, items = max(due.items(), key=lambda kv: len(kv[1]))
        reminder_reply(session, team_id=workspace.team, owner=owner, items=items, today=_days(loaded, workspace)[owner],
                         lang="en")


CASES = {
    "log": _command(lambda w, i: f"log call with {_person(w, i)} at {_name(w, i)} yesterday, next: proposal by Friday",
                    "logged"),
    "who": _command(lambda w, i: f"who {_name(w, i)}", "who"),
    "account": _command(lambda w, i: f"account {_name(w, i)}", "account_card"),
    "map": _command(lambda w, i: f"map {_name(w, i)}", "map"),
    "stale": _command(lambda w, i: "stale", "stale"),
    "stale all": _command(lambda w, i: "stale all", "stale"),
    "keys": _command(lambda w, i: "keys", "keys"),
    "digest preview": _command(lambda w, i: "digest preview", "digest_preview"),
    "digest preview mine": _command(lambda w, i: "digest preview mine", "digest_preview"),
    "App Home data": _home,
    "reminder scan": _scan,
}


def _count(loaded: Loaded, run, which: str) -> Statements:
    core = Core(loaded.engine)
    run(loaded, which, core)  # warm: the name index and other per-process caches are built once, not per request
    with Statements(loaded.engine) as seen:
        run(loaded, which, core)
    return seen


@pytest.mark.parametrize("name", list(CASES))
def test_statement_count_does_not_grow_with_the_data(loaded: Loaded, name: str):
    small, big = _count(loaded, CASES[name], "small"), _count(loaded, CASES[name], "big")
    assert len(big.sql) <= len(small.sql), (
        f"{name}: {len(small.sql)} statements for 5 accounts, {len(big.sql)} for 50:\n" + "\n".join(big.sql))


def test_the_reminder_message_stays_within_its_bound(loaded: Loaded):
    """The DM names a contact per account shown (four queries each), so it grows, but never past SHOWN accounts."""
    from kambot.jobs.reminders import SHOWN

    small, big = _count(loaded, _reminder_message, "small"), _count(loaded, _reminder_message, "big")
    scan_statements = len(_count(loaded, _scan, "big").sql)
    assert len(big.sql) - scan_statements <= 2 + 4 * SHOWN, "\n".join(big.sql)
    assert len(small.sql) <= len(big.sql)
