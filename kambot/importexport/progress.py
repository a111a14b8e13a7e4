"""Progress lines on stderr while a long import runs."""
from __future__ import annotations

import time
from typing import TextIO


class Progress:
    """A line on stderr every `every` rows, when it is a terminal or the file is long (> 5,000 rows)."""

    def __init__(self, kind: str, stream: TextIO | None = None, every: int = 10_000):
        self.kind, self.stream, self.every = kind, stream, every
        self.tty = bool(stream is not None and getattr(stream, "isatty", lambda: False)())
        self.start, self.next = time.perf_counter(), every

    def update(self, rows: int) -> None:
        """Report when `rows` passes the next multiple of `every`."""
        if self.stream is None or rows < self.next:
            return
        self.next = (rows // self.every + 1) * self.every
        if self.tty or rows > 5000:
            rate = rows / max(time.perf_counter() - self.start, 1e-9)
            print(f"{self.kind}: {rows:,} rows ({rate:,.0f} rows/s)", file=self.stream, flush=True)
