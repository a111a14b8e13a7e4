"""Alembic environment: runs on the connection kambot hands over, or on sqlalchemy.url."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine
from sqlmodel import SQLModel

import kambot.storage.crm_models  # noqa: F401  (registers the CRM tables too)
import kambot.storage.plan_models  # noqa: F401  (registers the success plan tables)
import kambot.storage.models  # noqa: F401  (registers every table on SQLModel.metadata)

target_metadata = SQLModel.metadata


def _ours(obj, name, type_, reflected, compare_to) -> bool:
    """slack_sdk creates and migrates its own OAuth tables; autogenerate must leave them alone."""
    return not (type_ == "table" and reflected and compare_to is None and name.startswith("slack_"))


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=_ours,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copy
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    engine = create_engine(context.config.get_main_option("sqlalchemy.url"))
    with engine.begin() as conn:
        _run(conn)
