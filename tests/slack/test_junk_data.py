"""Junk never becomes data, over signed requests: controls stripped, 3,000 characters, people's names only."""
import pytest
from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Contact, Touchpoint
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, count, kam, send
from tests.support.factories import make_account


def _summaries(engine) -> list[tuple[str, str | None]]:
    with session_scope(engine) as session:
        return session.execute(select(Touchpoint.summary, Touchpoint.next_step)).all()


def test_control_characters_are_stripped_from_what_is_stored(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    reply = kam(app, fake, "log call with Maria at Acme yesterday \x1b[31mred\x07 alert\x00, next: send \u202edeck")
    assert "Logged" in reply.json["text"]
    [(summary, step)] = _summaries(engine)
    assert "\x1b" not in summary and "\x07" not in summary and "\x00" not in summary and "[31m" not in summary
    assert step == "send deck"


@pytest.mark.parametrize("line,said", [("log call with Maria at Acme yesterday ", "at most 3,000"),
                                       ("registrar llamada con Maria en Acme ayer ", "como máximo 3.000")])
def test_a_line_over_3000_characters_is_refused(app, fake, engine, line, said):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    reply = kam(app, fake, line + "x" * 3_000)
    assert said in reply.json["text"] and count(engine, Touchpoint) == 0


@pytest.mark.parametrize("line,said", [("contact Acme: //evil.example|click> <!here>", "as a person's name"),
                                       ("contacto Acme: Robert'); DROP TABLE contact;--", "como nombre de una persona")])
def test_a_contact_is_created_only_from_a_persons_name(app, fake, engine, line, said):
    make_account(engine, "Acme")
    reply = kam(app, fake, line)
    assert said in reply.json["text"] and count(engine, Contact) == 0
    app.settle()
    assert_escaped(fake)


@pytest.mark.parametrize("text", ["ayuda'; DROP TABLE account;-- Acme", "posponer %s%s%n Acme",
                                  "log ayuda'; DROP TABLE account;-- Acme", "%s%s%n%x Acme yesterday"])
def test_a_dm_that_merely_names_an_account_amid_junk_is_not_logged(app, fake, engine, text):
    make_account(engine, "Acme")
    assert send(app, sr.dm_event(text, "U1")).status == 200
    fake.wait_for("chat.postMessage")
    app.settle()
    assert count(engine, Touchpoint) == 0
    assert_escaped(fake)
