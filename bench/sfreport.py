"""The Salesforce benchmark's results: kept in bench/results.json under "salesforce/<db>/<size>", judged, and
written into docs/performance.md between their own markers (the suite's block is left alone)."""
from __future__ import annotations

import json

from bench import report

BEGIN = "<!-- bench-salesforce:begin (written by `python -m bench.bench_salesforce --write`) -->"
END = "<!-- bench-salesforce:end -->"
PREFIX = "salesforce/"
ORDER = {"XS": 0, "S": 1, "M": 2, "L": 3}


def key(result: dict) -> str:
    return f"{PREFIX}{result['db']}/{result['size']}"


def save(result: dict) -> None:
    """Merge one run into bench/results.json (a later run of the same database and size replaces it)."""
    results = report.all_results()
    results[key(result)] = {**result, "machine": report.machine(result.get("server") if result["db"] != "sqlite"
                                                                else None)}
    report.RESULTS.write_text(json.dumps(results, indent=1) + "\n")


def stored() -> dict:
    """The Salesforce runs in bench/results.json, smallest size first."""
    runs = {k: v for k, v in report.all_results().items() if k.startswith(PREFIX)}
    return dict(sorted(runs.items(), key=lambda kv: (kv[1]["db"], ORDER.get(kv[1]["size"], 9))))


def checks(result: dict) -> list[tuple[str, bool | None, str]]:
    """(target, met?, what was measured) for one run."""
    from bench.bench_salesforce import LOAD_RATE, PER_REQUEST, PUSH_S

    out = []
    load = result.get("first_load")
    if load:
        out.append((f"first load >= {LOAD_RATE:,} records/s", load["rate"] >= LOAD_RATE,
                    f"{load['rate']:,.0f} records/s ({load['accounts'] + load['contacts']:,} in {load['wall']:.1f} s); "
                    f"on our CPU {load['cpu_rate']:,.0f} records/s"))
    for name in ("push", "push_no_external_id"):
        p = result.get(name)
        if p:
            how = "upserts by External ID" if p["external_ids"] else "creates with a marker"
            out.append((f"push 10,000 touches <= {PUSH_S:.0f} s ({how})", p["wall"] <= PUSH_S and not p["left"],
                        f"{p['wall']:.1f} s for {p['sent']:,} records"))
            # 12,498 records cannot go in fewer than ceil(12,498 / 200) = 63 requests; one partial batch per
            # object at the end is allowed; the describe calls (once per object and process) are shown apart.
            least = -(-p["sent"] // PER_REQUEST)
            out.append((f"push: 1 composite request per {PER_REQUEST} records ({how})",
                        p["composite"] <= least + 1,
                        f"{p['composite']} composite requests for {p['sent']:,} records (at least {least}) = "
                        f"{p['sent'] / max(p['composite'], 1):.0f} a request; {p['requests']} API requests in all"))
    ack = result.get("ack")
    if ack:
        off, on = ack["without sync"], ack["with sync"]
        out.append(("/kam log with sync on (reply median)", None,
                    f"ack {off['ack_p50']:.1f} -> {on['ack_p50']:.1f} ms, reply {off['reply_p50']:.1f} -> "
                    f"{on['reply_p50']:.1f} ms; calls to the org during the requests: {off['org_calls']} without sync, "
                    f"{on['org_calls']} with (the sync's)"))
    return out


def verdicts(result: dict) -> list[str]:
    """Printable lines."""
    return [f"{name:<58} {'met' if ok else ('MISSED' if ok is False else '-'):<6} {what}"
            for name, ok, what in checks(result)]


def write_doc() -> None:
    """Rewrite the generated block of docs/performance.md's Salesforce section from bench/results.json."""
    block = "\n".join([BEGIN, "", *markdown(stored()), "", END])
    current = report.DOC.read_text(encoding="utf-8")
    if BEGIN in current and END in current:
        head, rest = current.split(BEGIN, 1)
        current = head + block + rest.split(END, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    report.DOC.write_text(current, encoding="utf-8")


def _row(cells) -> str:
    return "| " + " | ".join(str(c) for c in cells) + " |"


def markdown(runs: dict) -> list[str]:
    """Tables of every stored Salesforce run."""
    out = ["#### First load (CrmSync.run into an empty database; accounts and contacts through Bulk API 2.0)", "",
           _row(["db", "size", "accounts", "contacts", "wall s", "records/s", "our CPU s", "records/s on our CPU",
                 "fake's CPU s", "API calls", "load avg", "measured"]), _row(["---"] * 12)]
    for r in runs.values():
        f = r.get("first_load")
        if f:
            out.append(_row([r["db"], r["size"], f"{f['accounts']:,}", f"{f['contacts']:,}", f"{f['wall']:.1f}",
                             f"{f['rate']:,.0f}", f"{f['cpu']:.1f}", f"{f['cpu_rate']:,.0f}", f"{f['fake_cpu']:.1f}",
                             f["api_calls"], r["load"], r["when"][:16].replace("T", " ")]))
    out += ["", "#### Push (10,000 touchpoints in the outbox, CrmPush.run until empty)", "",
            _row(["db", "size", "org", "records", "wall s", "our CPU s", "fake's CPU s", "API requests",
                  "composite", "records a request (all requests)"]), _row(["---"] * 10)]
    for r in runs.values():
        for name in ("push", "push_no_external_id"):
            p = r.get(name)
            if p:
                out.append(_row([r["db"], r["size"], "External ID on Task/Event" if p["external_ids"] else
                                 "no External ID (marker)", f"{p['sent']:,}", f"{p['wall']:.1f}", f"{p['cpu']:.1f}",
                                 f"{p['fake_cpu']:.1f}", p["requests"], p["composite"],
                                 f"{p['records_per_request']:.0f}"]))
    out += ["", "#### `/kam log` with a sync running in another process (ms; medians and p99)", "",
            _row(["db", "size", "requests", "ack median off / on", "ack p99 off / on", "reply median off / on",
                  "reply p99 off / on", "CPU per request off / on", "sync pages written when the requests ended"]), _row(["---"] * 9)]
    for r in runs.values():
        a = r.get("ack")
        if a:
            off, on = a["without sync"], a["with sync"]
            out.append(_row([r["db"], r["size"], off["n"], f"{off['ack_p50']:.1f} / {on['ack_p50']:.1f}",
                             f"{off['ack_p99']:.1f} / {on['ack_p99']:.1f}",
                             f"{off['reply_p50']:.1f} / {on['reply_p50']:.1f}",
                             f"{off['reply_p99']:.1f} / {on['reply_p99']:.1f}",
                             f"{off['cpu_mean']:.1f} / {on['cpu_mean']:.1f}", on.get("sync_pages", "-")]))
    out += ["", "#### Targets", "", _row(["db", "size", "target", "verdict", "measured"]), _row(["---"] * 5)]
    for r in runs.values():
        for name, ok, what in checks(r):
            out.append(_row([r["db"], r["size"], name, "met" if ok else ("**missed**" if ok is False else "-"),
                             what]))
    return out
