"""A listener pool for Bolt that lets a test or a benchmark wait until all work after the ack is done."""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor, wait


class TrackingExecutor(ThreadPoolExecutor):
    """Bolt's listener pool, remembering every task so a test can wait until all work after the ack is done."""

    def __init__(self, prefix: str = "test-slack") -> None:
        super().__init__(max_workers=8, thread_name_prefix=prefix)
        self._futures: list = []
        self._lock = threading.Lock()

    def submit(self, fn, /, *args, **kwargs):
        future = super().submit(fn, *args, **kwargs)
        with self._lock:
            self._futures.append(future)
        return future

    def settle(self, timeout: float = 10) -> None:
        """Wait for every listener started so far (and any they started) to finish."""
        while True:
            with self._lock:
                pending = [f for f in self._futures if not f.done()]
                self._futures = pending  # forget finished tasks: a benchmark submits thousands
            if not pending:
                return
            done, not_done = wait(pending, timeout=timeout)
            assert not not_done, "listeners still running"
            for future in done:
                future.result()  # a listener that raised fails the test
