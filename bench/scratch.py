"""A migrated database for one benchmark run: the URL given, a throwaway PostgreSQL database, or a temp SQLite file."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from sqlalchemy.engine import Engine

from kambot.storage.db import make_engine, migrate


@contextmanager
def scratch_engine(database_url: str | None, *, temp_postgres: bool = False) -> Iterator[Engine]:
    """An engine on a migrated database, disposed (and the throwaway database removed) afterwards."""
    folder = temp_db = None
    url = database_url
    if temp_postgres:
        from kambot.testing import postgres

        temp_db = f"kambot_bench_{os.getpid()}"
        url = postgres.create_database(temp_db)
    if url is None:
        folder = Path(tempfile.mkdtemp(prefix="kambot-bench-"))
        url = f"sqlite:///{folder / 'bench.db'}"
    engine = make_engine(url)
    try:
        migrate(engine)
        yield engine
    finally:
        engine.dispose()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)
        if temp_db is not None:
            postgres.drop_database(temp_db)
