"""The generated corpus through the Core (`/kam log`, `/kam registrar`): every line read exactly right."""
from __future__ import annotations

import shutil

import pytest

from kambot.core.dispatch import Core
from kambot.storage.db import make_engine
from tests.core import corpus_workspace
from tests.core.corpus_lines import Line, corpus

LINES = corpus()


@pytest.fixture(scope="module")
def corpus_core(sqlite_template, tmp_path_factory):
    """One Core on a SQLite copy seeded with the corpus workspace, shared by every line of the module."""
    path = tmp_path_factory.mktemp("corpus") / "kambot.db"
    shutil.copy(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    corpus_workspace.seed(engine)
    yield Core(engine)
    engine.dispose()


def test_the_corpus_is_large_and_covers_both_languages():
    assert len(LINES) >= 500
    assert {line.lang for line in LINES} == {"en", "es"}
    assert len({line.kind for line in LINES}) == 6


@pytest.mark.parametrize("line", LINES, ids=[f"{line.lang}:{line.text}" for line in LINES])
def test_corpus_line(corpus_core, make_ctx, line: Line):
    word = "log" if line.lang == "en" else "registrar"
    reply = corpus_core.slash(make_ctx(team=corpus_workspace.TEAM), f"{word} {line.text}")
    assert reply.kind == "logged", reply.full_text()
    data = reply.data
    got = (data["account_name"], data["kind"], data["occurred_on"], data["next_step_due"], tuple(data["contact_names"]))
    want = (line.account, line.kind, line.occurred.isoformat(), line.due.isoformat() if line.due else None, line.people)
    assert got == want


@pytest.mark.parametrize("message, kind", [
    ("account Café Sol", "account_card"), ("cuenta Grupo Hoy", "account_card"), ("map of Meeting Point", "map"),
])
def test_a_command_word_before_a_name_full_of_report_words_runs_the_command(corpus_core, make_ctx, message, kind):
    reply = corpus_core.message(make_ctx(team=corpus_workspace.TEAM), message)
    assert reply.kind == kind, reply.full_text()


@pytest.mark.parametrize("line, reason", [
    ("log call w/ Lisa Chen @ Eventos Martes tmrw", "future"), ("registrar llamada con Ana de Café Sol mñn", "future"),
])
def test_future_shorthand_is_refused_as_a_touch_date(corpus_core, make_ctx, line, reason):
    reply = corpus_core.slash(make_ctx(team=corpus_workspace.TEAM), line)
    assert reply.kind == "refused" and reply.data["reason"] == reason
