"""Shared fixtures: a migrated database on SQLite and PostgreSQL, a frozen clock, the command core."""
from __future__ import annotations

import os
import shutil
import uuid
from datetime import datetime, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kambot.core.context import Context
from kambot.storage.db import make_engine, migrate
from kambot.testing.fake_slack import FakeSlack
from kambot.testing import postgres
from tests.support.postgres_required import require_postgres

# Friday 27 November 2026, 15:00 UTC: the instant every test lives in unless it says otherwise.
FROZEN_NOW = datetime(2026, 11, 27, 15, 0, tzinfo=timezone.utc)
BACKENDS = ("sqlite", "postgres")


@pytest.fixture
def fake():
    """A running fake Slack Web API on 127.0.0.1 that records every call, stopped after the test."""
    with FakeSlack() as fake:
        yield fake


@pytest.fixture
def now() -> datetime:
    """The frozen current instant."""
    return FROZEN_NOW


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory) -> Path:
    """A migrated SQLite file, copied for each test (migrating once keeps the suite fast)."""
    path = tmp_path_factory.mktemp("db") / "template.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(scope="session")
def postgres_template() -> str:
    """A migrated PostgreSQL template database; skipped only where no PostgreSQL exists (never in CI)."""
    require_postgres()
    name = f"kambot_tpl_{os.getpid()}"
    url = postgres.create_database(name)
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    return name


@pytest.fixture(params=BACKENDS)
def db_url(request, tmp_path) -> str:
    """A fresh, migrated database URL, once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        path = tmp_path / "kambot.db"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"kambot_t_{uuid.uuid4().hex[:12]}"
    yield postgres.create_database(name, template=template)
    postgres.drop_database(name)


@pytest.fixture
def engine(db_url):
    """An engine on the fresh database (migrations already applied; applying again is a no-op)."""
    engine = make_engine(db_url)
    migrate(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def core(engine):
    """The command core on the fresh database."""
    from kambot.core.dispatch import Core

    return Core(engine)


@pytest.fixture
def make_ctx(now):
    """Build a request context: team T1, user U_ANA, New York time, English, unless told otherwise."""

    def build(*, team="T1", user="U_ANA", tz="America/New_York", lang="en", channel="C1", at=None, source="command"):
        return Context(team_id=team, user_id=user, now=at or now, tz=ZoneInfo(tz), lang=lang,
                       channel_id=channel, source=source)

    return build


@pytest.fixture
def kam(core, make_ctx):
    """Run one `/kam ...` line (or a DM when it does not start with /kam) and return the Reply."""

    def run(line: str, **ctx_options):
        ctx = make_ctx(**ctx_options)
        if line.startswith("/kam"):
            return core.slash(ctx, line[len("/kam"):].strip())
        return core.message(ctx, line)

    return run
