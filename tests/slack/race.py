"""Two requests at the same instant: start them together, and make both reach a chosen read before either writes."""
from __future__ import annotations

import re
import threading
from contextlib import contextmanager
from typing import Callable, Iterator

from sqlalchemy import event


@contextmanager
def meet_at(engines, pattern: str, *, timeout: float = 1.0) -> Iterator[None]:
    """The first two statements matching `pattern` wait for each other (up to `timeout`).

    Without a claim both clicks read the same state and both write; with one, the second waits on the
    claim, so the first goes on alone after the timeout. That makes the race happen every time, not by luck.
    """
    wanted = re.compile(pattern, re.IGNORECASE)
    barrier = threading.Barrier(2, timeout=timeout)
    seen: list[str] = []
    lock = threading.Lock()

    def before(conn, cursor, statement, parameters, context, executemany):
        if not wanted.search(" ".join(statement.split())):
            return
        with lock:
            if len(seen) >= 2:
                return
            seen.append(statement)
        try:
            barrier.wait()
        except threading.BrokenBarrierError:
            pass  # the other request is waiting on the claim: this one goes first

    engines = engines if isinstance(engines, (list, tuple)) else [engines]
    for engine in engines:
        event.listen(engine, "before_cursor_execute", before)
    try:
        yield
    finally:
        for engine in engines:
            event.remove(engine, "before_cursor_execute", before)


def at_once(*runs: Callable[[], object]) -> list[object]:
    """Run each callable on its own thread, released together; their results in order."""
    start = threading.Barrier(len(runs))
    results: list[object] = [None] * len(runs)
    errors: list[BaseException] = []

    def go(i: int, run: Callable[[], object]) -> None:
        start.wait()
        try:
            results[i] = run()
        except BaseException as exc:  # noqa: BLE001 - re-raised on the test's thread
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(i, r)) for i, r in enumerate(runs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    if errors:
        raise errors[0]
    return results
