"""CPU seconds spent on a measurement: this process, plus the PostgreSQL server's when it runs on this machine."""
from __future__ import annotations

import os
import time

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
_postmaster: int | None = None


def _stat(pid: int) -> list[str] | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().rsplit(")", 1)[1].split()  # fields after "(comm)", which may hold spaces
    except OSError:
        return None


def watch_postgres(backend_pid: int) -> None:
    """Count the server's CPU too: its processes are the children of the postmaster of this backend."""
    global _postmaster
    fields = _stat(backend_pid)
    _postmaster = int(fields[1]) if fields else None  # field 4 of stat: ppid


def forget_postgres() -> None:
    """Back to this process only."""
    global _postmaster
    _postmaster = None


def server_seconds() -> float:
    """user + system CPU of every live child of the postmaster (the backends serving us among them)."""
    if _postmaster is None:
        return 0.0
    try:  # the kernel's list of the postmaster's children: a few files to read, not all of /proc
        with open(f"/proc/{_postmaster}/task/{_postmaster}/children", encoding="ascii") as handle:
            children = [int(pid) for pid in handle.read().split()]
    except OSError:
        children = [int(name) for name in os.listdir("/proc") if name.isdigit()]
    total = 0
    for pid in children:
        fields = _stat(pid)
        if fields and fields[1] == str(_postmaster):
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / _CLOCK_TICKS


def now() -> float:
    """A CPU clock: on SQLite the database works inside this process; on PostgreSQL it adds the server."""
    return time.process_time() + server_seconds()
