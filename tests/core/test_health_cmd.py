"""`/kam health` (`/kam salud`): accounts by health, worst first, read from running totals, per team."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from kambot.core.health_data import load_health
from kambot.storage.db import session_scope
from kambot.storage.plans import add_action
from tests.support.factories import make_account, make_contacts, make_touch

TODAY = date(2026, 11, 27)  # the frozen clock's day in New York


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def listed(reply) -> list[str]:
    return [line.split("*")[1] for line in reply.text.splitlines() if line.startswith("• *")]


def seed_good(engine, name="Fine", team="T1", owner="U_ANA"):
    """An account with three key roles touched recently: 100."""
    account = make_account(engine, name, team=team, owner=owner, tier="A")
    people = make_contacts(engine, account, [{"name": "Dee", "role": "decision_maker"},
                                             {"name": "Eve", "role": "economic_buyer"},
                                             {"name": "Cho", "role": "champion"}])
    for person in people:
        make_touch(engine, account, on=ago(2), by=owner, contacts=[person])
    return account, people


def test_worst_first_with_why_lines(engine, kam):
    seed_good(engine)
    late = make_account(engine, "Late", owner="U_ANA", tier="A")
    maria = make_contacts(engine, late, [{"name": "Maria", "role": "champion"}])[0]
    make_touch(engine, late, on=ago(19), by="U_ANA", contacts=[maria], next_step="send proposal",
               next_step_due=ago(10))
    make_account(engine, "Someone else's", owner="U_BEN")
    reply = kam("/kam health")
    assert reply.kind == "health"
    assert listed(reply) == ["Late", "Fine"]
    assert "Health of your 2 accounts" in reply.text
    assert "• *Fine*: 100, healthy: nothing to flag" in reply.text
    late_row = reply.data["accounts"][0]
    assert late_row["name"] == "Late" and late_row["band"] == "at_risk"
    assert late_row["reasons"][:2] == ["threads", "recency"]
    assert "only 1 stakeholder engaged in 90 days; last touch 19 days ago against a 14-day cadence" in reply.text


def test_spanish_and_all(engine, kam):
    seed_good(engine)
    make_account(engine, "Nueva", owner="U_BEN", tier="B")
    reply = kam("/kam salud todas")
    assert reply.lang == "es"
    assert listed(reply) == ["Nueva", "Fine"]
    assert "nunca contactada (cadencia de 30 días)" in reply.text
    assert "Salud de las 2 cuentas del equipo" in reply.text


def test_other_teams_are_not_read(engine, kam):
    seed_good(engine, "Theirs", team="T2")
    reply = kam("/kam health all")
    assert reply.data["total"] == 0
    assert kam("/kam health all", team="T2").data["accounts"][0]["score"] == 100


def test_overdue_plan_actions_count(engine, kam):
    account, _ = seed_good(engine)
    with session_scope(engine) as session:
        for _ in range(2):
            add_action(session, team_id="T1", account_id=account.id, title="ROI study", due=ago(3))
    reply = kam("/kam health")
    assert "2 plan actions overdue" in reply.text
    assert reply.data["accounts"][0]["score"] == 90


def test_many_accounts_are_counted_not_listed(engine, kam):
    for i in range(20):
        make_account(engine, f"Acct {i:02d}", owner="U_ANA")
    reply = kam("/kam health")
    assert len(listed(reply)) == 15 and "…and 5 more." in reply.text


def test_health_on_a_past_day_uses_the_data_of_that_day(engine):
    account, people = seed_good(engine)  # touched 2 days ago: a week ago it was older than that
    make_touch(engine, account, on=ago(40), by="U_ANA", contacts=people[:1])
    with session_scope(engine) as session:
        now = load_health(session, team_id="T1", today=TODAY)[0].health
        week_ago = load_health(session, team_id="T1", today=TODAY, as_of=ago(7))[0]
    assert now.score == 100
    # A week ago: last touch 33 days before, one contact touched (the decision maker, silent 33 days), two
    # roles never touched.
    assert week_ago.inputs.last_touch_on == ago(40) and week_ago.inputs.threads == 1
    assert [r.key for r in week_ago.health.reasons] == ["recency", "threads", "role_never", "role_never",
                                                         "role_silent"]
    assert week_ago.health.score == 100 - 35 - 14 - 8 - 8 - 6


def test_usage_for_an_unknown_word(kam):
    assert kam("/kam health banana").kind == "usage"


def test_the_account_card_shows_health_in_both_languages(engine, kam):
    seed_good(engine, "Acme")
    reply = kam("/kam account Acme")
    assert reply.data["health"] == 100 and reply.data["health_band"] == "healthy"
    assert "*Health:* 100, healthy: nothing to flag" in reply.text
    assert "*Salud:* 100, sana: nada que señalar" in kam("/kam cuenta Acme").text


@pytest.mark.parametrize("text, lang, who", [
    ("how healthy are my accounts?", "en", "mine"),
    ("Which accounts are at risk?", "en", "mine"),
    ("account health for the whole team", "en", "all"),
    ("health of <@U_BEN>'s accounts", "en", "user"),
    ("¿Qué cuentas están en riesgo?", "es", "mine"),
    ("salud de mis cuentas", "es", "mine"),
    ("cuentas en riesgo de todo el equipo", "es", "all"),
    ("salud de las cuentas de <@U_BEN>", "es", "user"),
])
def test_dm_phrasings_in_both_languages(engine, kam, text, lang, who):
    seed_good(engine)
    make_account(engine, "Nueva", owner="U_BEN", tier="B")
    reply = kam(text)
    assert (reply.kind, reply.lang, reply.data["who"]) == ("health", lang, who), reply.text
    expected = {"mine": ["Fine"], "all": ["Nueva", "Fine"], "user": ["Nueva"]}[who]
    assert listed(reply) == expected
    assert ("Health of" if lang == "en" else "Salud de") in reply.text
