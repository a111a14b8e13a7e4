"""The fake org's "now": real time by default, or set by the test, and never handing out the same stamp twice."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta, timezone

from kambot.testing.fake_salesforce.values import format_datetime

MS = timedelta(milliseconds=1)


class Clock:
    """Source of SystemModstamp values: strictly increasing at millisecond steps (or whole seconds, ties allowed)."""

    def __init__(self) -> None:
        self._frozen: datetime | None = None
        self._offset = timedelta()
        self._last: datetime | None = None
        self._lock = threading.Lock()
        # Real Salesforce stamps whole seconds, so two writes in one second tie; tests of that set this.
        self.whole_seconds = False

    def now(self) -> datetime:
        """The org's current time (UTC, aware)."""
        base = self._frozen if self._frozen is not None else datetime.now(timezone.utc)
        return base + self._offset

    def set(self, moment: datetime) -> None:
        """Freeze the clock at moment; tick() moves it from there."""
        with self._lock:
            self._frozen = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
            self._offset = timedelta()
            self._last = None

    def tick(self, seconds: float = 1) -> None:
        """Move the clock forward."""
        with self._lock:
            self._offset += timedelta(seconds=seconds)

    def stamp(self) -> str:
        """The next SystemModstamp, canonical text."""
        with self._lock:
            moment = self.now()
            if self.whole_seconds:
                moment = moment.replace(microsecond=0)
                if self._last is not None and moment < self._last:
                    moment = self._last
            else:
                moment = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
                if self._last is not None and moment <= self._last:
                    moment = self._last + MS
            self._last = moment
            return format_datetime(moment)
