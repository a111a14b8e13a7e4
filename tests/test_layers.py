"""Imports point down: domain <- storage <- core <- doors and jobs; the product never imports bench or tests."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "kambot"

# What each part may never import (every import counts: module level, inside functions, TYPE_CHECKING).
FORBIDDEN = {
    "kambot.domain": ("kambot.",),  # pure: nothing of ours but itself (allowed below)
    "kambot.storage": ("kambot.core", "kambot.jobs", "kambot.slack", "kambot.shell", "kambot.cli",
                       "kambot.app", "kambot.importexport", "kambot.orgmap", "kambot.crm"),
    "kambot.orgmap": ("kambot.core", "kambot.storage", "kambot.jobs", "kambot.slack", "kambot.shell"),
    "kambot.kpi": ("kambot.core", "kambot.storage", "kambot.jobs", "kambot.slack", "kambot.shell"),
    "kambot.core": ("kambot.jobs", "kambot.slack", "kambot.shell", "kambot.cli", "kambot.app"),
    "kambot.jobs": ("kambot.slack", "kambot.shell", "kambot.cli", "kambot.app"),
    "kambot.importexport": ("kambot.slack", "kambot.shell", "kambot.cli", "kambot.app", "kambot.jobs"),
    "kambot.crm": ("kambot.slack", "kambot.shell", "kambot.cli", "kambot.app"),
    "kambot.shell": ("kambot.slack",),
}
EVERYWHERE = ("bench", "tests")
ALLOWED_SELF = {"kambot.domain": "kambot.domain"}


def module_name(path: Path) -> str:
    """kambot/core/dispatch.py -> kambot.core.dispatch."""
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(path: Path, source: str | None = None) -> set[str]:
    """Every module a file imports (or `source`, read as if it were that file), relative imports resolved."""
    tree = ast.parse(path.read_text(encoding="utf-8") if source is None else source)
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            name = ".".join([*base, node.module] if node.module else base)
            found.add(name)
            found.update(f"{name}.{alias.name}" for alias in node.names)
    return found


def violations() -> list[str]:
    """Each forbidden import as 'importer -> imported'."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if "testing" in path.relative_to(PACKAGE).parts:
            continue  # test doubles for the tests and benchmarks sit beside the product, not inside it
        importer = module_name(path)
        for target in sorted(imported(path)):
            if target.split(".")[0] in EVERYWHERE:
                found.append(f"{importer} -> {target}")
            for part, banned in FORBIDDEN.items():
                if not (importer == part or importer.startswith(part + ".")):
                    continue
                own = ALLOWED_SELF.get(part)
                if own and (target == own or target.startswith(own + ".")):
                    continue
                if any(target == b.rstrip(".") or target.startswith(b if b.endswith(".") else b + ".")
                       for b in banned):
                    found.append(f"{importer} -> {target}")
    return found


def test_imports_point_down() -> None:
    assert violations() == []


@pytest.mark.parametrize("source, banned", [
    ("from kambot.slack.blocks import button\n", "kambot.slack.blocks"),
    ("def f():\n    from ..slack import blocks\n", "kambot.slack"),
])
def test_the_check_sees_late_and_relative_imports(source, banned) -> None:
    assert banned in imported(PACKAGE / "jobs" / "reminders.py", source)
