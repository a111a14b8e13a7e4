"""The map benchmark still runs (a smoke test: timings are reported, never asserted)."""
from __future__ import annotations

from bench.bench_map import main


def test_bench_runs_and_reports_median_and_max(capsys):
    assert main(["--runs", "1", "--people", "8"]) == 0
    out = capsys.readouterr().out
    assert "people=8 runs=1" in out and "median" in out and "max" in out
