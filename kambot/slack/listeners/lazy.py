"""Bolt's lazy-listener pattern: a tiny ack on the request thread, the real work on the pool after the response."""
from __future__ import annotations

import functools
import logging
from typing import Callable

from slack_bolt import Ack

log = logging.getLogger(__name__)


def ack_now(ack: Ack) -> None:
    """Acknowledge with an empty 200 at once (no polling, no waiting for the pool)."""
    ack()


def no_ack() -> None:
    """Events are acknowledged by Bolt itself."""


def logged(work: Callable[..., None]) -> Callable[..., None]:
    """Log a lazy listener's failure with its traceback (Bolt's own wrapper logs only the message)."""

    @functools.wraps(work)
    def run(*args, **kwargs) -> None:
        try:
            work(*args, **kwargs)
        except Exception:  # noqa: BLE001 - the ack is long gone; logging is all that is left to do
            log.exception("Slack listener %s failed", work.__name__)

    return run
