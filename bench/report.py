"""Results: kept in bench/results.json, printed as tables, and written into docs/performance.md between markers."""
from __future__ import annotations

import json
import os
import platform
from datetime import datetime, timezone
from pathlib import Path

from bench import targets
from bench.drive import COMMANDS, TEAM_WIDE
from bench.workspace import SIZES

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results.json"
DOC = ROOT / "docs" / "performance.md"
BEGIN = "<!-- bench:begin (written by `python -m bench`; edit outside these markers) -->"
END = "<!-- bench:end -->"
LABELS = {"dm": "DM", "digest": "digest preview"}


def machine(postgres: str | None) -> dict:
    """What the numbers were measured on."""
    info = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in info.splitlines() if line.startswith("model name")),
                 platform.processor() or platform.machine())
    mem = Path("/proc/meminfo").read_text().split()[1] if Path("/proc/meminfo").exists() else "0"
    import sqlite3

    return {"cpu": model, "cores": os.cpu_count(), "ram_gib": round(int(mem) / 2**20, 1),
            "python": platform.python_version(), "sqlite": sqlite3.sqlite_version, "postgres": postgres,
            "date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
            "load": round(os.getloadavg()[0], 1)}


OTHERS = ("salesforce/",)  # keys of other benchmarks kept in the same file (bench/sfreport.py)


def all_results() -> dict:
    """Everything in bench/results.json, the suite's runs and the others'."""
    return json.loads(RESULTS.read_text()) if RESULTS.exists() else {}


def load_results() -> dict:
    """{"sqlite/S": result, ...} from earlier runs of the suite."""
    return {k: v for k, v in all_results().items() if not k.startswith(OTHERS)}


def label(result: dict) -> str:
    """The database, and the what-if variant if any ("sqlite + index changes")."""
    return result["db"] + (f" + {result['variant']}" if result.get("variant") else "")


def key(result: dict) -> str:
    """Where a run is stored: 'sqlite/L', 'sqlite+idx/L'."""
    return f"{result['db']}{'+idx' if result.get('variant') else ''}/{result['size']}"


def save_result(result: dict) -> dict:
    """Merge one run in (a later run of the same database, variant and size replaces the earlier one)."""
    results = load_results()
    results[key(result)] = result
    ordered = dict(sorted(results.items(), key=lambda kv: (label(kv[1]), list(SIZES).index(kv[1]["size"]))))
    others = {k: v for k, v in all_results().items() if k.startswith(OTHERS)}
    RESULTS.write_text(json.dumps({**ordered, **others}, indent=1) + "\n")
    return ordered


def small_of(results: dict, name: str) -> dict | None:
    """The S run of a database (or variant label), the base of the flatness check; a variant falls back to its db."""
    runs = [r for r in results.values() if r["size"] == "S"]
    return next((r for r in runs if label(r) == name), None) or next(
        (r for r in runs if r["db"] == name.split(" + ")[0] and not r.get("variant")), None)


def _ms(value: float) -> str:
    return f"{value:.1f}" if value < 100 else f"{value:,.0f}"


def _row(cells: list) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def tables(results: dict) -> list[str]:
    """Markdown tables of every stored run."""
    runs = list(results.values())
    out = ["#### Acknowledgement latency (ms, median / p99): `app.dispatch` until Bolt's 200", "",
           _row(["db", "size", *[LABELS.get(k, k) for k in COMMANDS]]), _row(["---"] * (len(COMMANDS) + 2))]
    out += [_row([label(r), r["size"] + (" (quick)" if r["quick"] else ""),
                  *[f"{_ms(r['commands'][k]['ack_p50'])} / {_ms(r['commands'][k]['ack_p99'])}" for k in COMMANDS]])
            for r in runs]
    out += ["", "#### Reply latency (ms, median / p99) and CPU per request (ms, mean): until Slack has the answer", "",
            _row(["db", "size", *[LABELS.get(k, k) for k in COMMANDS], "touches of the accounts asked about"]),
            _row(["---"] * (len(COMMANDS) + 3))]
    out += [_row([label(r), r["size"], *[f"{_ms(r['commands'][k]['reply_p50'])} / {_ms(r['commands'][k]['reply_p99'])}"
                                        f" (CPU {_ms(r['commands'][k]['cpu_mean'])})" for k in COMMANDS],
                  "median {touches_median:,}, max {touches_max:,}".format(**r["asked"]) if "asked" in r else "-"])
            for r in runs]
    out += ["", "#### Team-wide answers (ms, reply median, CPU mean): they read every account of the workspace", "",
            _row(["db", "size", *TEAM_WIDE]), _row(["---"] * (len(TEAM_WIDE) + 2))]
    out += [_row([label(r), r["size"], *[f"{_ms(r['team_wide'][k]['reply_p50'])} (CPU {_ms(r['team_wide'][k]['cpu_mean'])})"
                                        for k in TEAM_WIDE]]) for r in runs]
    out += ["", "#### Jobs, import and memory (wall, with CPU in brackets)", "",
            _row(["db", "size", "rows loaded", "load s", "reminder scan s", "accounts due", "1,000 digests s",
                  "import rows/s", "peak RSS MB", "measured"]), _row(["---"] * 10)]
    for r in runs:
        scan, many, imp = r["scan"], r["digests"], r["import"]
        out.append(_row([label(r), r["size"], f"{r['rows']:,}", f"{r['load_s']:.0f}",
                         f"{scan['wall']:.2f} ({scan['cpu']:.2f})", f"{scan['accounts_due']:,}",
                         f"{many['wall_per_1000']:.1f} ({many['cpu_per_1000']:.1f})",
                         f"{imp['rate']:,.0f} ({imp['cpu_rate']:,.0f})", f"{r['memory']['peak_mb']:.0f}",
                         r["when"][:16].replace("T", " ")]))
    return out


def verdict_table(results: dict) -> list[str]:
    """Each target on each database, at the largest size measured there."""
    largest = {}
    for r in results.values():
        if label(r) not in largest or list(SIZES).index(r["size"]) > list(SIZES).index(largest[label(r)]["size"]):
            largest[label(r)] = r
    out = [_row(["target", "limit", *[f"{db} {r['size']}" for db, r in largest.items()]]),
           _row(["---"] * (2 + len(largest)))]
    checks = {db: {c["name"]: c for c in targets.verdicts(r, small_of(results, db))} for db, r in largest.items()}
    names = list(dict.fromkeys(n for found in checks.values() for n in found))
    for name in names:
        cells = []
        for db in largest:
            c = checks[db].get(name)
            if c is None:
                cells.append("n/a")
                continue
            word = "met" if c["ok"] else "**missed**"
            cpu = "" if c["cpu_ok"] is None or c["ok"] else (" (met on CPU time)" if c["cpu_ok"] else " (missed on CPU too)")
            cells.append(f"{word}: {c['value']:,.1f} {c['unit']}{cpu}" + (f"; {c['note']}" if c["note"] else ""))
        limit = next(checks[db][name] for db in largest if name in checks[db])
        sign = ">=" if limit["name"] == "import" else "<="
        out.append(_row([name, f"{sign} {limit['limit']:,.0f} {limit['unit']}", *cells]))
    return out


def markdown(results: dict) -> str:
    """The generated part of docs/performance.md."""
    machines = {json.dumps(r.get("machine", {}), sort_keys=True) for r in results.values()}
    out = [BEGIN, "", "#### Machine", "", _row(["measured on", "cpu", "cores", "RAM GiB", "Python", "SQLite",
                                                "PostgreSQL", "load avg at start"]), _row(["---"] * 8)]
    for m in (json.loads(s) for s in sorted(machines)):
        out.append(_row([m.get("date"), m.get("cpu"), m.get("cores"), m.get("ram_gib"), m.get("python"),
                         m.get("sqlite"), m.get("postgres") or "-", m.get("load")]))
    out += ["", *tables(results), "", "#### Targets (largest size measured on each database)", "",
            *verdict_table(results), ""]
    largest = {}
    for r in results.values():  # profiles of the largest size on each database only: the ones the targets are about
        if label(r) not in largest or list(SIZES).index(r["size"]) > list(SIZES).index(largest[label(r)]["size"]):
            largest[label(r)] = r
    profiled = [(r, name, text) for r in largest.values() for name, text in r.get("profiles", {}).items()]
    if profiled:
        out += ["#### Profiles of missed targets (cProfile, top functions by own time, then cumulative)", ""]
        for r, name, text in profiled:
            out += [f"<details><summary>{label(r)} {r['size']}: {name}</summary>", "", "```text", text, "```", "",
                    "</details>", ""]
    return "\n".join([*out, END])


def write_doc(results: dict) -> None:
    """Replace the generated block of docs/performance.md (the prose around it is kept)."""
    block = markdown(results)
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else "# Performance\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    DOC.write_text(current, encoding="utf-8")
