"""Who should I contact at X: ranking rules, ways in, departed people and the en/es how-to line."""
from datetime import date, timedelta

import pytest

from kambot.domain.recommend import (
    Candidate, Cold, Known, OrgPath, Person, WarmIntro, approach_text, recommend,
)
from kambot.domain.relationships import TouchRelationships
from kambot.domain.strength import Touch, contact_strength

TODAY = date(2026, 3, 10)
ASKER = "U_ANA"


def person(pid, name=None, title=None, department=None, role=None, reports_to=None, status="active",
           owner=None):
    return Person(pid, name or f"Person {pid}", title, department, role, reports_to, status, owner)


def touches(days_ago=(1, 8, 15), kind="meeting", who=("U_BEN",)):
    """Strong by default (three recent meetings)."""
    return [Touch(TODAY - timedelta(days=d), kind, tuple(who)) for d in days_ago]


STRONG, MEDIUM, WEAK = touches(), touches((3, 10), "call"), touches((200,), "email")


def ask(people, by_person=None, topic=None, asker=ASKER):
    return recommend(people, TouchRelationships(by_person or {}, today=TODAY), asker=asker, today=TODAY, topic=topic)


def ids(rec):
    return [c.person.id for c in (rec.top, *rec.alternatives) if c is not None]


# --- people who left --------------------------------------------------------------------------

def test_people_who_left_are_never_recommended():
    people = [person(1, title="CFO", role="decision_maker", status="left"),
              person(2, title="Analyst", role="user"), person(3, title="CFO", role="champion", status="Left ")]
    rec = ask(people, {1: STRONG, 3: STRONG}, topic="finance")
    assert ids(rec) == [2]
    assert all(c.person.status == "active" for c in (rec.top, *rec.alternatives))
    assert not ask([person(1, status="left")], {1: STRONG}).top


def test_departed_reported_with_replacement_by_same_title():
    people = [person(1, "Old CFO", "CFO", "Finance", "economic_buyer", status="left"),
              person(2, "New CFO", "cfo", "Finance", None), person(3, "Other", "Controller", "Finance", "user")]
    rec = ask(people, {1: STRONG}, topic="billing")
    assert [d.person.id for d in rec.departed] == [1]
    assert rec.departed[0].replaced_by.id == 2
    assert rec.top.person.id == 2  # the successor matches the topic too


def test_departed_only_reported_when_they_would_have_been_the_answer():
    people = [person(1, title="Intern", role="user", status="left"), person(2, title="CEO", role="decision_maker"),
              person(3, title="Ex CEO", role="decision_maker", status="left")]
    rec = ask(people, {2: STRONG, 3: STRONG})
    assert rec.top.person.id == 2
    assert rec.departed == ()
    rec = ask(people, {3: STRONG, 1: STRONG})  # now the departed CEO was our warm way in
    assert [d.person.id for d in rec.departed] == [3] and rec.departed[0].replaced_by is None


# --- topic ------------------------------------------------------------------------------------

def test_seguridad_finds_the_ciso_over_a_warm_decision_maker():
    people = [person(1, title="CEO", role="decision_maker"), person(2, "Lucía", "CISO", "Tecnología", "user")]
    rec = ask(people, {1: STRONG}, topic="seguridad")
    assert rec.top.person.id == 2 and rec.top.reason_code == "topic_match"
    assert rec.alternatives[0].person.id == 1


def test_billing_finds_directora_de_finanzas_and_compras_finds_procurement():
    people = [person(1, title="CEO", role="decision_maker"), person(2, title="Directora de Finanzas"),
              person(3, title="Procurement Manager"), person(4, title="Head of InfoSec")]
    assert ask(people, {1: STRONG}, topic="billing").top.person.id == 2
    assert ask(people, {1: STRONG}, topic="compras").top.person.id == 3
    assert ask(people, {1: STRONG}, topic="cybersecurity").top.person.id == 4


def test_topic_ties_broken_by_buying_power_then_strength():
    people = [person(1, title="Billing Analyst", role="user"),
              person(2, title="VP Finance", role="economic_buyer"),
              person(3, title="Accounts Payable", role="user"), person(4, title="CTO", role="decision_maker")]
    rec = ask(people, {1: WEAK, 3: MEDIUM, 4: STRONG}, topic="facturación")
    assert ids(rec) == [2, 3, 1]  # matches first; power, then strength among equals; the CTO is not in it


def test_topic_nobody_matches_falls_back_to_the_usual_ranking():
    people = [person(1, title="CEO", role="decision_maker"), person(2, title="Ops", role="champion")]
    rec = ask(people, {1: MEDIUM, 2: STRONG}, topic="legal")
    assert rec.top.person.id == 1 and rec.top.reason_code == "warm_decider"


# --- no topic: buying power with strength ------------------------------------------------------

def test_warm_decision_maker_beats_everyone():
    people = [person(1, role="champion"), person(2, role="decision_maker"), person(3, role="economic_buyer"),
              person(4, role="influencer")]
    rec = ask(people, {1: STRONG + STRONG, 2: MEDIUM, 4: STRONG})
    assert rec.top.person.id == 2 and rec.top.reason_code == "warm_decider"
    assert rec.top.strength.band == "medium"


def test_buying_power_order_at_equal_strength():
    roles = [None, "user", "influencer", "champion", "technical_buyer", "economic_buyer", "decision_maker"]
    people = [person(i, role=role) for i, role in enumerate(roles, 1)]
    order = []
    while people:
        top = ask(people, {p.id: WEAK for p in people}).top.person
        order.append(top.role)
        people = [p for p in people if p.id != top.id]
    assert order[:2] == ["economic_buyer", "decision_maker"] or order[:2] == ["decision_maker", "economic_buyer"]
    assert order[2] == "champion" and set(order[3:5]) == {"technical_buyer", "influencer"}
    assert order[5:] == ["user", None]


def test_strength_decides_within_a_role_and_a_strong_champion_beats_a_cold_decision_maker():
    people = [person(1, role="champion"), person(2, role="champion"), person(3, role="decision_maker")]
    rec = ask(people, {1: WEAK, 2: STRONG})
    assert ids(rec) == [2, 3, 1]
    assert rec.top.reason_code == "warm_relationship"


def test_blocker_is_never_first_while_anyone_else_is_active():
    people = [person(1, title="CISO", role="blocker"), person(2, title="Clerk")]
    assert ask(people, {1: STRONG}).top.person.id == 2
    assert ask(people, {1: STRONG}, topic="security").top.person.id == 2
    assert ask(people, {1: STRONG}, topic="security").alternatives[0].reason_code == "blocker"
    alone = ask([person(1, title="CISO", role="blocker"), person(2, status="left")], {1: STRONG})
    assert alone.top.person.id == 1 and alone.top.reason_code == "blocker"


def test_a_blocker_who_matches_the_topic_is_shown_right_after_the_first():
    people = [person(1, "Tom", "Procurement Manager", role="blocker"), person(2, "Sara", "CFO", role="economic_buyer"),
              person(3, "Dan", "VP Operations", role="champion"), person(4, "Rob", "CEO", role="decision_maker")]
    for topic in ("procurement", "compras", "purchasing"):
        rec = ask(people, {2: STRONG, 3: STRONG, 4: WEAK}, topic=topic)
        assert rec.top.person.id != 1, topic
        assert rec.alternatives[0].person.id == 1 and rec.alternatives[0].reason_code == "blocker", topic


# --- nobody knows anyone -----------------------------------------------------------------------

def test_no_relationships_start_with_the_decision_maker():
    people = [person(1, "Carla", "CEO"), person(2, "Dan", "VP Ops", reports_to=1),
              person(3, "Dora", "Director", role="decision_maker", reports_to=2),
              person(4, "Eve", "Analyst", role="champion", reports_to=3), person(5, "Ex", status="left")]
    rec = ask(people, {5: STRONG})  # knowing someone who left is no relationship at the account
    assert rec.no_relationships
    assert ids(rec) == [3, 1, 2]  # the decision maker, then the next two from the top of the chart
    assert rec.top.reason_code == "decider" and rec.alternatives[0].reason_code == "top_of_org"
    assert all(isinstance(c.approach, Cold) and not c.approach.anyone_known for c in (rec.top, *rec.alternatives))


def test_no_relationships_and_no_decision_maker_start_at_the_top_of_the_chart():
    people = [person(4, "Eve", role="champion", reports_to=3), person(3, "Dora", reports_to=1),
              person(1, "Carla", "Presidenta"), person(2, "Loner"), person(6, "Gus", reports_to=1)]
    rec = ask(people)
    assert rec.no_relationships and ids(rec) == [1, 2, 3]  # roots first, the biggest tree first


def test_no_relationships_with_a_topic_and_a_flat_chart():
    people = [person(1, title="Analyst", role="decision_maker"), person(2, title="Buyer"),
              person(3, title="Jefa de Compras"), person(4, title="Directora General")]
    rec = ask(people, topic="compras")
    assert rec.no_relationships and ids(rec) == [3, 2, 1]  # topic first, then by how senior the title reads
    assert ids(ask(people)) == [1, 4, 3]


def test_relationship_owner_counts_as_a_relationship():
    people = [person(1, role="decision_maker"), person(2, role="user", owner="U_BEN")]
    rec = ask(people)
    assert not rec.no_relationships
    assert rec.alternatives[0].approach == WarmIntro(via="U_BEN", last_met=None)


# --- ways in -----------------------------------------------------------------------------------

def test_known_by_asker():
    rec = ask([person(1, role="decision_maker")], {1: touches(who=("U_ANA", "U_BEN"))})
    assert rec.top.approach == Known(by_asker=True)
    assert ask([person(1, owner=ASKER)]).top.approach == Known(by_asker=True)


def test_warm_intro_via_the_teammate_who_knows_them():
    met = TODAY - timedelta(days=18)
    people = [person(1, "Priya Shah", role="decision_maker")]
    by_person = {1: [Touch(met, "meeting", ("U_BEN",)), Touch(TODAY - timedelta(days=40), "email", ("U_CAL",))]}
    rec = ask(people, by_person)
    assert rec.top.approach == WarmIntro(via="U_BEN", last_met=met)
    # the asker's own weak link loses to a teammate's warm one
    by_person[1] += [Touch(TODAY - timedelta(days=300), "email", (ASKER,))] + STRONG
    assert isinstance(ask(people, by_person).top.approach, WarmIntro)


def test_org_path_from_the_nearest_person_we_know():
    people = [person(1, "Ana Gómez", "CEO"), person(2, "Luis Pérez", "CFO", reports_to=1),
              person(3, "Marta Ruiz", "Directora de Finanzas", role="decision_maker", reports_to=2),
              person(4, "Far Away", reports_to=1)]
    rec = ask(people, {1: touches(who=("U_BEN",))}, topic="finanzas")
    assert rec.top.person.id == 3
    assert rec.top.approach == OrgPath(path=(1, 2, 3), via="U_BEN")
    rec = ask(people, {1: WEAK, 4: touches(who=(ASKER,))}, topic="finanzas")
    assert rec.top.approach == OrgPath(path=(1, 2, 3), via="U_BEN")  # nearest wins over the asker's own


def test_org_path_prefers_someone_the_asker_knows_at_the_same_distance():
    people = [person(1, "Boss"), person(2, "Known by Ben", reports_to=1), person(3, "Known by Ana", reports_to=1),
              person(4, "Target", role="decision_maker", reports_to=1)]
    rec = ask(people, {2: STRONG, 3: touches((100,), "email", (ASKER,))})
    assert rec.top.person.id == 4
    assert rec.top.approach == OrgPath(path=(3, 1, 4), by_asker=True)


def test_org_path_skips_managers_who_left_and_cold_when_no_path():
    people = [person(1, "Ana"), person(2, "Gone", status="left", reports_to=1),
              person(3, "Marta", role="decision_maker", reports_to=2), person(9, "Island", role="economic_buyer")]
    rec = ask(people, {1: STRONG})
    by_id = {c.person.id: c for c in (rec.top, *rec.alternatives)}
    assert by_id[3].approach == OrgPath(path=(1, 3), via="U_BEN")
    assert by_id[9].approach == Cold(anyone_known=True)


def test_cycles_in_the_org_chart_do_not_hang():
    people = [person(1, reports_to=2), person(2, reports_to=1), person(3, role="decision_maker", reports_to=3)]
    rec = ask(people, {1: STRONG})
    assert rec.top.person.id in (1, 3) and len(ids(rec)) == 3


# --- the how-to-reach line ---------------------------------------------------------------------

def candidate(approach, name="Priya Shah"):
    return Candidate(person(7, name), contact_strength([], today=TODAY), "decider", approach)


@pytest.mark.parametrize("approach,en,es", [
    (Known(), "you already know Priya Shah", "ya conoces a Priya Shah"),
    (WarmIntro("U_BEN", date(2026, 2, 20)), "ask <@U_BEN>, who met Priya Shah on Feb 20, for an intro",
     "pide a <@U_BEN> que te presente a Priya Shah: estuvieron en contacto el 20 feb"),
    (WarmIntro("U_BEN", date(2025, 11, 3)), "ask <@U_BEN>, who met Priya Shah on Nov 3, 2025, for an intro",
     "pide a <@U_BEN> que te presente a Priya Shah: estuvieron en contacto el 3 nov 2025"),
    (WarmIntro("U_BEN", None), "ask <@U_BEN>, who owns the relationship with Priya Shah, for an intro",
     "pide a <@U_BEN> que te presente a Priya Shah: lleva la relación"),
    (Cold(), "nobody on the team knows anyone at the account yet: reach out to Priya Shah cold",
     "nadie del equipo conoce aún a nadie en la cuenta: contacta a Priya Shah en frío"),
])
def test_approach_text_en_es(approach, en, es):
    assert approach_text(candidate(approach), {}, "en", today=TODAY) == en
    assert approach_text(candidate(approach), {}, "es", today=TODAY) == es


def test_org_path_text():
    people = {1: person(1, "Ana Gómez"), 2: person(2, "Luis Pérez"), 3: person(3, "Marta Ruiz")}
    path = Candidate(people[3], contact_strength([], today=TODAY), "decider", OrgPath((1, 2, 3), via="U_BEN"))
    assert approach_text(path, people, "en") == (
        "nobody on the team knows Marta Ruiz yet; go through the org chart: "
        "Ana Gómez → Luis Pérez → Marta Ruiz (<@U_BEN> knows Ana Gómez)")
    assert approach_text(path, people, "es") == (
        "nadie del equipo conoce aún a Marta Ruiz; ve por el organigrama: "
        "Ana Gómez → Luis Pérez → Marta Ruiz (<@U_BEN> conoce a Ana Gómez)")
    mine = Candidate(people[3], path.strength, "decider", OrgPath((1, 2, 3), by_asker=True))
    assert approach_text(mine, people, "en").endswith("(you know Ana Gómez)")
    assert approach_text(mine, people, "es").endswith("(tú conoces a Ana Gómez)")


def test_customer_names_are_escaped():
    sly = candidate(WarmIntro("U_BEN", date(2026, 2, 20)), name="<!channel> & <@U_BOSS>")
    text = approach_text(sly, {}, "en")
    assert "<!channel>" not in text and "<@U_BOSS>" not in text
    assert "&lt;!channel&gt; &amp; &lt;@U_BOSS&gt;" in text and "<@U_BEN>" in text


def test_empty_account():
    rec = ask([])
    assert rec.top is None and rec.alternatives == () and rec.departed == () and rec.no_relationships


def test_roles_are_read_leniently():
    people = [person(1, role="Champion"), person(2, role=" Decision Maker ")]
    assert ask(people, {1: WEAK, 2: MEDIUM}).top.reason_code == "warm_decider"
