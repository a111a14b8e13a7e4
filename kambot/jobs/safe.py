"""Run one unit of a job so that its failure is logged and the other units still run."""
from __future__ import annotations

import logging
from typing import Any, Callable, TypeVar

log = logging.getLogger("kambot.jobs")
T = TypeVar("T")


def attempt(what: str, work: Callable[..., T], *args: Any, default: T | None = None, **kwargs: Any) -> T | None:
    """Call `work`; on any exception log it with `what` (e.g. "reminder T1/U1") and return `default`."""
    try:
        return work(*args, **kwargs)
    except Exception:  # noqa: BLE001 - one owner's or channel's bug must not stop everybody else's delivery
        log.exception("%s failed; continuing with the others", what)
        return default
