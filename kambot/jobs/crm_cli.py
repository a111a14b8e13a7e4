"""`bot.py salesforce connect | status | sync | push`: one team's Salesforce bridge from the command line."""
from __future__ import annotations

import sys
import time
from datetime import datetime, timedelta
from typing import TextIO

from sqlalchemy.engine import Engine

from zoneinfo import ZoneInfo

from kambot.config import SalesforceSettings
from kambot.core.crm_status import status_facts
from kambot.core.i18n import render
from kambot.crm.port import CrmError
from kambot.importexport.owners import UserDirectory
from kambot.jobs.crm_clients import client_for, credentials_from
from kambot.jobs.crm_push import CrmPush
from kambot.jobs.crm_sync import CrmSync
from kambot.storage.crm_connections import get_connection, save_connection
from kambot.storage.db import session_scope


class ProgressBar:
    """'Contact ████████░░ 80% 800,000/1,000,000 (41,000/s)' on stderr, redrawn in place on a terminal."""

    def __init__(self, stream: TextIO):
        self.stream, self.tty, self.start, self.shown = stream, stream.isatty(), time.perf_counter(), 0.0

    def __call__(self, name: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if not self.tty and now - self.shown < 2 and done < total:
            return  # in a log, a line every 2 seconds is enough
        self.shown = now
        share = done / total if total else 1.0
        bar = "█" * int(share * 20) + "░" * (20 - int(share * 20))
        rate = done / max(now - self.start, 1e-9)
        end = "\r" if self.tty and done < total else "\n"
        print(f"{name:<8} {bar} {share:4.0%} {done:,}/{total:,} ({rate:,.0f}/s)", end=end, file=self.stream, flush=True)


def run(action: str, settings: SalesforceSettings, engine: Engine, *, team: str, now: datetime, full: bool = False,
        dry_run: bool = False, directory: UserDirectory | None = None, out: TextIO = sys.stdout) -> int:
    """Run one action; the exit status is non-zero when Salesforce or the setup said no."""
    if action == "connect":
        return _connect(settings, engine, team=team, out=out)
    with session_scope(engine) as session:
        connection = get_connection(session, team_id=team)
    if connection is None:
        print(f"{team} is not connected to Salesforce: run `python bot.py salesforce connect --team {team}` "
              "(README, 'Connect to Salesforce').", file=sys.stderr)
        return 2
    if action == "status":
        with session_scope(engine) as session:
            facts = status_facts(session, team_id=team, now=now) or {}
        print(render("salesforce_status", "en", tz=ZoneInfo("UTC"), **facts).strip(), file=out)
        return 0
    client = client_for(connection, settings)
    if action == "sync":
        report = CrmSync(engine, client, directory=directory, progress=ProgressBar(sys.stderr)).run(
            team, now, full=full, dry_run=dry_run)
        for name, counts in report.counts.items():
            print(f"{name}: {counts.new} new, {counts.updated} updated, {counts.unchanged} unchanged"
                  + (f", {counts.skipped} skipped" if counts.skipped else "")
                  + "".join(f"; {n}" for n in counts.notes), file=out)
        if report.unmatched_users:
            print(f"Salesforce users with no Slack user of the same email ({len(report.unmatched_users)}): "
                  + ", ".join(report.unmatched_users[:20]), file=out)
        if dry_run:
            print("dry run: nothing was saved", file=out)
        if report.error:
            print(f"sync stopped: {report.error}", file=sys.stderr)
            return 1
        return 0
    if action == "push":
        pushed = CrmPush(engine, client, meetings_as=settings.meetings_as,
                         lease=timedelta(seconds=settings.push_lease_seconds)).run(team, now)
        print(f"sent {pushed.sent}, deleted {pushed.deleted}, refused {pushed.refused}, waiting {pushed.retry}",
              file=out)
        for error in pushed.errors:
            print(f"push stopped: {error}", file=sys.stderr)
        return 1 if pushed.errors else 0
    print(f"unknown salesforce action {action!r}", file=sys.stderr)
    return 2


def _connect(settings: SalesforceSettings, engine: Engine, *, team: str, out: TextIO) -> int:
    """Store the team's connection from the settings and prove it by logging in and reading the users."""
    if not settings.configured:
        print("Set SALESFORCE_CLIENT_ID with SALESFORCE_CLIENT_SECRET (client credentials flow), or with "
              "SALESFORCE_USERNAME and SALESFORCE_PRIVATE_KEY_FILE (JWT bearer flow). README, 'Connect to "
              "Salesforce'.", file=sys.stderr)
        return 2
    creds = credentials_from(settings)
    with session_scope(engine) as session:
        row = save_connection(session, team_id=team, login_url=creds.login_url, client_id=creds.client_id,
                              client_secret=creds.client_secret, username=creds.username,
                              private_key_file=creds.private_key_file, push_contacts=settings.push_contacts,
                              last_error=None, paused_until=None)
        client = client_for(row, settings)
        try:
            users = client.users()
        except CrmError as exc:
            session.rollback()
            print(f"Salesforce connection failed: {exc}", file=sys.stderr)
            return 1
    usage = client.usage()
    print(f"{team} connected to Salesforce at {creds.login_url} ({creds.flow}): {len(users)} users"
          + (f", API requests used today {usage[0]:,} of {usage[1]:,}" if usage else "")
          + f". Next: python bot.py salesforce sync --team {team}", file=out)
    return 0
