"""Stance and influence in `who`: a detractor is never first while anyone else active fits, a mentor or
supporter breaks ties, a high-influence neutral is someone to win over."""
from datetime import date, timedelta

from kambot.domain.recommend import Person, recommend
from kambot.domain.relationships import TouchRelationships
from kambot.domain.strength import Touch

TODAY = date(2026, 3, 10)
STRONG = [Touch(TODAY - timedelta(days=d), "meeting", ("U_BEN",)) for d in (1, 8, 15)]
WEAK = [Touch(TODAY - timedelta(days=200), "email", ("U_BEN",))]


def person(pid, role=None, stance=None, influence=None, title=None, reports_to=None, status="active"):
    return Person(pid, f"Person {pid}", title, None, role, reports_to, status, None, stance, influence)


def ask(people, by_person=None, topic=None):
    return recommend(people, TouchRelationships(by_person or {}, today=TODAY), asker="U_ANA", today=TODAY,
                     topic=topic)


def ids(rec):
    return [c.person.id for c in (rec.top, *rec.alternatives)]


def test_a_detractor_is_never_first_while_anyone_else_is_active():
    people = [person(1, "decision_maker", "detractor"), person(2, "user"), person(3, "influencer")]
    rec = ask(people, {1: STRONG, 2: WEAK})
    assert rec.top.person.id != 1 and 1 in ids(rec)
    assert next(c for c in rec.alternatives if c.person.id == 1).reason_code == "detractor"
    # even a topic match: the detractor stays in the answer, not first
    finance = [person(1, "decision_maker", "detractor", title="CFO"), person(2, "user", title="Engineer")]
    assert ids(ask(finance, {1: STRONG}, topic="finance budget")) == [2, 1]


def test_a_detractor_alone_is_still_the_answer():
    assert ask([person(1, "decision_maker", "detractor"), person(2, status="left")]).top.person.id == 1


def test_a_mentor_or_supporter_breaks_a_tie():
    # two cold users in the same place of the chart: the supporter first, whatever the ids
    for stance in ("supporter", "mentor"):
        people = [person(1, "user", reports_to=9), person(2, "user", stance, reports_to=9), person(9, "decision_maker")]
        assert ids(ask(people, {9: STRONG}))[:2] == [9, 2]
    # a non-supporter does not
    people = [person(1, "user", reports_to=9), person(2, "user", "non_supporter", reports_to=9),
              person(9, "decision_maker")]
    assert ids(ask(people, {9: STRONG}))[:2] == [9, 1]


def test_high_influence_neutral_is_someone_to_win_over():
    people = [person(1, "decision_maker", "supporter"), person(2, "influencer", "neutral", "high"),
              person(3, "influencer", "neutral", "low")]
    rec = ask(people, {1: STRONG})
    reasons = {c.person.id: c.reason_code for c in (rec.top, *rec.alternatives)}
    assert reasons[2] == "win_over" and reasons[3] != "win_over"
