"""`/kam account`: the card a KAM reads before a call: money, cadence, threads, coverage, next steps, short."""
from __future__ import annotations

from datetime import date, timedelta

from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile
from tests.core.test_who import TODAY, build

PEOPLE = [
    {"name": "Dario Decider", "title": "CEO", "role": "decision_maker"},
    {"name": "Elena Buyer", "title": "CFO", "role": "economic_buyer"},
    {"name": "Chris Champ", "title": "IT Director", "role": "champion"},
]


def lines_with(reply, text: str) -> list[str]:
    return [line for line in reply.text.splitlines() if text in line]


def test_card_shows_owner_tier_money_and_renewal(engine, kam):
    build(engine, PEOPLE, tier="A", annual_revenue=1_250_000, renewal_date=date(2027, 3, 1), industry="Retail")
    reply = kam("/kam account Acme Corp")
    assert reply.kind == "account_card"
    assert ":office: *Acme Corp* · tier A · Retail" in reply.text
    assert "*Owner:* <@U_ANA> · *Annual revenue:* 1.25M" in reply.text
    assert "*Renewal:* Mon, Mar 1, 2027 (in 94 days)" in reply.text


def test_a_stale_account_says_by_how_much(engine, kam):
    build(engine, PEOPLE, [{"who": "Dario Decider", "ago": 20}], tier="A")
    reply = kam("/kam account Acme Corp")
    assert ":red_circle: *Stale:* last touch Sat, Nov 7, 2026, 20 days ago; the cadence is 14 days, " \
           "so it is 6 days overdue." in reply.text
    assert reply.data["stale"] is True


def test_a_fresh_account_counts_down_to_its_next_touch(engine, kam):
    build(engine, PEOPLE, [{"who": "Dario Decider", "ago": 3}], tier="B")
    reply = kam("/kam account Acme Corp")
    assert "next touch due within 27 days (cadence 30 days)" in reply.text
    assert reply.data["stale"] is False and reply.data["days_left"] == 27


def test_the_accounts_own_cadence_beats_the_tier_default(engine, kam):
    build(engine, PEOPLE, [{"who": "Dario Decider", "ago": 10}], tier="C", cadence_days=7)
    reply = kam("/kam account Acme Corp")
    assert reply.data["stale"] is True and "the cadence is 7 days, so it is 3 days overdue" in reply.text


def test_a_touch_with_nobody_named_still_resets_the_cadence(engine, kam):
    build(engine, PEOPLE, [{"who": [], "ago": 1}], tier="A")
    reply = kam("/kam account Acme Corp")
    assert "Last touch Thu, Nov 26, 2026 (yesterday)" in reply.text and reply.data["stale"] is False


def test_never_touched(engine, kam):
    build(engine, PEOPLE, tier="C")
    reply = kam("/kam account Acme Corp")
    assert ":red_circle: *Never touched.* The cadence is a touch every 60 days." in reply.text


def test_last_touch_older_than_the_loading_horizon_is_still_found(engine, kam):
    build(engine, PEOPLE, [{"who": "Dario Decider", "on": date(2023, 5, 2)}], tier="B")
    reply = kam("/kam account Acme Corp")
    assert "*Stale:* last touch Tue, May 2, 2023" in reply.text


def test_single_threaded_accounts_are_flagged(engine, kam):
    build(engine, PEOPLE, [{"who": "Chris Champ", "ago": ago} for ago in (5, 30, 60)]
          + [{"who": "Elena Buyer", "ago": 120}])
    reply = kam("/kam account Acme Corp")
    assert ":warning: *Single-threaded:* only Chris Champ engaged in the last 90 days." in reply.text
    assert reply.data["single_threaded"] is True


def test_several_threads_are_listed(engine, kam):
    build(engine, PEOPLE, [{"who": ["Chris Champ", "Elena Buyer"], "ago": 5}, {"who": "Dario Decider", "ago": 80}])
    reply = kam("/kam account Acme Corp")
    assert reply.data["single_threaded"] is False and reply.data["engaged_count"] == 3
    assert "*Engaged in the last 90 days:* 3 people" in reply.text
    assert "Single-threaded" not in reply.text


def test_decision_maker_and_economic_buyer_coverage(engine, kam):
    build(engine, PEOPLE, [{"who": "Dario Decider", "ago": 10}, {"who": "Elena Buyer", "ago": 120}])
    reply = kam("/kam account Acme Corp")
    assert ":white_check_mark: *Decision maker:* Dario Decider, touched 10 days ago" in reply.text
    assert ":x: *Economic buyer:* Elena Buyer, not touched in the last 90 days" in reply.text
    assert reply.data["coverage_ok"] is False


def test_coverage_when_nobody_holds_the_role(engine, kam):
    build(engine, [{"name": "Chris Champ", "role": "champion"}], [{"who": "Chris Champ", "ago": 1}])
    reply = kam("/kam cuenta Acme Corp")
    assert ":x: *Decisor:* nadie identificado aún" in reply.text
    assert ":x: *Comprador económico:* nadie identificado aún" in reply.text


def test_open_next_steps_most_urgent_first_and_overdue_marked(engine, kam):
    touches = [
        {"who": "Chris Champ", "ago": 20, "next_step": "send the pricing deck", "due": TODAY - timedelta(days=5)},
        {"who": "Chris Champ", "ago": 10, "next_step": "book the QBR", "due": TODAY + timedelta(days=10)},
        {"who": "Chris Champ", "ago": 2, "next_step": "call back about <!channel>", "due": None},
        {"who": "Chris Champ", "ago": 60, "next_step": "ancient promise", "due": TODAY - timedelta(days=40)},
        {"who": "Chris Champ", "ago": 100, "next_step": "logged too long ago", "due": TODAY + timedelta(days=3)},
        {"who": "Chris Champ", "ago": 1, "next_step": "confirm the demo", "due": TODAY},
    ]
    build(engine, PEOPLE, touches)
    reply = kam("/kam account Acme Corp")
    steps = [line for line in reply.text.splitlines()
             if line.startswith("• ") and ("(due" in line or "call back" in line)]
    assert steps[0] == "• :rotating_light: *overdue* send the pricing deck (due Sun, Nov 22, 2026, 5 days ago)"
    assert steps[1] == "• confirm the demo (due Fri, Nov 27, 2026, today)"
    assert steps[2] == "• book the QBR (due Mon, Dec 7, 2026)"
    assert steps[3] == "• call back about &lt;!channel&gt;"
    assert "ancient promise" not in reply.text and "logged too long ago" not in reply.text


def test_no_open_next_steps(engine, kam):
    build(engine, PEOPLE)
    assert "_No open next steps._" in kam("/kam account Acme Corp").text


def test_a_300_person_account_stays_short(engine, kam):
    people = [{"name": f"Person {i:03d}", "title": "Engineer"} for i in range(300)]
    build(engine, people, [{"who": "Person 042", "ago": 1}, {"who": "Person 007", "ago": 3, "kind": "email"}])
    reply = kam("/kam account Acme Corp")
    tops = [line for line in reply.text.splitlines() if line.startswith("• *Person")]
    assert len(tops) == 5
    assert tops[0].startswith("• *Person 042*") and tops[1].startswith("• *Person 007*")
    assert "_… and 295 more_" in reply.text
    assert len(reply.text.splitlines()) < 25 and len(reply.text) < 2500


def test_top_contacts_say_how_well_we_know_them(engine, kam):
    build(engine, PEOPLE, [{"who": "Elena Buyer", "ago": ago} for ago in (1, 8, 15)])
    reply = kam("/kam account Acme Corp")
    assert "• *Elena Buyer*, CFO · economic buyer · strong relationship" in reply.text
    assert "• *Dario Decider*, CEO · decision maker · no relationship yet" in reply.text


def test_departed_people_are_counted_but_not_listed_as_contacts(engine, kam):
    build(engine, PEOPLE + [{"name": "Gone Gus", "title": "CTO", "status": "left"}], [{"who": "Gone Gus", "ago": 2}])
    reply = kam("/kam account Acme Corp")
    assert "*Top contacts* (3 people, 1 gone)" in reply.text and "Gone Gus" not in reply.text


def test_the_card_in_spanish(engine, kam):
    build(engine, PEOPLE, [{"who": "Dario Decider", "ago": 20}], tier="A", renewal_date=date(2027, 3, 1),
          annual_revenue=250_000)
    reply = kam("/kam cuenta Acme Corp")
    assert reply.lang == "es"
    assert "*Responsable:* <@U_ANA> · *Ingresos anuales:* 250 mil" in reply.text
    assert "*Renovación:* lun 1 mar 2027 (en 94 días)" in reply.text
    assert ":red_circle: *Se está enfriando:* último contacto el sáb 7 nov 2026, hace 20 días" in reply.text
    assert "*Un solo hilo:* solo Dario Decider ha tenido contacto" in reply.text


def test_unknown_account_gets_suggestions(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam account Acmo")
    assert reply.kind == "unknown_account" and "Did you mean *Acme Corp*?" in reply.text
    assert "`/kam account Acme Corp`" in reply.text


def test_plain_language_asks_for_the_card(engine, kam):
    build(engine, PEOPLE)
    assert kam("how is Acme Corp doing?").kind == "account_card"
    assert kam("¿cómo va la cuenta Acme Corp?").kind == "account_card"


def test_hostile_account_and_owner_free_text_are_escaped(engine, kam):
    with session_scope(engine) as session:
        session.add(UserProfile(team_id="T1", user_id="U_ANA", name="Ana"))
    build(engine, [{"name": "<!everyone>", "title": "<https://evil|click>"}], account="Evil & Co <b>",
          industry="<!channel>")
    reply = kam("/kam account Evil & Co <b>")
    assert reply.kind == "account_card"
    assert "<!" not in reply.text and "<https" not in reply.text
    assert "Evil &amp; Co &lt;b&gt;" in reply.text
