"""`/kam log` on many real-looking lines, English and Spanish: what is saved and what the reply says."""
from __future__ import annotations

from datetime import date

import pytest

from kambot.core.i18n import format_day
from kambot.storage.models import TouchpointContact
from tests.core.log_workspace import count, touches, ws  # noqa: F401 - ws is a fixture

D = date
TODAY = D(2026, 11, 27)  # Friday, New York (the default user)

# (line, account, kind, occurred, next-step due, contacts named, reply language)
ENGLISH = [
    ("/kam log call with Sarah Kim at Acme yesterday", "Acme Corp", "call", D(2026, 11, 26), None, ["Sarah Kim"]),
    ("/kam log email to Daniel Okafor at ACME this morning", "Acme Corp", "email", TODAY, None, ["Daniel Okafor"]),
    ("/kam log met Robert Hale at acme corp 4 days ago", "Acme Corp", "meeting", D(2026, 11, 23), None, ["Robert Hale"]),
    ("/kam log lunch with Margaret at Globex two weeks ago", "Globex", "meal", D(2026, 11, 13), None, ["Margaret Lowell"]),
    ("/kam log coffee with Kevin Walsh on Monday", "Globex", "meal", D(2026, 11, 23), None, ["Kevin Walsh"]),
    ("/kam log demo for Hooli Thursday", "Hooli", "meeting", D(2026, 11, 26), None, []),
    ("/kam log conference with Priya Shah at Globe Tech March 3", "Globe Tech", "event", D(2026, 3, 3), None, ["Priya Shah"]),
    ("/kam log sent the pricing to Banco Andino Feb 25", "Banco Andino", "email", D(2026, 2, 25), None, []),
    ("/kam log texted Megan Doyle at Stark Logistics on 2/25", "Stark Logistics", "message", D(2026, 2, 25), None, ["Megan Doyle"]),
    ("/kam log webinar with Umbrella Salud on 2026-02-23", "Umbrella Salud", "event", D(2026, 2, 23), None, []),
    ("/kam log WhatsApp to Tony Rhodes at Stark Energy yesterday", "Stark Energy", "message", D(2026, 11, 26), None, ["Tony Rhodes"]),
    ("/kam log dinner with Jorge at Umbrela Salud last night", "Umbrella Salud", "meal", D(2026, 11, 26), None, ["Jorge Peña"]),
    ("/kam log call with Javier at Bánco Andíno, next: send contract by Friday", "Banco Andino", "call", TODAY, D(2026, 12, 4), ["Javier Morales"]),
    ("/kam log QBR with Acme Corp last week, next steps: renewal quote in 2 weeks", "Acme Corp", "meeting", D(2026, 11, 20), D(2026, 12, 11), []),
    ("/kam log met Lucía Paredes at Banco Andino on Feb 25", "Banco Andino", "meeting", D(2026, 2, 25), None, ["Lucía Paredes"]),
    ("/kam log call with Margaret at Globe", "Globex", "call", TODAY, None, ["Margaret Lowell"]),
    ("/kam log call with Priya at Globe", "Globe Tech", "call", TODAY, None, ["Priya Shah"]),
    ("/kam log phoned Sarah Mitchell yesterday", "Acme Corp", "call", D(2026, 11, 26), None, ["Sarah Mitchell"]),
    ("/kam log breakfast with Kevin 25 Feb", "Globex", "meal", D(2026, 2, 25), None, ["Kevin Walsh"]),
    ("/kam log visited the Hooli office, next: send recap tomorrow", "Hooli", "meeting", TODAY, D(2026, 11, 28), []),
    ("/kam log event at Globex 3 days ago, next: follow-up call 12/15", "Globex", "event", D(2026, 11, 24), D(2026, 12, 15), []),
    ("/kam log sync with acme about billing", "Acme Corp", "meeting", TODAY, None, []),
    ("/kam log lunch with Daniel at ACME, next step: intro to their CFO", "Acme Corp", "meal", TODAY, None, ["Daniel Okafor"]),
    ("/kam log call with Acme on 3/4", "Acme Corp", "call", D(2026, 3, 4), None, []),
    ("/kam log met Javier and Lucía 2026-02-23", "Banco Andino", "meeting", D(2026, 2, 23), None, ["Javier Morales", "Lucía Paredes"]),
    ("/kam log call with Will at Hooli, will send the deck", "Hooli", "call", TODAY, None, ["Will Turner"]),
    ("/kam log drinks with maria castillo, next: pilot plan by the 15th", "Umbrella Salud", "meal", TODAY, D(2026, 12, 15), ["María Castillo"]),
    ("/kam note call with @acme yesterday", "Acme Corp", "call", D(2026, 11, 26), None, []),
    ("call with Sarah Kim at Acme yesterday", "Acme Corp", "call", D(2026, 11, 26), None, ["Sarah Kim"]),  # a DM
    ("log: met Tony at Stark Energy this afternoon", "Stark Energy", "meeting", TODAY, None, ["Tony Rhodes"]),
    ("/kam log catch-up with Globex Corporation, next: QBR March 12", "Globex", "other", TODAY, D(2027, 3, 12), []),
]
SPANISH = [
    ("/kam log llamada con María Castillo de Umbrella Salud hoy", "Umbrella Salud", "call", TODAY, None, ["María Castillo"]),
    ("/kam log reunión con Javier en Banco Andino ayer", "Banco Andino", "meeting", D(2026, 11, 26), None, ["Javier Morales"]),
    ("/kam registrar almuerzo con Jorge Peña anteayer", "Umbrella Salud", "meal", D(2026, 11, 25), None, ["Jorge Peña"]),
    ("/kam registrar correo a Sarah Mitchell de ACME hace 4 días", "Acme Corp", "email", D(2026, 11, 23), None, ["Sarah Mitchell"]),
    ("/kam registrar visita a Globex hace dos semanas", "Globex", "meeting", D(2026, 11, 13), None, []),
    ("/kam registrar café con Margaret de Globex el jueves", "Globex", "meal", D(2026, 11, 26), None, ["Margaret Lowell"]),
    ("/kam registrar mensaje a Tony de Stark Energy el lunes pasado", "Stark Energy", "message", D(2026, 11, 23), None, ["Tony Rhodes"]),
    ("/kam registrar evento con Umbrella Salud el 3 de marzo", "Umbrella Salud", "event", D(2026, 3, 3), None, []),
    ("/kam registrar llamada con banco andino el 25/02", "Banco Andino", "call", D(2026, 2, 25), None, []),
    ("/kam registrar reunión con Acme Corp el 2026-02-23", "Acme Corp", "meeting", D(2026, 2, 23), None, []),
    ("/kam registrar cena con Kevin Walsh anoche", "Globex", "meal", D(2026, 11, 26), None, ["Kevin Walsh"]),
    ("/kam registrar llamé a Priya Shah de Globe Tech ayer, próximo paso: enviar propuesta el 12 de marzo",
     "Globe Tech", "call", D(2026, 11, 26), D(2027, 3, 12), ["Priya Shah"]),
    ("/kam registrar reunión con María Fernández hace una semana, siguiente paso: demo la semana que viene",
     "Banco Andino", "meeting", D(2026, 11, 20), D(2026, 12, 4), ["María Fernández"]),
    ("/kam registrar desayuno con Robert Hale en Acme el martes pasado, próximos pasos: llamar el próximo lunes",
     "Acme Corp", "meal", D(2026, 11, 24), D(2026, 11, 30), ["Robert Hale"]),
    ("/kam registrar llamada con Umbrela Salud hace 3 días", "Umbrella Salud", "call", D(2026, 11, 24), None, []),
    ("/kam registrar comida con el equipo de Hooli esta mañana", "Hooli", "meal", TODAY, None, []),
    ("/kam registrar whatsapp a Megan de Stark Logistics, próximo paso: enviar precios mañana",
     "Stark Logistics", "message", TODAY, D(2026, 11, 28), ["Megan Doyle"]),
    ("/kam registrar conferencia con Banco Andino el 25/02, próximo paso: propuesta el 15/12",
     "Banco Andino", "event", D(2026, 2, 25), D(2026, 12, 15), []),
    ("/kam anotar llamada con Acme el 3/4", "Acme Corp", "call", D(2026, 4, 3), None, []),
    ("/kam registrar reunión con Bánco Andíno hoy con Maria Fernandez", "Banco Andino", "meeting", TODAY, None, ["María Fernández"]),
    ("anota: llamada con Jorge de Umbrella Salud ayer", "Umbrella Salud", "call", D(2026, 11, 26), None, ["Jorge Peña"]),
    ("almorzamos con Margaret Lowell el lunes pasado", "Globex", "meal", D(2026, 11, 23), None, ["Margaret Lowell"]),  # a DM
    ("/kam registrar llamada con Lucía de Banco Andino el 3 de marzo", "Banco Andino", "call", D(2026, 3, 3), None, ["Lucía Paredes"]),
]


def _check(reply, engine, line, account, kind, occurred, due, contacts, lang):
    assert reply.kind == "logged", reply.full_text()
    assert reply.lang == lang
    data = reply.data
    assert (data["account_name"], data["kind"], data["occurred_on"]) == (account, kind, occurred.isoformat())
    assert data["next_step_due"] == (due.isoformat() if due else None)
    assert data["contact_names"] == contacts
    text = reply.full_text()
    assert account in text and format_day(occurred, lang) in text
    if due:
        assert format_day(due, lang) in text
    saved = touches(engine)
    assert len(saved) == 1
    touch = saved[0]
    assert (touch.kind, touch.occurred_on, touch.next_step_due, touch.id) == (kind, occurred, due, data["touchpoint_id"])
    assert count(engine, TouchpointContact) == len(contacts)
    assert reply.buttons[0].action_id == "touchpoint_undo" and reply.buttons[0].value == str(touch.id)


@pytest.mark.parametrize("line,account,kind,occurred,due,contacts", ENGLISH, ids=[r[0] for r in ENGLISH])
def test_english_lines(kam, engine, ws, line, account, kind, occurred, due, contacts):
    reply = kam(line, lang="es")  # the line's language wins over the user's preference
    _check(reply, engine, line, account, kind, occurred, due, contacts, "en")
    assert "Logged" in reply.text


@pytest.mark.parametrize("line,account,kind,occurred,due,contacts", SPANISH, ids=[r[0] for r in SPANISH])
def test_spanish_lines(kam, engine, ws, line, account, kind, occurred, due, contacts):
    reply = kam(line)
    _check(reply, engine, line, account, kind, occurred, due, contacts, "es")
    assert "Registré" in reply.text


@pytest.mark.parametrize("tz,line,expected", [
    ("Asia/Tokyo", "/kam log call with Acme yesterday", D(2026, 11, 27)),  # already Nov 28 in Tokyo
    ("Asia/Tokyo", "/kam log call with Acme today", D(2026, 11, 28)),
    ("Asia/Tokyo", "/kam registrar llamada con Acme ayer", D(2026, 11, 27)),
    ("America/Los_Angeles", "/kam log call with Acme yesterday", D(2026, 11, 26)),  # 07:00 on Nov 27
    ("America/Los_Angeles", "/kam log call with Acme this morning", D(2026, 11, 27)),
    ("Asia/Tokyo", "/kam log call with Acme Thursday", D(2026, 11, 26)),  # Saturday in Tokyo: Thursday is 2 days back
])
def test_dates_are_read_in_the_users_time_zone(kam, engine, ws, tz, line, expected):
    reply = kam(line, tz=tz)
    assert reply.kind == "logged"
    assert touches(engine)[0].occurred_on == expected


def test_relative_words_in_the_reply(kam, ws):
    assert "(yesterday)" in kam("/kam log call with Acme yesterday").text
    assert "(today)" in kam("/kam log call with Acme").text
    assert "(4 days ago)" in kam("/kam log call with Acme 4 days ago").text
    assert "(ayer)" in kam("/kam registrar llamada con Acme ayer").text
    assert "(anteayer)" in kam("/kam registrar llamada con Acme anteayer").text
    assert "(mañana)" in kam("/kam registrar llamada con Acme, próximo paso: precios mañana").text
    assert "(tomorrow)" in kam("/kam log call with Acme, next: pricing tomorrow").text


def test_summary_and_next_step_are_stored_as_typed(kam, engine, ws):
    kam("/kam log Call with Sarah Kim at ACME yesterday — next: send the SOW by Friday")
    touch = touches(engine)[0]
    assert touch.summary == "Call with Sarah Kim at ACME yesterday"
    assert touch.next_step == "send the SOW by Friday"
    assert (touch.logged_by, touch.source) == ("U_ANA", "command")
