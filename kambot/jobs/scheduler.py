"""The scheduler: every minute, deliver the reminders and digests that are due (each exactly once, via claims)."""
from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy.engine import Engine

from kambot.jobs.crm_schedule import CrmSchedule
from kambot.jobs.deliveries import LEASE, MAX_ATTEMPTS, Claims
from kambot.jobs.digests import DigestJob, DigestOutcome
from kambot.jobs.reminders import Outcome, ReminderJob, teams_with_owners
from kambot.jobs.safe import attempt
from kambot.jobs.messenger import Messenger

log = logging.getLogger(__name__)


@dataclass
class TickReport:
    """What one tick did."""

    reminders: list[Outcome] = field(default_factory=list)
    digests: list[DigestOutcome] = field(default_factory=list)

    def count(self, status: str) -> int:
        """How many deliveries ended with this status."""
        return sum(1 for o in [*self.reminders, *self.digests] if o.status == status)


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def seconds_to_next_minute(now: datetime) -> float:
    """Time left until the next whole minute (at least a little, so a tick never runs twice in one)."""
    return max(60 - (now.timestamp() % 60), 0.05)


class Scheduler:
    """Ticks on a given instant: safe to run in several processes on one database at the same time."""

    def __init__(self, engine: Engine, messenger: Messenger, *, default_tz: str = "UTC", worker: str | None = None,
                 lease: timedelta = LEASE, max_attempts: int = MAX_ATTEMPTS,
                 crm: Callable[[Claims], CrmSchedule] | None = None):
        self.claims = Claims(engine, worker=worker, lease=lease, max_attempts=max_attempts)
        self.crm = crm(self.claims) if crm else None
        self.reminders = ReminderJob(engine, messenger, self.claims, default_tz=default_tz)
        self.digests = DigestJob(engine, messenger, self.claims)
        self.engine = engine
        self.stop = threading.Event()

    def tick(self, now: datetime) -> TickReport:
        """Deliver what is due at `now` (an aware instant); failures are logged and retried on later ticks."""
        report = TickReport()
        for team_id in attempt("listing teams", teams_with_owners, self.engine) or []:
            if self.stop.is_set():
                return report  # stopping: what is not claimed yet simply goes out after the restart
            report.reminders += attempt(f"reminders of {team_id}", self.reminders.run, team_id, now) or []
        if not self.stop.is_set():
            report.digests += attempt("digests", self.digests.run, now) or []
        if self.crm is not None and not self.stop.is_set():
            attempt("CRM sync and push", self.crm.tick, now)
        if report.reminders or report.digests:
            log.info("tick %s: %d sent, %d to retry, %d failed", now.isoformat(timespec="minutes"),
                     report.count("sent"), report.count("retry"), report.count("failed"))
        return report

    def run_forever(self, clock: Callable[[], datetime] = _utcnow, *, handle_signals: bool = True) -> int:
        """Tick now and then at every whole minute until SIGTERM/SIGINT (or `self.stop`) ends the loop."""
        if handle_signals and threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGTERM, signal.SIGINT):
                signal.signal(signum, self._on_signal)
        log.info("scheduler %s started", self.claims.worker)
        while not self.stop.is_set():
            self.tick(clock())
            self.stop.wait(seconds_to_next_minute(clock()))
        log.info("scheduler %s stopped", self.claims.worker)
        return 0

    def _on_signal(self, signum: int, _frame) -> None:
        log.info("signal %s: finishing the current delivery, then stopping", signum)
        self.stop.set()
