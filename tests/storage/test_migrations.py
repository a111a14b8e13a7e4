"""The schema comes from Alembic migrations, and the migrations match the models."""
from __future__ import annotations

import uuid
from datetime import date, datetime

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, select, text
from sqlmodel import SQLModel

import kambot.storage.models  # noqa: F401
from kambot.domain.running_score import touch_weight
from kambot.storage.db import alembic_config, make_engine, migrate
from kambot.storage.models import Contact, Relationship
from tests.conftest import BACKENDS
from kambot.testing import postgres
from tests.support.postgres_required import require_postgres


def test_migrations_create_every_table(engine):
    tables = set(inspect(engine).get_table_names())
    assert {"account", "contact", "touchpoint", "delivery", "alembic_version"} <= tables


def test_migrations_match_models(engine):
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), SQLModel.metadata)
    # slack_sdk's OAuth tables are created by slack_sdk itself, not by our metadata
    assert [d for d in diff if not str(d).count("slack_")] == []


def test_migrating_twice_is_harmless(engine):
    migrate(engine)
    migrate(engine)
    assert "account" in inspect(engine).get_table_names()


@pytest.fixture(params=BACKENDS)
def empty_url(request, tmp_path):
    """An empty database (no tables at all), once on SQLite and once on PostgreSQL."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'old.db'}"
        return
    require_postgres()
    name = f"kambot_m_{uuid.uuid4().hex[:12]}"
    yield postgres.create_database(name)
    postgres.drop_database(name)


def test_upgrading_a_database_with_touches_counts_them_into_the_totals(empty_url):
    """A workspace created before the running totals (revision 0001) gets them counted on upgrade."""
    engine = make_engine(empty_url)
    command.upgrade(alembic_config(engine), "0001")
    with engine.begin() as conn:  # rows as the 0001 schema stores them, written the way that release did
        conn.execute(text("INSERT INTO team (team_id, name, accounts_version) VALUES ('T1', 'T', 1)"))
        conn.execute(text("INSERT INTO account (id, team_id, name, name_norm, aliases, tier, created_at) "
                          "VALUES (1, 'T1', 'Acme', 'acme', '', 'A', :now)"), {"now": datetime(2026, 1, 1)})
        for cid, name in ((1, "Sarah"), (2, "Tom")):
            conn.execute(text("INSERT INTO contact (id, team_id, account_id, name, name_norm, first_norm, status, "
                              "created_at) VALUES (:id, 'T1', 1, :n, :n, :n, 'active', :now)"),
                         {"id": cid, "n": name, "now": datetime(2026, 1, 1)})
        conn.execute(text("INSERT INTO touchpoint (id, team_id, account_id, occurred_on, kind, summary, logged_by, "
                          "source, created_at) VALUES (1, 'T1', 1, :day, 'call', 's', 'U_ANA', 'command', :now)"),
                     {"day": date(2026, 11, 20), "now": datetime(2026, 11, 20)})
        conn.execute(text("INSERT INTO touchpointcontact (touchpoint_id, contact_id, team_id, account_id, occurred_on,"
                          " kind) VALUES (1, 1, 'T1', 1, :day, 'call')"), {"day": date(2026, 11, 20)})
        conn.execute(text("INSERT INTO touchpointparticipant (touchpoint_id, user_id, team_id) "
                          "VALUES (1, 'U_BEN', 'T1')"))
    migrate(engine)
    with engine.connect() as conn:
        contacts = conn.execute(select(Contact.name, Contact.touch_count, Contact.last_touched_on)
                                .order_by(Contact.id)).all()
        pairs = conn.execute(select(Relationship.user_id, Relationship.touch_count).order_by(Relationship.user_id)).all()
        weight = conn.execute(select(Contact.touch_weight).where(Contact.id == 1)).scalar_one()
    engine.dispose()
    assert [tuple(c) for c in contacts] == [("Sarah", 1, date(2026, 11, 20)), ("Tom", 0, None)]
    assert [tuple(p) for p in pairs] == [("U_ANA", 1), ("U_BEN", 1)]  # the logger and the participant
    assert weight == pytest.approx(touch_weight(date(2026, 11, 20), "call"))
