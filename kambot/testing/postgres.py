"""A throwaway PostgreSQL server for tests: reuse KAMBOT_TEST_POSTGRES_URL, or start one from initdb."""
from __future__ import annotations

import atexit
import os
import shutil
import socket
import subprocess
import tempfile
import time

import sqlalchemy as sa


class PostgresUnavailable(RuntimeError):
    """No PostgreSQL binaries on this machine."""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _as_postgres_user(args: list[str]) -> list[str]:
    """initdb refuses to run as root: run server commands as the `postgres` system user then."""
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *args]
    return args


def start_server() -> tuple[str, callable]:
    """Start a private server on 127.0.0.1; returns its admin URL and a stop function."""
    if not shutil.which("initdb") or not shutil.which("pg_ctl"):
        raise PostgresUnavailable("initdb/pg_ctl not found")
    root = tempfile.mkdtemp(prefix="kambot-pg-")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
    data, port = os.path.join(root, "data"), _free_port()
    subprocess.run(_as_postgres_user(["initdb", "-D", data, "-A", "trust", "-U", "postgres"]),
                   check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=200"
    subprocess.run(_as_postgres_user(["pg_ctl", "-D", data, "-l", os.path.join(root, "log"), "-o", options, "-w", "start"]),
                   check=True, capture_output=True)

    def stop() -> None:
        subprocess.run(_as_postgres_user(["pg_ctl", "-D", data, "-m", "immediate", "stop"]), capture_output=True)
        shutil.rmtree(root, ignore_errors=True)

    atexit.register(stop)
    return f"postgresql+psycopg://postgres@127.0.0.1:{port}/postgres", stop


def admin_url() -> str:
    """The server URL to create test databases on (started on first use)."""
    url = os.environ.get("KAMBOT_TEST_POSTGRES_URL")
    if url:
        return url
    global _started
    if _started is None:
        _started = start_server()
    return _started[0]


_started = None


def create_database(name: str, *, template: str | None = None) -> str:
    """Create a database (optionally copied from a template) and return its URL."""
    base = admin_url()
    engine = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        clause = f' TEMPLATE "{template}"' if template else ""
        for attempt in range(20):  # a template still in use by a closing connection: wait a moment
            try:
                conn.execute(sa.text(f'CREATE DATABASE "{name}"{clause}'))
                break
            except sa.exc.OperationalError:
                if attempt == 19:
                    raise
                time.sleep(0.1)
    engine.dispose()
    return base.rsplit("/", 1)[0] + f"/{name}"


def drop_database(name: str) -> None:
    """Drop a test database, closing whatever still uses it."""
    engine = sa.create_engine(admin_url(), isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()
