"""Where each benchmark database lives: a temporary SQLite file, or a new database on a PostgreSQL server."""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import Engine

from bench import cpu


class Databases:
    """Creates and drops one database per (kind, size); starts a private PostgreSQL when none is given."""

    def __init__(self, postgres_url: str | None = None):
        self.folder = Path(tempfile.mkdtemp(prefix="kambot-bench-"))
        self._given = postgres_url or os.environ.get("KAMBOT_TEST_POSTGRES_URL")
        self._versions: dict[str, str] = {"sqlite": sqlite3.sqlite_version}
        self._started = False

    def _postgres(self):
        from kambot.testing import postgres  # starts a throwaway server on 127.0.0.1 on first use

        if self._given:
            os.environ["KAMBOT_TEST_POSTGRES_URL"] = self._given
        else:
            self._started = True
        return postgres

    def create(self, kind: str, size: str) -> str:
        """A new, empty database URL for this run."""
        if kind == "sqlite":
            path = self.folder / f"bench_{size}.db"
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            return f"sqlite:///{path}"
        return self._postgres().create_database(f"kambot_bench_{size.lower()}_{os.getpid()}")

    def drop(self, kind: str, size: str) -> None:
        """Remove the run's database (a shared server keeps no benchmark data behind)."""
        if kind == "sqlite":
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.folder / f'bench_{size}.db'}{suffix}").unlink(missing_ok=True)
        else:
            self._postgres().drop_database(f"kambot_bench_{size.lower()}_{os.getpid()}")

    def watch_cpu(self, engine: Engine) -> None:
        """Count a private server's CPU with ours (a shared one also works for others: leave it out)."""
        if engine.dialect.name != "postgresql":
            cpu.forget_postgres()
            return
        with engine.connect() as conn:
            self._versions["postgres"] = conn.execute(text("SHOW server_version")).scalar().split()[0]
            pid = conn.execute(text("SELECT pg_backend_pid()")).scalar()
        if self._started:
            cpu.watch_postgres(pid)

    def version(self, kind: str) -> str | None:
        """The server's version string, once a database of that kind was used."""
        return self._versions.get("sqlite" if kind == "sqlite" else "postgres")

    def close(self) -> None:
        """Remove the temporary folder (a private server stops at exit)."""
        cpu.forget_postgres()
        shutil.rmtree(self.folder, ignore_errors=True)
