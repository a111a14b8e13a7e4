"""Junk never becomes data: control characters stripped, 3,000 characters at most, people's names only."""
from __future__ import annotations

import json
from dataclasses import replace

import pytest
from sqlalchemy import select

from kambot.core.call import Call
from kambot.core.cache import new_cache
from kambot.core.commands import log
from kambot.core.commands.table import build_registry
from kambot.domain.parsing.line import parse_line
from kambot.domain.parsing.people import NewContactHint
from kambot.storage.db import session_scope
from kambot.storage.models import Contact, Touchpoint
from tests.core.log_workspace import count, ws  # noqa: F401 - ws is a fixture


def _stored(engine, model, *columns):
    with session_scope(engine) as session:
        return session.execute(select(*(getattr(model, c) for c in columns)).where(model.team_id == "T1")).all()


@pytest.mark.parametrize("line", [
    "/kam log call with Sarah Kim at Acme yesterday \x07\x1b[31mabout\x00 pricing\u202e, next: send \x1b[0mdeck\x08",
    "/kam registrar llamada con Sarah Kim en Acme ayer \x07\x1b[31msobre\x00 precios\u202e, próximo paso: enviar \x1b[0mdeck\x08",
    "call with Sarah Kim at Acme yesterday \x07\x1b[31mabout\x00 pricing\u202e, next: send \x1b[0mdeck\x08",
])
def test_control_characters_never_reach_a_summary_or_next_step(kam, engine, ws, line):
    assert kam(line).kind == "logged"
    [(summary, step)] = _stored(engine, Touchpoint, "summary", "next_step")
    assert not any(ord(ch) < 32 or 0x7f <= ord(ch) < 0xa0 or ch == "\u202e" for ch in summary + step)
    assert "[31m" not in summary and step.endswith("deck")


def test_control_characters_never_reach_a_contact(kam, engine, ws):
    assert kam("/kam contact Acme: Jane\x07 Doe\x1b[1m, title C\x00FO\u202e").kind == "contact_added"
    [(name, title)] = [row for row in _stored(engine, Contact, "name", "title") if row[0].startswith("Jane")]
    assert (name, title) == ("Jane Doe", "CFO")


@pytest.mark.parametrize("line,said", [
    ("/kam log call with Sarah Kim at Acme yesterday " + "x" * 3_000, "at most 3,000"),
    ("call with Sarah Kim at Acme yesterday " + "x" * 3_000, "at most 3,000"),
    ("/kam registrar llamada con Sarah Kim en Acme ayer " + "x" * 3_000, "como máximo 3.000"),
    ("llamada con Sarah Kim en Acme ayer " + "y" * 20_000, "como máximo 3.000"),
])
def test_a_line_over_3000_characters_is_refused_saying_the_limit(kam, engine, ws, line, said):
    reply = kam(line)
    assert reply.kind == "refused" and said in reply.text and not reply.changed
    assert count(engine, Touchpoint) == 0


def test_the_log_form_refuses_a_summary_over_the_limit(core, make_ctx, engine, ws):
    form = {"account_id": ws.account("Acme Corp"), "occurred_on": "2026-11-26", "kind": "call", "summary": "z" * 3_001}
    reply = core.action(make_ctx(), "touchpoint_save_form", json.dumps(form))
    assert reply.kind == "error" and "3,000" in reply.data["errors"]["summary"]
    assert count(engine, Touchpoint) == 0


@pytest.mark.parametrize("line,lang", [
    ("/kam contact Acme: //evil.example|click> <!here>", "en"),
    ("/kam contact Acme: Robert'); DROP TABLE contact;--", "en"),
    ("/kam contact Acme: 12345, title CFO", "en"),
    ("/kam contact left Acme: Sarah Kim, replaced by %s%s%n", "en"),
    ("/kam contacto Acme: <!here>", "es"),
    ("/kam contacto Acme: Ana 1234, cargo CFO", "es"),
])
def test_a_new_contact_only_from_a_persons_name(kam, engine, ws, line, lang):
    before = count(engine, Contact)
    reply = kam(line)
    assert not reply.changed and count(engine, Contact) == before
    assert ("as a person's name" if lang == "en" else "como nombre de una persona") in reply.text


def test_a_persons_name_with_accents_hyphens_apostrophes_and_initials_is_added(kam, engine, ws):
    for name in ("Jean-Luc O'Brien", "J. R. Núñez"):
        assert kam(f"/kam contact Acme: {name}").kind == "contact_added"


@pytest.mark.parametrize("lang,said", [("en", "as a person's name"), ("es", "como nombre de una persona")])
def test_a_logged_touch_leaves_out_a_name_it_cannot_read_and_says_so(engine, ws, make_ctx, lang, said):
    """Whatever the parser offers as a new person: only a name that reads as one is created."""
    text = "met our new CFO at Acme today"
    parsed = replace(parse_line(text, today=make_ctx().today, lang=lang),
                     new_contacts=(NewContactHint("//evil.example|click> <!here>", "CFO"), NewContactHint("Dana Scully", "CFO")))
    with session_scope(engine) as session:
        call = Call(ctx=make_ctx(lang=lang), args=text, session=session, lang=lang, cache=new_cache(),
                    registry=build_registry(), extra={"parsed": parsed})
        reply = log.handle(call)
    assert reply.kind == "logged" and said in reply.text and "Dana Scully" in reply.text
    assert reply.data["unreadable_names"] == ["//evil.example|click> <!here>"]
    names = {name for (name,) in _stored(engine, Contact, "name")}
    assert "Dana Scully" in names and not any("evil" in n for n in names)


@pytest.mark.parametrize("line", [
    "ayuda'; DROP TABLE account;-- Acme", "posponer %s%s%n Acme", "/kam log ayuda'; DROP TABLE account;-- Acme",
    "/kam log posponer %s%s%n Acme", "/kam registrar '; DROP TABLE account;-- Acme", "%s%s%n%x Acme yesterday",
    "<!here> Acme <!channel>", "{{7*7}} Acme ${jndi:ldap://x}", "SELECT * FROM account WHERE name = 'Acme'",
])
def test_a_line_that_merely_names_an_account_amid_junk_is_not_logged(kam, engine, ws, line):
    reply = kam(line)
    assert not reply.changed and reply.kind != "logged"
    assert count(engine, Touchpoint) == 0


def test_the_junk_refusal_names_the_account_in_both_languages(kam, ws):
    assert "couldn't read a touchpoint" in kam("/kam log posponer %s%s%n Acme").text
    assert "no entendí ningún contacto" in kam("/kam registrar '; DROP TABLE cuentas;-- Acme").text
