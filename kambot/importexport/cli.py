"""`bot.py import` and `bot.py export`: files in and out, messages on stderr, exit status."""
from __future__ import annotations

import os
import sys
from pathlib import Path

from sqlalchemy.engine import Engine

from kambot.importexport.exporter import export_csv
from kambot.importexport.importer import DirectoryError, ImportResult, Progress, UserDirectory, import_csv

NO_SLACK = ("  (no Slack credentials for this workspace, so only Slack user ids such as U04ABC123 are kept: set "
            "SLACK_BOT_TOKEN, or install the app in it, to match names and emails to Slack users)")


def read_text(path: str) -> str:
    """The file (or stdin for '-') as text: UTF-8 with or without BOM, else Windows-1252."""
    data = sys.stdin.buffer.read() if path == "-" else Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Windows saves plain "CSV" in this code page (five unused bytes become U+FFFD).
        print(f"{'stdin' if path == '-' else path}: not UTF-8, read as Windows-1252", file=sys.stderr)
        return data.decode("cp1252", errors="replace")


def _unmatched(result: ImportResult) -> list[str]:
    """One line per owner text that matched no Slack user, most rows first."""
    lines = []
    for text, rows in sorted(result.unmatched.items(), key=lambda item: (-item[1], item[0])):
        shared = result.ambiguous.get(text)
        why = f" ({shared} Slack users have this name: write their email instead)" if shared else ""
        lines.append(f"  {text}: {rows:,} row(s){why}")
    return lines + ([] if result.directory else [NO_SLACK])


def _owners(name: str, result: ImportResult) -> bool:
    """Print the owners that matched no Slack user; True when --strict refuses the file for them."""
    if not result.unmatched:
        return False
    if result.refused:
        print(f"{name}: refused (--strict), nothing imported: {len(result.unmatched)} owner(s) match no Slack user:",
              file=sys.stderr)
    else:
        print(f"{name}: {len(result.unmatched)} owner(s) match no Slack user; their rows were imported with no "
              "owner (or --strict refuses the file):", file=sys.stderr)
    for line in _unmatched(result):
        print(line, file=sys.stderr)
    return result.refused


def _summary(result: ImportResult, skipped: int) -> str:
    text = result.summary()
    if result.repeated:  # two identical rows are two touches: say so, as the old importer merged them
        text += (f"; {result.repeated:,} row(s) repeat an earlier row's account, day, kind and summary, "
                 "each kept as its own touch")
    if result.unmatched:
        text += f"; {sum(result.unmatched.values()):,} owner(s) not found in Slack, left empty"
    return text + (f"; skipped {skipped:,} invalid" if skipped else "")


def report(name: str, result: ImportResult, *, skip_invalid: bool) -> int:
    """Print what the import did (problems on stderr, the summary on stdout); the exit status."""
    if result.ignored_columns:
        print(f"{name}: ignored columns: {', '.join(result.ignored_columns)}", file=sys.stderr)
    rows = len(result.skipped_lines)
    if _owners(name, result):
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if result.problems and not (skip_invalid and result.readable):
        hint = " (fix them, or use --skip-invalid to import the other rows)" if result.readable else ""
        print(f"{name}: rejected, nothing imported: {len(result.problems)} problem(s) in {rows} line(s){hint}",
              file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    if result.problems:
        print(f"{name}: skipped {rows:,} invalid row(s):", file=sys.stderr)
        for problem in result.problems:
            print(f"  {problem}", file=sys.stderr)
    print(_summary(result, rows))
    return 0


def run_import(engine: Engine, kind: str, path: str, *, team: str, skip_invalid: bool = False, strict: bool = False,
               directory: UserDirectory | None = None) -> int:
    """Import one CSV file (path '-' reads stdin) into `team`; 0 when imported, 1 when rejected."""
    name = "stdin" if path == "-" else path
    try:
        text = read_text(path)
    except OSError as exc:
        print(f"{name}: cannot read: {exc.strerror or exc}", file=sys.stderr)
        return 2
    try:
        result = import_csv(engine, kind, text, team=team, skip_invalid=skip_invalid,
                            progress=Progress(kind, sys.stderr), directory=directory, strict=strict)
    except DirectoryError as exc:
        print(f"{name}: nothing imported: Slack could not say who the owners are ({exc})", file=sys.stderr)
        return 2
    return report(name, result, skip_invalid=skip_invalid)


def run_export(engine: Engine, kind: str, *, team: str, output: str | None = None) -> int:
    """Write `team`'s rows as CSV to `output`, or to stdout (which then carries nothing else)."""
    if output in (None, "-"):
        try:
            export_csv(engine, kind, sys.stdout, team=team)
            sys.stdout.flush()
        except BrokenPipeError:  # `export ... | head`: the reader left, which is fine
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    try:
        with open(output, "w", encoding="utf-8", newline="") as out:
            count = export_csv(engine, kind, out, team=team)
    except OSError as exc:
        print(f"{output}: cannot write: {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"exported {count:,} {kind} to {output}", file=sys.stderr)
    return 0
