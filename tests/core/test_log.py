"""`/kam log`: refusals and questions write nothing; new contacts, mentions, DMs, dry runs, teams, escaping."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kambot.core.commands.log import handle
from kambot.storage.db import session_scope
from kambot.storage.models import Contact, Touchpoint, TouchpointContact, TouchpointParticipant
from tests.core.log_workspace import contacts_named, count, touches, ws  # noqa: F401 - ws is a fixture


def _rows(engine, team="T1"):
    return count(engine, Touchpoint, team), count(engine, Contact, team), count(engine, TouchpointContact, team)


def test_future_date_is_refused_with_the_next_step_command(kam, engine, ws):
    before = _rows(engine)
    reply = kam("/kam log call with Sarah Kim at Acme tomorrow")
    assert reply.kind == "refused" and reply.data["reason"] == "future"
    assert "future" in reply.text and "Sat, Nov 28, 2026" in reply.text
    assert "`/kam log Acme Corp next: call with Sarah Kim at Acme tomorrow`" in reply.text
    assert _rows(engine) == before


def test_future_date_in_spanish(kam, engine, ws):
    reply = kam("/kam registrar llamada con Jorge de Umbrella Salud el próximo lunes")
    assert reply.kind == "refused" and reply.lang == "es"
    assert "futura" in reply.text and "/kam registrar Umbrella Salud próximo paso:" in reply.text
    assert count(engine, Touchpoint) == 0


def test_future_date_without_a_known_account_shows_a_placeholder(kam, ws):
    reply = kam("/kam log call with Foobar next Monday")
    assert reply.kind == "refused" and "`/kam log &lt;account&gt; next:" in reply.text


def test_impossible_dates_are_refused_by_name(kam, engine, ws):
    reply = kam("/kam log call with Acme on 2/30")
    assert reply.kind == "refused" and reply.data["reason"] == "impossible" and "2/30" in reply.text
    reply = kam("/kam registrar llamada con Acme el 31/02")
    assert reply.kind == "refused" and reply.lang == "es" and "31/02" in reply.text and "no es una fecha" in reply.text
    assert count(engine, Touchpoint) == 0


def test_ambiguous_account_asks_and_writes_nothing(kam, engine, ws):
    before = _rows(engine)
    reply = kam("/kam log call with Stark yesterday")
    assert reply.kind == "ambiguous"
    assert [c["name"] for c in reply.data["candidates"]] == ["Stark Energy", "Stark Logistics"]
    assert "Stark Energy" in reply.text and "Stark Logistics" in reply.text and "Nothing was saved" in reply.text
    assert _rows(engine) == before
    assert "¿Cuál" in kam("/kam registrar llamada con Stark ayer").text


def test_first_name_at_two_accounts_asks_which_account(kam, engine, ws):
    reply = kam("/kam log call with Maria yesterday")
    assert reply.kind == "ambiguous"
    assert {c["name"] for c in reply.data["candidates"]} == {"Banco Andino", "Umbrella Salud"}
    assert count(engine, Touchpoint) == 0


def test_typo_near_two_accounts_without_a_contact_asks(kam, engine, ws):
    reply = kam("/kam log call at Globe")
    assert reply.kind == "ambiguous"
    assert {c["name"] for c in reply.data["candidates"]} == {"Globex", "Globe Tech"}


def test_shared_first_name_within_the_account_asks_which_person(kam, engine, ws):
    before = _rows(engine)
    reply = kam("/kam log lunch with Sarah at Acme yesterday")
    assert reply.kind == "ambiguous"
    assert "Sarah Kim (IT Director)" in reply.text and "Sarah Mitchell (CFO)" in reply.text
    assert [p["name"] for p in reply.data["ambiguous_contacts"][0]["people"]] == ["Sarah Kim", "Sarah Mitchell"]
    assert _rows(engine) == before
    spanish = kam("/kam registrar almuerzo con Sarah de Acme ayer")
    assert spanish.kind == "ambiguous" and "más de una persona" in spanish.text


def test_unknown_account_suggests_close_names_and_writes_nothing(kam, engine, ws):
    reply = kam("/kam log lunch at Umbrel yesterday")
    assert reply.kind == "unknown_account"
    assert reply.data["suggestions"][0] == "Umbrella Salud" and "Did you mean *Umbrella Salud*" in reply.text
    assert count(engine, Touchpoint) == 0
    spanish = kam("/kam registrar almuerzo en Umbrel ayer")
    assert spanish.kind == "unknown_account" and "¿Quisiste decir *Umbrella Salud*" in spanish.text


def test_unknown_account_without_anything_close(kam, ws):
    reply = kam("/kam log call with the Foobar team yesterday")
    assert reply.kind == "unknown_account" and reply.data["suggestions"] == []
    assert "couldn't find an account" in reply.text


def test_new_contact_is_created_at_the_account(kam, engine, ws):
    reply = kam("/kam log lunch with our new contact Ravi Patel at Globex yesterday")
    assert reply.kind == "logged" and "Ravi Patel (new contact added)" in reply.text
    [ravi] = contacts_named(engine, "Ravi Patel")
    assert ravi.account_id == ws.account("Globex")
    assert reply.data["new_contacts"] == ["Ravi Patel"] and reply.data["contact_ids"] == [ravi.id]


def test_new_contact_in_spanish_keeps_the_title(kam, engine, ws):
    reply = kam("/kam registrar almuerzo con la nueva directora, Ana Gómez, de Umbrella Salud el jueves")
    assert reply.kind == "logged" and "Ana Gómez (contacto nuevo añadido)" in reply.text
    [ana] = contacts_named(engine, "Ana Gómez")
    assert (ana.account_id, ana.title) == (ws.account("Umbrella Salud"), "directora")


def test_a_known_person_called_new_is_not_duplicated(kam, engine, ws):
    reply = kam("/kam log met our new CFO, Sarah Mitchell, at Acme")
    assert reply.kind == "logged" and reply.data["new_contacts"] == []
    assert reply.data["contact_ids"] == [ws.contact("Sarah Mitchell")]
    assert len(contacts_named(engine, "Sarah Mitchell")) == 1


def test_refused_line_with_a_new_contact_creates_nobody(kam, engine, ws):
    kam("/kam log lunch with our new contact Ravi Patel at Globex tomorrow")
    kam("/kam log lunch with our new contact Ravi Patel and Sarah at Acme")
    assert contacts_named(engine, "Ravi Patel") == []


def test_mentions_become_participants_with_the_logger(kam, engine, ws):
    reply = kam("/kam log call with Acme with <@U07BEN> and <@U07CARLA|carla> yesterday")
    assert reply.data["participants"] == ["U07BEN", "U07CARLA", "U_ANA"]
    assert "<@U07BEN>" in reply.text  # our own ids are shown as real mentions
    with session_scope(engine) as session:
        users = set(session.execute(select(TouchpointParticipant.user_id)).scalars())
    assert users == {"U07BEN", "U07CARLA", "U_ANA"}


def test_hostile_text_is_stored_as_typed_and_shown_escaped(kam, engine, ws):
    reply = kam("/kam log <!channel> met Acme & <https://evil.example|click> yesterday")
    assert reply.kind == "logged"
    assert touches(engine)[0].summary == "<!channel> met Acme & <https://evil.example|click> yesterday"
    assert "&lt;!channel&gt;" in reply.text and "<!channel>" not in reply.text
    assert "&amp;" in reply.text and "<https://" not in reply.text


def test_dm_report_is_logged_as_a_message(kam, engine, ws):
    reply = kam("met Robert Hale at Acme yesterday", source="message")
    assert reply.kind == "logged" and touches(engine)[0].source == "message"


@pytest.mark.parametrize("texts", [
    ("hello there", "thanks!", "hola, ¿qué tal?", "see you tomorrow"),  # no report at all
    ("Acme Corp", "umbrella salud please", "Acme Corp is doing great", "lo de Umbrella Salud va bien"),  # no interaction
], ids=["no_report", "account_but_no_interaction"])
def test_dm_that_tells_of_no_touch_gets_short_help_and_saves_nothing(kam, engine, ws, texts):
    for text in texts:
        reply = kam(text)
        assert reply.kind == "usage", text
        assert "/kam help" in reply.text or "/kam ayuda" in reply.text
    assert count(engine, Touchpoint) == 0


def test_dm_naming_a_known_person_at_the_account_is_logged(kam, engine, ws):
    reply = kam("Acme: Daniel Okafor confirmed the budget")
    assert reply.kind == "logged"
    assert [t.account_id for t in touches(engine)] != []


def test_someone_the_account_does_not_know_is_pointed_out_not_added(kam, engine, ws):
    contacts_before = count(engine, Contact)
    reply = kam("/kam log lunch with Peter Lang and Sarah Mitchell at Acme today")
    assert reply.kind == "logged" and reply.data["unknown_names"] == ["Peter Lang"]
    assert "Not on Acme Corp's map yet: Peter Lang" in reply.text and "`/kam contact Acme Corp: Peter Lang" in reply.text
    reply = kam("/kam registrar videollamada con Lucía en Umbrella Salud ayer")
    assert "Aún no está en el mapa de Umbrella Salud: Lucía" in reply.text
    assert count(engine, Contact) == contacts_before
    known = kam("/kam log call with Sarah Mitchell and Robert Hale at Acme Corp today")
    assert known.data["unknown_names"] == [] and "map yet" not in known.text


def test_conversation_verbs_are_logged_as_calls(kam, engine, ws):
    for text, lang in (("talked to Sarah Kim at Acme yesterday", "en"), ("spoke with Robert Hale at Acme today", "en"),
                       ("hablé con Jorge Peña de Umbrella Salud ayer", "es"),
                       ("charlamos con María Castillo en Umbrella Salud hoy", "es")):
        reply = kam(text)
        assert reply.kind == "logged" and reply.lang == lang, text
    assert [t.kind for t in touches(engine)] == ["call"] * 4


def test_dm_with_a_kind_word_but_no_account_says_so(kam, ws):
    assert kam("call with the Foobar team yesterday").kind == "unknown_account"


def test_empty_log_explains_what_to_type(kam, ws):
    reply = kam("/kam log")
    assert reply.kind == "usage" and "/kam log call with Maria at Acme" in reply.text
    assert "/kam registrar" in kam("/kam registrar").text


def test_dry_run_understands_everything_and_writes_nothing(core, make_ctx, engine, ws):
    before = _rows(engine)
    line = "lunch with our new contact Ravi Patel and Sarah Kim at ACME yesterday <@U07BEN>, next: pilot by Friday"
    reply = core._run(handle, make_ctx(), line, "en", extra={"dry_run": True, "from_message": True})
    assert reply.kind == "draft" and reply.ok
    assert reply.data["touchpoint_id"] is None
    assert reply.data["account_name"] == "Acme Corp" and reply.data["contact_ids"] == [ws.contact("Sarah Kim")]
    assert reply.data["new_contacts"] == ["Ravi Patel"] and reply.data["next_step_due"] == "2026-12-04"
    assert reply.data["participants"] == ["U07BEN", "U_ANA"] and reply.buttons == []
    assert "not saved yet" in reply.text
    assert _rows(engine) == before and contacts_named(engine, "Ravi Patel") == []


def test_dry_run_refuses_like_the_real_thing(core, make_ctx, engine, ws):
    reply = core._run(handle, make_ctx(), "call with Stark tomorrow", "en", extra={"dry_run": True})
    assert reply.kind == "refused"


def test_teams_never_see_each_other(kam, engine, ws):
    assert kam("/kam log call with Zed Quill yesterday").kind == "unknown_account"  # Zed is T2's
    reply = kam("/kam log call with Zed Quill yesterday", team="T2")
    assert reply.kind == "logged" and reply.data["account_id"] == ws.account("Globex", "T2")
    assert kam("/kam log lunch with Kevin Walsh", team="T2").kind == "unknown_account"  # Kevin is T1's
    reply = kam("/kam log call with Sarah at Acme", team="T2")  # one Sarah in T2: no question
    assert reply.data["contact_ids"] == [ws.contact("Sarah Mitchell", "T2")]
    reply = kam("/kam log call at Umbrela Salud", team="T2")
    assert reply.data["account_id"] == ws.account("Umbrella Salud", "T2")
    assert count(engine, Touchpoint, "T1") == 0
    assert {t.account_id for t in touches(engine, "T2")} == {ws.account("Globex", "T2"), ws.account("Acme Corp", "T2"),
                                                             ws.account("Umbrella Salud", "T2")}


def test_english_line_gets_an_english_reply_even_for_a_spanish_user(kam, ws):
    reply = kam("/kam log call with Acme yesterday", lang="es")
    assert reply.lang == "en" and "Logged" in reply.text and "(yesterday)" in reply.text
    reply = kam("/kam log llamada con Acme ayer", lang="en")
    assert reply.lang == "es" and "Registré una *llamada*" in reply.text and "(ayer)" in reply.text
