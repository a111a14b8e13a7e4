"""Time render_png on a realistic 100-person account map; prints median and max seconds."""
from __future__ import annotations

import argparse
import statistics
import time

from kambot.orgmap import layout, render_png
from tests.orgmap.people_gen import make_people

TARGET = 1.5  # seconds per render


def main(argv: list[str] | None = None) -> int:
    """Render the map N times (after one warm-up for font caches) and report wall and CPU seconds."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("-n", "--runs", type=int, default=10)
    parser.add_argument("--people", type=int, default=100)
    parser.add_argument("--lang", default="en")
    args = parser.parse_args(argv)
    people = make_people(args.people)
    png = render_png(people, account_name="Bench Corp", lang=args.lang)  # warm-up: font cache, imports
    walls, cpus, layouts = [], [], []
    for _ in range(args.runs):
        start = time.perf_counter()
        layout(people, account_name="Bench Corp")
        layouts.append(time.perf_counter() - start)
        start, cpu = time.perf_counter(), time.process_time()
        render_png(people, account_name="Bench Corp", lang=args.lang)
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - cpu)  # CPU time is what a busy machine cannot inflate
    print(f"people={args.people} runs={args.runs} png_bytes={len(png)}")
    print(f"layout only: median {statistics.median(layouts):.3f} s, max {max(layouts):.3f} s")
    print(f"render_png wall: median {statistics.median(walls):.3f} s, max {max(walls):.3f} s (target <= {TARGET} s)")
    print(f"render_png CPU:  median {statistics.median(cpus):.3f} s, max {max(cpus):.3f} s")
    print("OK" if statistics.median(walls) <= TARGET else "SLOW")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
