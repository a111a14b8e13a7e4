"""The schema comes from Alembic migrations, and the migrations match the models."""
from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel

import kambot.storage.models  # noqa: F401
from kambot.storage.db import migrate


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
