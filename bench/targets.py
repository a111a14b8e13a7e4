"""The issue's targets at size L, checked on wall time, with the CPU-time reading beside it (busy machines)."""
from __future__ import annotations

from bench.drive import COMMANDS

ACK_P99_MS = 30.0
SCAN_S = 2.0
DIGESTS_S = 30.0
IMPORT_ROWS_S = 20_000
MEMORY_MB = 300.0
FLAT_RATIO = 2.0


def _check(name: str, value: float, limit: float, ok: bool, cpu_ok: bool | None, unit: str, note: str = "") -> dict:
    return {"name": name, "value": value, "limit": limit, "ok": ok, "cpu_ok": cpu_ok, "unit": unit, "note": note}


def verdicts(result: dict, small: dict | None = None) -> list[dict]:
    """Every target for one run; `small` is the S run on the same database, for the flatness check."""
    found = []
    commands = result["commands"]
    worst = max(commands, key=lambda k: commands[k]["ack_p99"])
    cpu_worst = max(c.get("ack_cpu_p99", 0.0) for c in commands.values())
    found.append(_check("ack p99 (every command)", commands[worst]["ack_p99"], ACK_P99_MS,
                        commands[worst]["ack_p99"] <= ACK_P99_MS, cpu_worst <= ACK_P99_MS, "ms",
                        f"worst: {worst}; request-thread CPU p99 at most {cpu_worst:.1f} ms"))
    scan = result["scan"]
    found.append(_check("reminder scan", scan["wall"], SCAN_S, scan["wall"] <= SCAN_S, scan["cpu"] <= SCAN_S, "s"))
    many = result["digests"]
    found.append(_check("1,000 digests", many["wall_per_1000"], DIGESTS_S, many["wall_per_1000"] <= DIGESTS_S,
                        many["cpu_per_1000"] <= DIGESTS_S, "s",
                        "" if many["count"] == 1000 else f"{many['count']} built, scaled to 1,000"))
    imported = result["import"]
    found.append(_check("import", imported["rate"], IMPORT_ROWS_S, imported["rate"] >= IMPORT_ROWS_S,
                        imported["cpu_rate"] >= IMPORT_ROWS_S, "rows/s"))
    peak = result["memory"]["peak_mb"]
    found.append(_check("memory (peak RSS)", peak, MEMORY_MB, peak <= MEMORY_MB, None, "MB"))
    if small is not None and small is not result:
        for kind in COMMANDS:
            big, little = commands[kind], small["commands"][kind]
            ratio = big["reply_p50"] / max(little["reply_p50"], 1e-9)
            cpu_ratio = big["cpu_mean"] / max(little["cpu_mean"], 1e-9)
            found.append(_check(f"flat {kind}", ratio, FLAT_RATIO, ratio <= FLAT_RATIO, cpu_ratio <= FLAT_RATIO, "x",
                                f"reply median {little['reply_p50']:.1f} -> {big['reply_p50']:.1f} ms, "
                                f"CPU x{cpu_ratio:.1f}"))
    return found
