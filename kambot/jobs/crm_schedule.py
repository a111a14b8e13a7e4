"""The scheduler's CRM work: push every team's outbox each tick, sync each team every few minutes, once."""
from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy.engine import Engine

from kambot.config import SalesforceSettings
from kambot.importexport.owners import UserDirectory
from kambot.jobs.crm_clients import client_for
from kambot.jobs.crm_notify import tell_refusals
from kambot.jobs.crm_push import CrmPush
from kambot.jobs.crm_sync import CrmSync
from kambot.jobs.deliveries import Claims
from kambot.jobs.messenger import Messenger
from kambot.jobs.safe import attempt
from kambot.storage.crm_connections import connected_teams, get_connection
from kambot.storage.db import session_scope

log = logging.getLogger(__name__)


def sync_key(team_id: str, now: datetime, minutes: int) -> str:
    """One key per team and sync period: whichever process claims it runs that period's sync."""
    slot = int(now.timestamp() // (max(minutes, 1) * 60))
    return f"crm-sync:{team_id}:{slot}"


class CrmSchedule:
    """Runs beside reminders and digests; nothing here is on the path of a Slack reply."""

    def __init__(self, engine: Engine, settings: SalesforceSettings, claims: Claims, messenger: Messenger | None,
                 directory_for: Callable[[str], UserDirectory | None] = lambda _team: None):
        self.engine, self.settings, self.claims, self.messenger = engine, settings, claims, messenger
        self.directory_for = directory_for

    def tick(self, now: datetime) -> None:
        """For each connected team: push what is owed, sync when its period starts, tell loggers of refusals."""
        with session_scope(self.engine) as session:
            teams = connected_teams(session)
        for team_id in teams:
            attempt(f"CRM work of {team_id}", self._team, team_id, now)

    def _team(self, team_id: str, now: datetime) -> None:
        with session_scope(self.engine) as session:
            connection = get_connection(session, team_id=team_id)
        if connection is None:
            return
        client = client_for(connection, self.settings)
        CrmPush(self.engine, client, meetings_as=self.settings.meetings_as, worker=self.claims.worker,
                lease=timedelta(seconds=self.settings.push_lease_seconds)).run(team_id, now)
        key = sync_key(team_id, now, self.settings.sync_minutes)
        claim = self.claims.claim(key, team_id=team_id, kind="crm-sync", now=now)
        if claim is not None:
            report = CrmSync(self.engine, client, directory=self.directory_for(team_id)).run(team_id, now)
            if report.error:
                self.claims.failed(claim, report.error, now)
            else:
                self.claims.sent(claim, now)
        if self.messenger is not None:
            tell_refusals(self.engine, self.messenger, team_id=team_id)
