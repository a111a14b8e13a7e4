"""Misbehaviour a test scripts: failures and limit refusals in order, slow answers, a crash after the n-th call."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from kambot.testing.fake_salesforce.errors import ApiError

LIMIT = ApiError(403, "REQUEST_LIMIT_EXCEEDED", "TotalRequests Limit exceeded.")
SERVER_ERRORS = {
    500: ("UNKNOWN_EXCEPTION", "An unexpected error occurred. Please include this ErrorId if you contact support: "
                               "1965773574-30431 (-1228434316)"),
    503: ("SERVER_UNAVAILABLE", "Server temporarily unavailable"),
}


@dataclass
class Crash:
    """die_after's hook: after `remaining` more REST requests, callback runs before the answer goes out."""

    remaining: int
    callback: Callable[[], object]


class Faults:
    """The scripts, consumed one REST request at a time."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._refusals: deque[ApiError] = deque()  # fail_next and limit_exceeded, in the order scripted
        self._delays: deque[float] = deque()
        self._crash: Crash | None = None

    def fail(self, n: int, status: int) -> None:
        """The next n answers are status (500, 503 or any other) with Salesforce's body for it."""
        code, message = SERVER_ERRORS.get(status, ("UNKNOWN_EXCEPTION", f"HTTP {status}"))
        with self._lock:
            self._refusals.extend(ApiError(status, code, message) for _ in range(n))

    def limit(self, n: int) -> None:
        """The next n answers are 403 REQUEST_LIMIT_EXCEEDED."""
        with self._lock:
            self._refusals.extend(LIMIT for _ in range(n))

    def slow(self, seconds: float, n: int) -> None:
        """The next n answers wait `seconds` first."""
        with self._lock:
            self._delays.extend(seconds for _ in range(n))

    def crash_after(self, n: int, callback: Callable[[], object]) -> None:
        """Run callback when the n-th REST request from now has been processed, before its answer."""
        with self._lock:
            self._crash = Crash(n, callback)

    def delay(self) -> float:
        """Seconds to wait before this request (0 if none scripted)."""
        with self._lock:
            return self._delays.popleft() if self._delays else 0.0

    def refusal(self) -> ApiError | None:
        """The scripted refusal for this request, if any."""
        with self._lock:
            return self._refusals.popleft() if self._refusals else None

    def crash_due(self) -> Callable[[], object] | None:
        """The callback, when this request is the n-th."""
        with self._lock:
            if self._crash is None:
                return None
            self._crash.remaining -= 1
            if self._crash.remaining > 0:
                return None
            callback, self._crash = self._crash.callback, None
            return callback
