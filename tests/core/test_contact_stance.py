"""Stance and influence from `/kam contact`, the contact form and `who`, in English and Spanish, per team."""
from __future__ import annotations

import json

import pytest

from tests.core.test_contact import PEOPLE, contact, save_form
from tests.core.test_who import build, strong, top_line


def test_set_stance_and_influence_in_english(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam contact Acme Corp: Jane Doe, stance supporter, influence high")
    assert reply.kind == "contact_added"
    assert "• *Stance:* supporter" in reply.text and "• *Influence:* high" in reply.text
    jane = contact(engine, "Jane Doe")
    assert (jane.stance, jane.influence) == ("supporter", "high")
    edited = kam("/kam contact Acme Corp: Jane Doe, stance non-supporter, influence none")
    assert "stance, influence" in edited.text and "• *Stance:* non-supporter" in edited.text
    assert (contact(engine, "Jane Doe").stance, contact(engine, "Jane Doe").influence) == ("non_supporter", None)


@pytest.mark.parametrize("typed, stance, influence", [
    ("postura partidaria, influencia alta", "supporter", "high"),
    ("postura partidario, influencia media", "supporter", "medium"),
    ("postura mentora, influencia baja", "mentor", "low"),
    ("postura no partidaria, influencia Alta", "non_supporter", "high"),
    ("postura detractóra, influencia media", "detractor", "medium"),
    ("postura neutral", "neutral", None),
])
def test_set_stance_and_influence_in_spanish(engine, kam, typed, stance, influence):
    build(engine, PEOPLE)
    reply = kam(f"/kam contacto Acme Corp: Vera Boss, {typed}")
    assert reply.lang == "es" and reply.kind == "contact_saved"
    assert "• *Postura:*" in reply.text and "• *Influencia:*" in reply.text
    vera = contact(engine, "Vera Boss")
    assert (vera.stance, vera.influence) == (stance, influence)


def test_a_bad_stance_or_influence_changes_nothing(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam contact Acme Corp: Vera Boss, stance friendly")
    assert "I don't know the stance “friendly”" in reply.text and "non-supporter" in reply.text
    reply = kam("/kam contacto Acme Corp: Vera Boss, influencia enorme")
    assert "La influencia puede ser alta, media, baja" in reply.text
    assert contact(engine, "Vera Boss").stance is None and contact(engine, "Vera Boss").influence is None


def test_the_form_sets_and_clears_them(engine, core, make_ctx):
    ids = build(engine, PEOPLE)
    vera = contact(engine, "Vera Boss")
    reply = save_form(core, make_ctx, account_id=ids["Acme Corp"], contact_id=vera.id, name="Vera Boss",
                      stance="Detractor", influence="high")
    assert reply.kind == "contact_saved"
    assert (contact(engine, "Vera Boss").stance, contact(engine, "Vera Boss").influence) == ("detractor", "high")
    save_form(core, make_ctx, account_id=ids["Acme Corp"], contact_id=vera.id, name="Vera Boss", stance="")
    assert (contact(engine, "Vera Boss").stance, contact(engine, "Vera Boss").influence) == (None, "high")
    bad = save_form(core, make_ctx, account_id=ids["Acme Corp"], contact_id=vera.id, name="Vera Boss", influence="x")
    assert bad.data["problem"] == "bad_influence"


def test_another_teams_stance_is_untouched(engine, kam):
    build(engine, PEOPLE, team="T2")
    build(engine, PEOPLE)
    kam("/kam contact Acme Corp: Vera Boss, stance detractor")
    assert contact(engine, "Vera Boss", team="T2").stance is None
    assert contact(engine, "Vera Boss").stance == "detractor"


def test_who_never_puts_a_detractor_first_and_says_why_in_both_languages(engine, kam):
    build(engine, [
        {"name": "Vera Boss", "title": "CEO", "role": "decision_maker", "stance": "detractor"},
        {"name": "Nina Neutral", "title": "VP Sales", "role": "influencer", "stance": "neutral", "influence": "high",
         "reports_to": "Vera Boss"},
    ], strong("Vera Boss"))
    reply = kam("/kam who Acme Corp")
    assert "Nina Neutral" in top_line(reply) and "high influence, neutral: win them over" in reply.text
    assert "careful: a detractor, works against us" in reply.text
    spanish = kam("/kam quién Acme Corp")
    assert "Nina Neutral" in top_line(spanish)
    assert "mucha influencia y postura neutral: hay que ganárselo" in spanish.text
    assert "es detractor, juega en contra" in spanish.text


def test_the_card_flags_a_key_account_with_no_supporter_among_its_deciders(engine, kam):
    build(engine, [{"name": "Vera Boss", "role": "decision_maker", "stance": "neutral"},
                   {"name": "Ed Buyer", "role": "economic_buyer"},
                   {"name": "Chris Champ", "role": "champion", "stance": "supporter"}], tier="A")
    build(engine, [{"name": "Vera Boss", "role": "decision_maker"}], account="Globex", tier="B")
    assert "No supporter among the decision makers" in kam("/kam account Acme Corp").text
    assert "Ningún partidario entre quienes deciden" in kam("/kam cuenta Acme Corp").text
    assert "No supporter" not in kam("/kam account Globex").text  # not a key account
    kam("/kam contact Acme Corp: Ed Buyer, stance mentor")
    assert "No supporter" not in kam("/kam account Acme Corp").text
