"""Read the CRM into kambot: users, accounts, contacts, reports-to, buying roles and renewals, page by page."""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Callable, Iterator

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.crm.port import LIMIT_PAUSE, CrmClient, CrmError, CrmLimitReached
from kambot.importexport.owners import DirectoryError, UserDirectory
from kambot.storage.bulk import roomy_cache
from kambot.storage.crm_accounts import SyncCounts, set_renewals, upsert_accounts
from kambot.storage.crm_connections import cursors, get_connection, owners, record_status, save_users, \
    set_cursor, stored_users
from kambot.storage.crm_contacts import resolve_managers, set_roles, upsert_contacts

log = logging.getLogger(__name__)
BULK_FROM = 10_000  # records: a first load this large goes through Bulk API 2.0
Progress = Callable[[str, int, int], None]  # (object, done, total)


@dataclass
class SyncReport:
    """What one sync read and wrote, per object, and what stopped it."""

    counts: dict[str, SyncCounts] = field(default_factory=dict)
    unmatched_users: list[str] = field(default_factory=list)
    error: str | None = None
    dry_run: bool = False

    def summary(self) -> dict:
        """Counts as plain data, for the stored status."""
        return {name: c.as_dict() for name, c in self.counts.items()}


class CrmSync:
    """One team's sync from its CRM (Salesforce is the record for what it holds; kambot-only data stays)."""

    def __init__(self, engine: Engine, client: CrmClient, *, directory: UserDirectory | None = None,
                 progress: Progress | None = None):
        self.engine, self.client, self.directory = engine, client, directory
        self.progress = progress or (lambda *_: None)

    def run(self, team_id: str, now: datetime, *, full: bool = False, dry_run: bool = False) -> SyncReport:
        """Sync what changed since the last run (everything with `full`); `dry_run` writes nothing."""
        report = SyncReport(dry_run=dry_run)
        with Session(self.engine, expire_on_commit=False) as session:
            connection = get_connection(session, team_id=team_id)
            if connection is None:
                report.error = "not connected: run `python bot.py salesforce connect` first"
                return report
            if connection.paused_until and connection.paused_until.replace(tzinfo=now.tzinfo) > now:
                report.error = f"paused until {connection.paused_until:%H:%M} UTC: the org's API limit is used up"
                return report
            marks = {} if full else cursors(connection)
            paused: dict = {}
            try:
                self._run(session, team_id, now, marks, report, commit=not dry_run)
            except CrmError as exc:
                session.rollback()  # the page in hand is dropped; the cursors say where to go on next time
                report.error = str(exc)
                if isinstance(exc, CrmLimitReached):
                    paused["paused_until"] = exc.until or now + LIMIT_PAUSE
                log.warning("CRM sync of %s stopped: %s", team_id, exc)
            if dry_run:
                session.rollback()
            done = {} if report.error or dry_run else {"last_sync_at": now, "counts": report.summary()}
            record_status(session, team_id=team_id, usage=self.client.usage(), last_error=report.error,
                          **done, **paused)
            session.commit()
        return report

    def _run(self, session: Session, team_id: str, now: datetime, marks: dict, report: SyncReport, *,
             commit: bool) -> None:
        self._users(session, team_id, report)
        who = owners(session, team_id=team_id)
        conn = session.connection
        for name, pages, write in (
            ("Account", self.client.accounts, upsert_accounts),
            ("Contact", self.client.contacts, upsert_contacts),
        ):
            since = marks.get(name)
            total = self.client.count(name, since)
            counts = report.counts.setdefault(name, SyncCounts())
            last, done = since, 0
            for page in pages(since, bulk=since is None and total >= BULK_FROM):
                with roomy_cache(conn()):
                    write(conn(), team_id=team_id, **{name.lower() + "s": page}, owners=who, now=now, counts=counts)
                done += len(page)
                last = max([last or "", *(r.modstamp for r in page)]) or last
                self.progress(name, done, total)
                if commit:
                    session.commit()
            if name == "Contact":
                with roomy_cache(conn()):
                    counts.notes.append(f"{resolve_managers(conn(), team_id=team_id)} reports-to changed")
            if last and commit:
                set_cursor(session, team_id=team_id, name=name, value=last)
                session.commit()
        self._by_changes(session, team_id, "OpportunityContactRole", self.client.role_changes, marks, report, commit,
                         lambda ids: set_roles(conn(), team_id=team_id, checked=ids, roles=self.client.roles_of(ids)))
        self._by_changes(session, team_id, "Renewal", self.client.renewal_changes, marks, report, commit,
                         lambda ids: set_renewals(conn(), team_id=team_id, checked=ids,
                                                  renewals=self.client.renewals(ids, now.date())))

    def _by_changes(self, session: Session, team_id: str, name: str, changes: Callable[[str | None], Iterator],
                    marks: dict, report: SyncReport, commit: bool, apply: Callable[[list[str]], int]) -> None:
        """Recompute a derived field (roles, renewals) for the records whose sources changed since the cursor."""
        counts = report.counts.setdefault(name, SyncCounts())
        for ids, last in changes(marks.get(name)):
            counts.updated += apply(ids)
            if commit:
                set_cursor(session, team_id=team_id, name=name, value=last)
                session.commit()

    def _users(self, session: Session, team_id: str, report: SyncReport) -> None:
        """The org's users, each matched to a Slack user by email (asked only for new or changed emails)."""
        users = self.client.users()
        known = {u.crm_id: u for u in stored_users(session, team_id=team_id)}
        slack_ids: dict[str, str | None] = {}
        for user in users:
            before = known.get(user.crm_id)
            if before is not None and before.email == user.email and before.slack_user_id:
                continue
            if user.email and self.directory is not None:
                try:
                    slack_ids[user.crm_id] = self.directory.user_by_email(user.email)
                except DirectoryError as exc:
                    report.error = f"Slack could not be asked who {user.email} is: {exc}"
                    break
        save_users(session, team_id=team_id, users=users, slack_ids=slack_ids)
        matched = {**{u.crm_id: u.slack_user_id for u in known.values()}, **slack_ids}
        report.unmatched_users = sorted(u.name or u.email or u.crm_id for u in users
                                        if u.active and not matched.get(u.crm_id))
        report.counts["User"] = SyncCounts(new=len(set(u.crm_id for u in users) - set(known)),
                                           unchanged=len(known))

