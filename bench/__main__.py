"""`python -m bench`: the scale benchmark suite on SQLite and PostgreSQL.

Generates a synthetic workspace per size (S 1,000 accounts / 10,000 contacts / 50,000 touches, M 10x, L 100x
accounts), measures the Slack app's acknowledgement and reply latency per command, the reminder scan, 1,000
digests, the importer's rate and a bot process's peak memory, and writes the tables to docs/performance.md.
"""
from __future__ import annotations

import argparse
import logging
import shutil
import sys
import time
from dataclasses import replace

from bench import report, targets
from bench.databases import Databases
from bench.suite import QUICK, Options, run_one, sizes_in_order, with_requests


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="S", help="comma-separated S, M, L (default S: under a minute)")
    parser.add_argument("--db", default="sqlite,postgres", help="sqlite, postgres or both (default both)")
    parser.add_argument("--quick", action="store_true", help="few requests and digests: a smoke run, not written")
    parser.add_argument("--requests", type=int, default=None, help="measured requests per command (default 40)")
    parser.add_argument("--index-changes", action="store_true",
                        help="what-if: apply the index changes docs/performance.md proposes after loading")
    parser.add_argument("--postgres-url", default=None,
                        help="server to create databases on (default $KAMBOT_TEST_POSTGRES_URL, else a private one)")
    parser.add_argument("--salesforce", default=None, metavar="SIZE",
                        help="also the Salesforce benchmark (bench/bench_salesforce.py) at XS, S or L: first load, "
                             "push, /kam log with sync on")
    write = parser.add_mutually_exclusive_group()
    write.add_argument("--write", dest="write", action="store_true", default=None,
                       help="store results and update docs/performance.md (default unless --quick)")
    write.add_argument("--no-write", dest="write", action="store_false")
    return parser


def _postgres_available(given: str | None) -> bool:
    import os

    return bool(given or os.environ.get("KAMBOT_TEST_POSTGRES_URL") or (shutil.which("initdb") and shutil.which("pg_ctl")))


def _print_verdicts(result: dict, small: dict | None) -> None:
    for check in targets.verdicts(result, small):
        word = "met" if check["ok"] else "MISSED"
        cpu = "" if check["cpu_ok"] is None or check["ok"] else f" (on CPU time: {'met' if check['cpu_ok'] else 'missed'})"
        print(f"    {check['name']:<26} {check['value']:>12,.1f} {check['unit']:<6} {word}{cpu} {check['note']}")


def main(argv: list[str] | None = None) -> int:
    """Run the suite; 0 when it ran (targets are reported, not enforced), 2 on bad arguments."""
    argv = sys.argv[1:] if argv is None else list(argv)
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    try:
        sizes = sizes_in_order(args.sizes)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    kinds = [k.strip() for k in args.db.split(",") if k.strip()]
    if not set(kinds) <= {"sqlite", "postgres"} or not kinds:
        print(f"--db takes sqlite, postgres or both, not {args.db!r}", file=sys.stderr)
        return 2
    if "postgres" in kinds and not _postgres_available(args.postgres_url):
        print("no PostgreSQL (no --postgres-url, $KAMBOT_TEST_POSTGRES_URL or initdb): SQLite only", file=sys.stderr)
        kinds.remove("postgres")
    opts = replace(with_requests(QUICK if args.quick else Options(), args.requests), index_changes=args.index_changes)
    write = (not args.quick) if args.write is None else args.write
    results, dbs, started = report.load_results(), Databases(args.postgres_url), time.perf_counter()
    try:
        for kind in kinds:
            for size in sizes:
                name = kind + (" + index changes" if opts.index_changes else "")
                small = report.small_of(results, name)
                result = run_one(kind, size, opts, dbs, small, log=lambda line: print(line, flush=True))
                result["machine"] = report.machine(dbs.version("postgres"))
                results = report.save_result(result) if write else {**results, report.key(result): result}
                _print_verdicts(result, small if size != "S" else None)
        if args.salesforce:
            from bench import bench_salesforce, sfreport

            for kind in kinds:
                found = bench_salesforce.run_db(kind, args.salesforce.upper(), ["load", "push", "ack"], dbs,
                                                profiled=False, requests=bench_salesforce.ACK_REQUESTS,
                                                log=lambda line: print(line, flush=True))
                print("\n".join("    " + line for line in sfreport.verdicts(found)))
                if write:
                    sfreport.save(found)
    finally:
        dbs.close()
    if write:
        report.write_doc(results)
        if args.salesforce:
            from bench import sfreport

            sfreport.write_doc()
        print(f"results stored in {report.RESULTS.relative_to(report.ROOT)}, tables written to "
              f"{report.DOC.relative_to(report.ROOT)}")
    print("\n".join(report.tables({k: v for k, v in results.items()
                                   if v["db"] in kinds and v["size"] in sizes
                                   and bool(v.get("variant")) == opts.index_changes})))
    print(f"\nbenchmark finished in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
