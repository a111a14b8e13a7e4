"""One door to the data: no module of the Slack door opens a database session; it asks the core."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

SLACK = Path(__file__).resolve().parents[2] / "kambot" / "slack"
# Importing any of these gives a module the means to open its own transaction.
SESSION_MODULES = ("sqlmodel", "sqlalchemy.orm", "kambot.storage.db")
SESSION_NAMES = {"Session", "sessionmaker", "scoped_session", "session_scope"}


def session_uses(source: str) -> list[str]:
    """What in `source` imports or opens a session: 'import X', 'from X import Y' or a call of Session()."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [f"import {a.name}" for a in node.names if a.name.startswith(SESSION_MODULES)]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names = [a.name for a in node.names]
            if node.module.startswith(SESSION_MODULES) or SESSION_NAMES & set(names):
                found.append(f"from {node.module} import {', '.join(names)}")
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name in SESSION_NAMES:
                found.append(f"{name}()")
    return found


def test_no_slack_module_opens_a_session() -> None:
    offenders = {str(path.relative_to(SLACK)): uses for path in sorted(SLACK.rglob("*.py"))
                 if (uses := session_uses(path.read_text(encoding="utf-8")))}
    assert offenders == {}


@pytest.mark.parametrize("source", [
    "from kambot.storage.db import session_scope\n",
    "from sqlmodel import Session\n",
    "def f(engine):\n    from sqlalchemy.orm import Session\n    return Session(engine)\n",
    "def f(deps):\n    with deps.session_scope(deps.core.engine) as s:\n        pass\n",
    "import sqlmodel\n",
])
def test_the_scan_sees_a_session(source: str) -> None:
    assert session_uses(source)


def test_the_scan_lets_engines_and_core_calls_through() -> None:
    assert session_uses("from sqlalchemy.engine import Engine\ndef f(deps):\n    return deps.core.home(None)\n") == []
