"""Time render_png on realistic account maps (100 people by default); prints median and max, wall and CPU."""
from __future__ import annotations

import argparse
import os
import statistics
import time

from kambot.core.map_words import map_words
from kambot.orgmap import layout, render_png
from kambot.testing.people_gen import make_people

TARGET = 1.5  # seconds per render, wall clock, from the issue
CPU_BUDGET = 0.5  # seconds of CPU at 100 people: leaves room for the target on a loaded 2-core machine


def main(argv: list[str] | None = None) -> int:
    """Render each map N times (after one warm-up for font caches) and report wall and CPU seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=10)
    parser.add_argument("--people", default="100", help="comma-separated sizes, e.g. 3,30,100,150")
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    print(f"load average before: {_load()}")
    for count in (int(p) for p in args.people.split(",")):
        _bench(count, args.runs, args.lang)
    print(f"load average after:  {_load()}")  # wall time above CPU time is other processes' doing
    return 0


def _bench(count: int, runs: int, lang: str) -> None:
    """One map size: layout alone, then the whole render, wall and CPU."""
    people = make_people(count)
    png = render_png(people, account_name="Bench Corp", words=map_words(lang))  # warm-up: font cache, imports
    walls, cpus, layouts = [], [], []
    for _ in range(runs):
        start = time.perf_counter()
        layout(people, account_name="Bench Corp")
        layouts.append(time.perf_counter() - start)
        start, cpu = time.perf_counter(), time.process_time()
        render_png(people, account_name="Bench Corp", words=map_words(lang))
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)  # CPU time is what a busy machine cannot inflate
    print(f"people={count} runs={runs} png_bytes={len(png)}")
    print(f"  layout only:     median {statistics.median(layouts):.3f} s, max {max(layouts):.3f} s")
    print(f"  render_png wall: median {statistics.median(walls):.3f} s, max {max(walls):.3f} s (target <= {TARGET} s)")
    print(f"  render_png CPU:  median {statistics.median(cpus):.3f} s, max {max(cpus):.3f} s"
          + (f" (budget <= {CPU_BUDGET} s)" if count == 100 else ""))
    print("  OK" if statistics.median(walls) <= TARGET else "  SLOW")


def _load() -> str:
    """The 1, 5 and 15 minute load averages and the CPU count, as uptime shows them."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} CPUs"


if __name__ == "__main__":
    raise SystemExit(main())
