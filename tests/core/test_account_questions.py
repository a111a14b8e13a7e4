"""An account text that names several accounts, or one amid junk: the candidates to pick, nothing written."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Account, Snooze, Touchpoint
from tests.core.log_workspace import count, ws  # noqa: F401 - ws is a fixture
from tests.support.factories import make_accounts


@pytest.fixture
def ini(engine, ws):
    make_accounts(engine, ["Initech", "Initrode"], owner="U_ANA")


def _cadence(engine, name: str) -> int | None:
    with session_scope(engine) as session:
        return session.execute(select(Account.cadence_days).where(Account.team_id == "T1", Account.name == name)
                               ).scalar_one()


@pytest.mark.parametrize("line,lang", [
    ("/kam who Ini", "en"), ("/kam account Ini", "en"), ("/kam map Ini", "en"), ("/kam snooze Ini", "en"),
    ("/kam cadence Ini 21", "en"), ("/kam digest subscribe Ini", "en"), ("/kam log call with Bob at Ini yesterday", "en"),
    ("/kam quién Ini", "es"), ("/kam cuenta Ini", "es"), ("/kam posponer Ini", "es"), ("/kam cadencia Ini 21", "es"),
    ("/kam registrar llamada con Bob en Ini ayer", "es"), ("who should I talk to at Ini?", "en"),
])
def test_ini_lists_initech_and_initrode_with_a_button_each(kam, engine, ini, line, lang):
    reply = kam(line)
    assert reply.kind == "ambiguous" and not reply.changed and reply.lang == lang
    assert "*Initech*" in reply.text and "*Initrode*" in reply.text
    assert ("could be more than one" if lang == "en" else "puede ser más de una") in reply.text
    assert [b.label for b in reply.buttons] == ["Initech", "Initrode"]
    assert {b.action_id for b in reply.buttons} == {"account_pick"}
    assert count(engine, Touchpoint) == 0 and count(engine, Snooze) == 0 and _cadence(engine, "Initech") is None


def test_the_button_runs_the_same_command_on_the_picked_account(kam, core, make_ctx, engine, ini):
    asked = kam("/kam cadencia Ini 21")
    picked = core.action(make_ctx(), "account_pick", asked.buttons[1].value)
    assert picked.kind == "cadence_set" and picked.changed and picked.lang == "es"
    assert _cadence(engine, "Initrode") == 21 and _cadence(engine, "Initech") is None


def test_a_logged_line_picked_from_candidates_is_saved_once_on_that_account(kam, core, make_ctx, engine, ini):
    asked = kam("call with Bob at Ini yesterday")
    assert json.loads(asked.buttons[0].value)["args"] == "call with Bob at Initech yesterday"
    picked = core.action(make_ctx(), "account_pick", asked.buttons[0].value)
    assert picked.kind == "logged" and picked.data["account_name"] == "Initech"
    assert count(engine, Touchpoint) == 1


def test_a_broken_pick_value_is_a_polite_error(core, make_ctx, ini):
    for value in ("", "{", '{"command": "nope", "args": "x", "account": 1}', '{"command": "who"}'):
        assert core.action(make_ctx(), "account_pick", value).kind == "error"


JUNK = [
    ("/kam account Acme Corp'; DROP TABLE account;--", "en"),
    ("/kam who Acme SELECT * FROM accounts WHERE 1=1; DROP TABLE account;--", "en"),
    ("/kam map Acme Corp %s%s%n%x <!here>", "en"),
    ("/kam cadence Acme Corp'; DELETE FROM account;-- 21", "en"),
    ("/kam snooze Acme Corp;;; DROP TABLE snooze 2 weeks", "en"),
    ("/kam digest subscribe Acme Corp' OR '1'='1' -- <!here>", "en"),
    ("/kam cuenta Acme Corp'; DROP TABLE account;--", "es"),
    ("/kam quién Acme SELECT * FROM cuentas WHERE 1=1; DROP TABLE account;--", "es"),
    ("/kam posponer Acme Corp;;; DROP TABLE snooze 2 semanas", "es"),
]


@pytest.mark.parametrize("line,lang", JUNK)
def test_a_name_amid_junk_gets_did_you_mean_with_a_button_and_writes_nothing(kam, engine, ws, line, lang):
    reply = kam(line)
    assert reply.kind == "unknown_account" and not reply.changed and reply.lang == lang
    assert ("Did you mean *Acme Corp*?" if lang == "en" else "¿Quisiste decir *Acme Corp*?") in reply.text
    assert [(b.label, b.action_id) for b in reply.buttons] == [("Acme Corp", "account_pick")]
    assert "DROP" not in json.loads(reply.buttons[0].value)["args"]  # the button carries the name, not the junk
    assert count(engine, Snooze) == 0 and _cadence(engine, "Acme Corp") is None


def test_the_did_you_mean_button_answers_for_that_account(kam, core, make_ctx, ws):
    asked = kam("/kam account Acme Corp'; DROP TABLE account;--")
    card = core.action(make_ctx(), "account_pick", asked.buttons[0].value)
    assert card.kind == "account_card" and "Acme Corp" in card.text


def test_a_very_long_junk_phrase_is_quoted_short(kam, ws):
    reply = kam("/kam who Acme Corp " + "'; DROP TABLE x; " * 1000)
    assert reply.kind == "unknown_account" and len(reply.text) < 400 and "…" in reply.text
