"""The demo workspace: data/demo loaded through the importer, dates moved so the newest touch was yesterday."""
from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import delete, inspect, update
from sqlalchemy.engine import Engine
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, SQLModel

from kambot.config import DATA_DIR
from kambot.importexport.importer import import_into
from kambot.storage.accounts import count_accounts
from kambot.storage.db import session_scope
from kambot.storage.models import Contact

DEMO_DIR = DATA_DIR / "demo"
KINDS = ("accounts", "contacts", "touchpoints")  # in this order: each refers to the one before
_DATE_COLUMNS = {"accounts": ("renewal_date",), "touchpoints": ("occurred_on", "next_step_due")}
# A reset keeps Slack-side records: deliveries and events really happened, profiles are a cache of
# users.info, and watched channels are a setting, not demo data.
_KEEP = frozenset({"team", "userprofile", "processedevent", "delivery", "watchedchannel"})


class DemoDataError(RuntimeError):
    """data/demo does not import cleanly (a bug in the sample files)."""


def demo_shift(today: date, directory: Path = DEMO_DIR) -> timedelta:
    """How far to move the demo's dates so that its newest touchpoint falls on the day before `today`."""
    with open(directory / "touchpoints.csv", encoding="utf-8-sig", newline="") as handle:
        newest = max(date.fromisoformat(row["occurred_on"].strip()) for row in csv.DictReader(handle))
    return (today - timedelta(days=1)) - newest


def shift_dates(text: str, columns: tuple[str, ...], shift: timedelta) -> str:
    """The same CSV with ISO dates in `columns` moved by `shift` (empty cells stay empty)."""
    rows = list(csv.reader(io.StringIO(text, newline="")))
    indexes = [rows[0].index(c) for c in columns if c in rows[0]] if rows else []
    for row in rows[1:]:
        for i in indexes:
            if i < len(row) and row[i].strip():
                row[i] = (date.fromisoformat(row[i].strip()) + shift).isoformat()
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def load_demo(session: Session, *, team: str, today: date, directory: Path = DEMO_DIR) -> dict[str, int]:
    """Import the demo files into `team` in the session's transaction; rows imported per kind."""
    shift = demo_shift(today, directory)
    counts = {}
    for kind in KINDS:
        text = shift_dates((directory / f"{kind}.csv").read_text(encoding="utf-8-sig"),
                           _DATE_COLUMNS.get(kind, ()), shift)
        result = import_into(session, kind, text, team=team)
        if result.problems:
            raise DemoDataError(f"{directory / kind}.csv: " + "; ".join(map(str, result.problems[:5])))
        counts[kind] = result.imported
    return counts


def clear_team(session: Session, *, team: str) -> None:
    """Delete the team's rows from every table except the Slack-side ones, children first."""
    # Meant for demo-sized teams: with foreign keys on, each deleted contact or account makes the
    # database look for rows referring to it, and contact.reports_to_id (among others) has no index.
    conn = session.connection()
    existing = set(inspect(conn).get_table_names())
    contact = Contact.__table__
    conn.execute(update(contact).where(contact.c.team_id == team).values(reports_to_id=None))  # org chart links
    for table in reversed(SQLModel.metadata.sorted_tables):
        if table.name in existing and table.name not in _KEEP and "team_id" in table.c:
            conn.execute(delete(table).where(table.c.team_id == team))


def ensure_demo(engine: Engine, *, team: str, today: date) -> None:
    """Load the demo into `team` unless it already has accounts."""
    try:
        with session_scope(engine) as session:
            if not count_accounts(session, team_id=team):
                load_demo(session, team=team, today=today)
    except IntegrityError:
        # Another process loaded it at the same moment (unique account names): its copy stands.
        with session_scope(engine) as session:
            if not count_accounts(session, team_id=team):
                raise


def reset_demo(engine: Engine, *, team: str, today: date) -> dict[str, int]:
    """Delete everything the team has and load the demo again, in one transaction; rows per kind."""
    with session_scope(engine) as session:
        clear_team(session, team=team)
        return load_demo(session, team=team, today=today)
