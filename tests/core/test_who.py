"""`/kam who`: the right person first, why them, how to reach them, in English and Spanish, on both databases."""
from __future__ import annotations

from datetime import date, timedelta

import pytest

from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import Contact
from kambot.storage.touchpoints import create_touchpoint

TODAY = date(2026, 11, 27)  # the frozen "now" of tests/conftest.py (15:00 UTC is still the 27th in New York)


def build(engine, people, touches=(), *, account="Acme Corp", team="T1", aliases="", **account_fields):
    """An account with people (dicts; reports_to by name) and touches (who, days ago, kind, by); ids by name."""
    ids = {}
    with session_scope(engine) as session:
        acc = create_account(session, team_id=team, name=account, aliases=aliases, owner="U_ANA", **account_fields)
        ids[account] = acc.id
        for person in people:
            fields = {k: v for k, v in person.items() if k not in ("name", "reports_to")}
            ids[person["name"]] = create_contact(session, team_id=team, account_id=acc.id, name=person["name"],
                                                 **fields).id
        for person in people:
            if person.get("reports_to"):
                session.get(Contact, ids[person["name"]]).reports_to_id = ids[person["reports_to"]]
        for touch in touches:
            names = touch["who"] if isinstance(touch["who"], (list, tuple)) else [touch["who"]]
            by = touch.get("by", "U_BEN")
            day = touch.get("on") or TODAY - timedelta(days=touch["ago"])
            create_touchpoint(
                session, team_id=team, account_id=acc.id, occurred_on=day,
                kind=touch.get("kind", "meeting"), summary="met", logged_by=by, contact_ids=[ids[n] for n in names],
                participants=[by], next_step=touch.get("next_step"), next_step_due=touch.get("due"))
    return ids


def strong(name, by="U_BEN"):
    """Three recent meetings: a strong relationship."""
    return [{"who": name, "ago": ago, "by": by} for ago in (2, 9, 16)]


def top_line(reply) -> str:
    """The line a user reads first: the recommended person."""
    return next(line for line in reply.text.splitlines() if line.startswith(":dart:"))


def alternative_lines(reply) -> list[str]:
    return [line for line in reply.text.splitlines() if line.startswith("•")]


TOPIC_PEOPLE = [
    {"name": "Robert Hale", "title": "CEO", "role": "decision_maker"},
    {"name": "Lucía Paredes", "title": "CISO", "department": "Tecnología"},
    {"name": "María López", "title": "Directora de Finanzas"},
    {"name": "Tom Reyes", "title": "Procurement Manager"},
]


@pytest.mark.parametrize("line, expected, lang", [
    ("/kam who Acme Corp sobre seguridad", "Lucía Paredes", "es"),
    ("/kam who Acme Corp about billing", "María López", "en"),
    ("/kam quién Acme Corp para compras", "Tom Reyes", "es"),
    ("/kam who Acme Corp regarding procurement", "Tom Reyes", "en"),
    ("/kam quien Acme Corp acerca de facturación", "María López", "es"),
])
def test_topic_synonyms_work_across_languages(engine, kam, line, expected, lang):
    build(engine, TOPIC_PEOPLE, strong("Robert Hale"))
    reply = kam(line)
    assert reply.kind == "who" and reply.lang == lang
    assert expected in top_line(reply)
    assert ("encaja con el tema" if lang == "es" else "fits the topic") in reply.text
    assert "Robert Hale" in reply.text  # the warm CEO is still offered as an alternative


def test_without_a_topic_the_warm_decision_maker_comes_first(engine, kam):
    people = [{"name": "Dana Cruz", "title": "COO", "role": "decision_maker"},
              {"name": "Chris Champ", "title": "Director", "role": "champion"},
              {"name": "Ivy Infl", "title": "Manager", "role": "influencer"}]
    build(engine, people, [{"who": "Dana Cruz", "ago": 3},  # one meeting: medium
                           *strong("Chris Champ"), *strong("Ivy Infl")])
    reply = kam("/kam who Acme Corp")
    assert "Dana Cruz" in top_line(reply)
    assert "a decision maker we know well" in reply.text
    assert [name in " ".join(alternative_lines(reply)) for name in ("Chris Champ", "Ivy Infl")] == [True, True]


def test_people_who_left_are_never_recommended_but_are_mentioned(engine, kam):
    people = [{"name": "Robert Hale", "title": "CEO", "role": "decision_maker"},
              {"name": "Olga Old", "title": "VP Sales", "role": "champion", "status": "left"},
              {"name": "Nina New", "title": "VP Sales"}]
    build(engine, people, strong("Olga Old"))
    reply = kam("/kam who Acme Corp")
    recommended = top_line(reply) + " ".join(alternative_lines(reply))
    assert "Olga Old" not in recommended
    assert ":wave: *Olga Old* (VP Sales) has left Acme Corp; *Nina New* seems to have taken over." in reply.text
    spanish = kam("/kam quién Acme Corp")
    assert "*Olga Old* (VP Sales) ya no está en Acme Corp; parece que *Nina New* ocupa su lugar" in spanish.text


def test_a_blocker_is_never_first_even_when_the_topic_fits(engine, kam):
    people = [{"name": "Bruno Block", "title": "CFO", "role": "blocker"},
              {"name": "Ann Analyst", "title": "Analyst", "role": "influencer"}]
    build(engine, people, strong("Bruno Block"))
    reply = kam("/kam who Acme Corp about finance")
    assert "Ann Analyst" in top_line(reply)
    blocker = next(line for line in alternative_lines(reply) if "Bruno Block" in line)
    assert "blocker" in blocker and "careful: works against us" in blocker


def test_with_no_relationships_at_all_start_with_the_decision_maker(engine, kam):
    people = [{"name": "Uma User", "title": "Analyst", "role": "user"},
              {"name": "Dario Decider", "title": "Director General", "role": "decision_maker"},
              {"name": "Iris Infl", "title": "Manager", "role": "influencer", "reports_to": "Dario Decider"}]
    build(engine, people)
    reply = kam("/kam who Acme Corp")
    assert "Dario Decider" in top_line(reply)
    assert "Nobody on the team has logged a touch with anyone at Acme Corp yet" in reply.text
    assert "reach out to Dario Decider cold" in reply.text
    assert reply.data["no_relationships"] is True


def test_warm_intro_names_the_colleague_and_the_day_they_met(engine, kam):
    people = [{"name": "Priya Shah", "title": "CTO", "role": "decision_maker"},
              {"name": "Sam Staff", "title": "Engineer", "role": "user"}]
    build(engine, people, [{"who": "Priya Shah", "on": date(2026, 2, 20), "by": "U_BEN"}])
    reply = kam("/kam who Acme Corp")
    assert "Priya Shah" in top_line(reply)
    assert "ask <@U_BEN>, who met Priya Shah on Feb 20, for an intro" in reply.text
    spanish = kam("/kam quién Acme Corp")
    assert "pide a <@U_BEN> que te presente a Priya Shah: estuvieron en contacto el 20 feb" in spanish.text


def test_the_asker_is_told_they_already_know_someone(engine, kam):
    build(engine, [{"name": "Kim Lee", "title": "CFO", "role": "economic_buyer"}], strong("Kim Lee", by="U_ANA"))
    assert "you already know Kim Lee" in kam("/kam who Acme Corp").text


def test_nobody_knows_the_target_so_the_org_chart_shows_the_way(engine, kam):
    people = [{"name": "Vera Boss", "title": "CEO", "role": "decision_maker"},
              {"name": "Carla Link", "title": "Ops Manager", "reports_to": "Vera Boss"}]
    build(engine, people, [{"who": "Carla Link", "ago": 5, "by": "U_ANA", "kind": "email"}])
    reply = kam("/kam who Acme Corp")
    assert "Vera Boss" in top_line(reply)
    assert ("nobody on the team knows Vera Boss yet; go through the org chart: Carla Link → Vera Boss "
            "(you know Carla Link)") in reply.text


def test_unknown_account_suggests_the_closest_names_and_is_no_error(engine, kam):
    build(engine, TOPIC_PEOPLE)
    reply = kam("/kam who Acmo about billing")
    assert reply.kind == "unknown_account"
    assert "I couldn't find an account called “Acmo”" in reply.text
    assert "Did you mean *Acme Corp*?" in reply.text
    assert "`/kam who Acme Corp about billing`" in reply.text
    spanish = kam("/kam quién Acmo")
    assert "¿Quisiste decir *Acme Corp*?" in spanish.text and spanish.kind == "unknown_account"


def test_ambiguous_account_lists_the_candidates(engine, kam):
    build(engine, TOPIC_PEOPLE, account="Stark Logistics", aliases="Stark")
    build(engine, TOPIC_PEOPLE, account="Stark Energy", aliases="Stark")
    reply = kam("/kam who Stark")
    assert reply.kind == "ambiguous"
    assert "• *Stark Energy*" in reply.text and "• *Stark Logistics*" in reply.text


def test_an_alias_and_a_typo_find_the_account(engine, kam):
    build(engine, TOPIC_PEOPLE, aliases="ACME")
    assert kam("/kam who acme about security").kind == "who"
    assert "Lucía Paredes" in top_line(kam("/kam who Acme Crop about security"))


def test_account_names_containing_a_topic_word_stay_whole(engine, kam):
    ids = build(engine, TOPIC_PEOPLE, account="Bank for Life")
    reply = kam("/kam who Bank for Life about billing")
    assert reply.data["account_id"] == ids["Bank for Life"] and reply.data["topic"] == "billing"
    assert "María López" in top_line(reply)


def test_account_without_contacts_says_so_and_suggests_adding_one(engine, kam):
    build(engine, [])
    reply = kam("/kam who Acme Corp")
    assert "I don't know anyone at *Acme Corp* yet" in reply.text
    assert "/kam contact Acme Corp:" in reply.text


def test_everyone_left(engine, kam):
    build(engine, [{"name": "Gone Gail", "title": "CFO", "role": "economic_buyer", "status": "left"}],
          strong("Gone Gail"))
    reply = kam("/kam who Acme Corp")
    assert "Everyone we had mapped at Acme Corp has left" in reply.text
    assert ":dart:" not in reply.text and "*Gone Gail*" in reply.text


@pytest.mark.parametrize("message, topic, lang", [
    ("who should I contact at Acme Corp about billing?", "billing", "en"),
    ("Who should I talk to at Acme Corp", None, "en"),
    ("who do I talk to at Acme Corp", None, "en"),
    ("who can I call at Acme Corp regarding security?", "security", "en"),
    ("who should we reach out to at Acme Corp on procurement", "procurement", "en"),
    ("who's our best contact at Acme Corp?", None, "en"),
    ("¿Con quién hablo en Acme Corp sobre facturación?", "facturación", "es"),
    ("¿a quién contacto en Acme Corp?", None, "es"),
    ("¿Quién es el contacto en Acme Corp para compras?", "compras", "es"),
])
def test_plain_language_questions_route_to_who(engine, kam, message, topic, lang):
    build(engine, TOPIC_PEOPLE, strong("Robert Hale"))
    reply = kam(message)
    assert reply.kind == "who", reply.text
    assert reply.data["topic"] == topic and reply.lang == lang


def test_hostile_names_are_shown_escaped(engine, kam):
    build(engine, [{"name": "<!channel> Eve", "title": "<@U999> CEO", "role": "decision_maker"}],
          account="<!here> Corp")
    reply = kam("/kam who <!here> Corp")
    assert reply.kind == "who"
    assert "<!channel>" not in reply.text and "<!here>" not in reply.text and "<@U999>" not in reply.text
    assert "&lt;!channel&gt; Eve" in top_line(reply)


def test_other_workspaces_are_invisible(engine, kam):
    build(engine, [{"name": "Their Person", "title": "CEO", "role": "decision_maker"}], team="T2")
    build(engine, [{"name": "Our Person", "title": "CEO", "role": "decision_maker"}])
    reply = kam("/kam who Acme Corp")
    assert "Our Person" in top_line(reply) and "Their Person" not in reply.text


def test_who_without_an_account_explains_itself(kam):
    assert kam("/kam who").kind == "usage"
    assert "/kam quién Acme" in kam("/kam quién").text


@pytest.mark.parametrize("line, topic", [
    ("/kam who should I talk to at Acme Corp about billing", "billing"),
    ("/kam who is the best contact at Acme Corp", None),
    ("/kam quién es el contacto en Acme Corp para compras", "compras"),
    ("/kam who at Acme Corp re: security", "security"),
])
def test_the_slash_form_tolerates_a_whole_question(engine, kam, line, topic):
    build(engine, TOPIC_PEOPLE)
    reply = kam(line)
    assert reply.kind == "who" and reply.data["topic"] == topic
