"""Scale tests share one loaded database per backend: two workspaces from bench/workspace.py, small and ten times bigger."""
from __future__ import annotations

import shutil
import uuid
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text

from bench.bulk import load
from bench.workspace import Plan, plan
from kambot.core.context import Context
from kambot.storage.db import make_engine
from tests.conftest import BACKENDS, FROZEN_NOW
from kambot.testing import postgres


@dataclass
class Loaded:
    """An engine on a database holding the `small` and `big` workspaces (each its own team)."""

    engine: object
    small: Plan
    big: Plan

    def busiest(self, which: str) -> tuple[Plan, int]:
        """The workspace and index of its account with the most touches."""
        workspace = getattr(self, which)
        return workspace, int(workspace.touch_count.argmax())

    def ctx(self, workspace: Plan, user: str) -> Context:
        """A request context in the workspace, at the frozen instant."""
        return Context(team_id=workspace.team, user_id=user, now=FROZEN_NOW, tz=ZoneInfo("UTC"), channel_id="C1")


def open_database(request, tmp_path_factory, name: str) -> tuple[str, callable]:
    """A fresh migrated database of the requested backend, and how to drop it."""
    if request.param == "sqlite":
        path = tmp_path_factory.mktemp("scale") / f"{name}.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        return f"sqlite:///{path}", lambda: None
    template = request.getfixturevalue("postgres_template")
    db = f"kambot_{name}_{uuid.uuid4().hex[:8]}"
    return postgres.create_database(db, template=template), lambda: postgres.drop_database(db)


@pytest.fixture(scope="module", params=BACKENDS)
def loaded(request, tmp_path_factory):
    """5 accounts / 10 people / 25 touches next to 50 / 250 / 2,500, planned as production would."""
    url, drop = open_database(request, tmp_path_factory, "scale")
    engine = make_engine(url)
    today = FROZEN_NOW.date()
    small = plan(5, 10, 25, seed=3, team="T_SMALL", today=today)
    big = plan(50, 250, 2_500, seed=4, team="T_BIG", today=today)
    for workspace in (small, big):
        load(engine, workspace, fast=False)
    if engine.dialect.name == "postgresql":  # what autovacuum keeps up; SQLite in production has no statistics
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.execute(text("VACUUM ANALYZE"))
    yield Loaded(engine, small, big)
    engine.dispose()
    drop()


class Statements:
    """SQL statements an engine runs while the block runs (executemany counts once)."""

    def __init__(self, engine):
        self.engine, self.seen = engine, []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        self.seen.append((statement, parameters, executemany))

    def __enter__(self) -> "Statements":
        event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        event.remove(self.engine, "before_cursor_execute", self._record)

    @property
    def sql(self) -> list[str]:
        """The statements' text, in order."""
        return [s for s, _, _ in self.seen]
