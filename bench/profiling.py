"""cProfile of a missed target: the top functions by own time, as short lines for the report."""
from __future__ import annotations

import cProfile
import io
import pstats
import re
from typing import Callable

TOP = 12
_SITE = re.compile(r"^.*?/(site-packages|lib/python3\.\d+)/")
_ROOT = re.compile(r"^.*?/(kambot|bench|tests)/")


def _where(filename: str, line: int, name: str) -> str:
    short = _ROOT.sub(r"\1/", _SITE.sub("", filename))
    return f"{name} ({short}:{line})" if line else name


def profile(work: Callable[[], object], top: int = TOP) -> str:
    """Run `work` under cProfile; the `top` functions by total own time, then by cumulative time."""
    profiler = cProfile.Profile()
    profiler.enable()
    try:
        work()
    finally:
        profiler.disable()
    return summary(profiler, top)


def summary(profiler: cProfile.Profile, top: int = TOP) -> str:
    """A finished profile as short lines: by own time, then by cumulative time."""
    stats = pstats.Stats(profiler, stream=io.StringIO())
    lines = [f"{'calls':>9} {'own s':>8} {'cum s':>8}  function"]
    for order in ("tottime", "cumulative"):
        stats.sort_stats(order)
        for key in stats.fcn_list[:top]:
            calls, _, own, cumulative, _ = stats.stats[key]
            lines.append(f"{calls:>9} {own:>8.3f} {cumulative:>8.3f}  {_where(*key)}")
        lines.append(f"{'':>9} {'':>8} {'':>8}  -- by cumulative time --" if order == "tottime" else "")
    return "\n".join(lines).rstrip()
