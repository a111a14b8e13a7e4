"""Running touch totals (per contact and per relationship) stay equal to the touches through logging, Undo,
imports and relinks; and `who` reads from them the same strengths the touches give."""
from __future__ import annotations

import random
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kambot.core.account_data import HORIZON_DAYS, load_touches
from kambot.core.stored_relationships import account_relationships
from kambot.domain.relationships import TouchRelationships
from kambot.domain.running_score import decay_to, touch_weight
from kambot.storage.accounts import create_account
from kambot.storage.contact_totals import recount
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import Contact, Relationship
from kambot.storage.touchpoints import create_touchpoint, delete_touchpoint
from tests.importexport.helpers import ACCOUNTS, CONTACTS, load

TODAY = date(2026, 11, 27)
SINCE = TODAY - timedelta(days=HORIZON_DAYS)
TEAM = "T1"
_NAME = select(Contact.name).where(Contact.id == Relationship.contact_id).scalar_subquery()


def _totals(conn) -> dict[tuple, tuple[float, int, date | None]]:
    """(contact name,) and (contact name, our user) -> (weight, count, last day)."""
    people = conn.execute(select(Contact.name, Contact.touch_weight, Contact.touch_count, Contact.last_touched_on)
                          .where(Contact.team_id == TEAM)).all()
    pairs = conn.execute(select(_NAME, Relationship.user_id, Relationship.touch_weight, Relationship.touch_count,
                                Relationship.last_touched_on).where(Relationship.team_id == TEAM)).all()
    return {**{(name,): tuple(rest) for name, *rest in people},
            **{(name, user): tuple(rest) for name, user, *rest in pairs}}


def _stored(engine) -> dict[tuple, tuple[float, int, date | None]]:
    with engine.connect() as conn:
        return _totals(conn)


def _assert_in_step(engine) -> None:
    """The totals kept equal the totals rebuilt from the links (rebuilt in a transaction rolled back)."""
    with engine.connect() as conn:
        kept = _totals(conn)
        recount(conn, team_id=TEAM)
        rebuilt = _totals(conn)
        conn.rollback()
    assert kept.keys() == rebuilt.keys()
    for key, (weight, count, last) in kept.items():
        assert (count, last) == rebuilt[key][1:], key
        assert weight == pytest.approx(rebuilt[key][0], rel=1e-9, abs=1e-300), key


@pytest.fixture
def acme(engine):
    """Acme with three people; ids by first name."""
    with session_scope(engine) as s:
        account = create_account(s, team_id=TEAM, name="Acme", owner="U_ANA")
        ids = {name.split()[0]: create_contact(s, team_id=TEAM, account_id=account.id, name=name).id
               for name in ("Sarah Mitchell", "Robert Hale", "Tom Becker")}
        return account.id, ids


def _log(engine, account_id: int, contacts: list[int], days_ago: int, kind: str, users=("U_ANA",),
         logged_by="U_ANA") -> int:
    with session_scope(engine) as s:
        return create_touchpoint(s, team_id=TEAM, account_id=account_id, occurred_on=TODAY - timedelta(days=days_ago),
                                 kind=kind, summary="s", logged_by=logged_by, contact_ids=contacts,
                                 participants=list(users)).id


def _assert_strengths_match_the_touches(engine, account_id: int) -> None:
    """Every person's strength read from the totals equals the one computed from their touches."""
    with session_scope(engine) as s:
        people, stored = account_relationships(s, team_id=TEAM, account_id=account_id, today=TODAY)
        computed = TouchRelationships(load_touches(s, team_id=TEAM, account_id=account_id, since=SINCE).by_person,
                                      today=TODAY)
        stored.load(p.id for p in people)
        assert stored.scores.keys() == computed.scores.keys()  # the same people count as touched
        for p in people:
            got, want = stored.strength(p.id), computed.strength(p.id)
            # a touch older than the horizon still adds its ~0.00001 x points to the running totals
            assert got.score == pytest.approx(want.score, abs=0.011), p.name
            assert (got.band, got.touches_60d, got.last_days_ago) == (want.band, want.touches_60d, want.last_days_ago)
            assert [u for u, _ in got.holders] == [u for u, _ in want.holders], p.name
            assert got.last_by_holder == want.last_by_holder, p.name


def test_logged_touches_score_as_the_domain_sums_them(engine, acme):
    account_id, ids = acme
    for contacts, days, kind, users, by in (([ids["Sarah"]], 0, "meeting", (), "U_BEN"),
                                            ([ids["Sarah"], ids["Robert"]], 30, "call", ("U_BEN",), "U_ANA"),
                                            ([ids["Robert"]], 200, "Email", (), "U_ANA"),
                                            ([ids["Sarah"]], 800, "meal", (), "U_ANA")):
        _log(engine, account_id, contacts, days, kind, users, logged_by=by)
    with session_scope(engine) as s:
        _, stored = account_relationships(s, team_id=TEAM, account_id=account_id, today=TODAY)
        sarah = stored.strength(ids["Sarah"])
    assert stored.scores.keys() == {ids["Sarah"], ids["Robert"]}  # Tom was never touched
    assert sarah.touches_60d == 2 and sarah.last_days_ago == 0
    assert [user for user, _ in sarah.holders] == ["U_BEN", "U_ANA"]  # Ben met her this week, Ana a month ago
    totals = _stored(engine)
    assert totals[("Sarah Mitchell",)][1:] == (3, TODAY)
    assert totals[("Sarah Mitchell", "U_ANA")][1:] == (2, TODAY - timedelta(days=30))  # whoever logs takes part
    _assert_strengths_match_the_touches(engine, account_id)
    _assert_in_step(engine)


def test_undo_takes_the_touch_back_out(engine, acme):
    account_id, ids = acme
    _log(engine, account_id, [ids["Robert"]], 10, "call")
    before = _stored(engine)
    newest = _log(engine, account_id, [ids["Robert"], ids["Tom"]], 0, "meeting", users=("U_BEN",))
    assert _stored(engine)[("Robert Hale",)][1:] == (2, TODAY)
    with session_scope(engine) as s:
        assert delete_touchpoint(s, team_id=TEAM, touchpoint_id=newest)
    after = _stored(engine)
    assert after[("Robert Hale",)][1:] == (1, TODAY - timedelta(days=10))  # the last day goes back too
    assert after[("Robert Hale",)][0] == pytest.approx(before[("Robert Hale",)][0], rel=1e-12)
    assert after[("Tom Becker",)] == (0.0, 0, None)  # exactly nothing: no float residue reads as "touched"
    assert after.keys() == before.keys()  # Ben's relationships with Robert and Tom are gone again
    assert after[("Robert Hale", "U_ANA")][1:] == (1, TODAY - timedelta(days=10))
    with session_scope(engine) as s:
        assert not delete_touchpoint(s, team_id=TEAM, touchpoint_id=newest)  # a second Undo changes nothing
    assert _stored(engine) == after


def test_imports_and_relinks_keep_the_totals(engine):
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS)):
        assert not load(engine, kind, text, team=TEAM).problems
    header = "account,occurred_on,kind,contacts,participants,summary,logged_by\n"
    first = header + ("Acme Corp,2026-11-02,meeting,Robert Hale;Sarah Mitchell,U_BEN,QBR,U_ANA\n"
                      "Acme Corp,2026-10-01,call,Sarah Mitchell,,Pricing call,U_ANA\n")
    assert not load(engine, "touchpoints", first, team=TEAM).problems
    assert _stored(engine)[("Sarah Mitchell",)][1:] == (2, date(2026, 11, 2))
    assert _stored(engine)[("Robert Hale", "U_BEN")][1:] == (1, date(2026, 11, 2))
    # the same QBR again, now with Tom instead of Robert, and logged by Carla: the import relinks it
    again = header + "Acme Corp,2026-11-02,meeting,Tom Becker;Sarah Mitchell,U_BEN,QBR,U_CARLA\n"
    result = load(engine, "touchpoints", again, team=TEAM)
    assert not result.problems and result.updated == 1
    totals = _stored(engine)
    assert totals[("Robert Hale",)] == (0.0, 0, None) and ("Robert Hale", "U_BEN") not in totals
    assert totals[("Tom Becker",)][1:] == (1, date(2026, 11, 2))
    assert totals[("Tom Becker",)][0] == pytest.approx(touch_weight(date(2026, 11, 2), "meeting"))
    assert totals[("Sarah Mitchell", "U_ANA")][1:] == (1, date(2026, 10, 1))  # Ana only logged the call now
    assert totals[("Sarah Mitchell", "U_CARLA")][1:] == (1, date(2026, 11, 2))
    _assert_in_step(engine)


def test_a_rejected_import_leaves_the_totals_alone(engine):
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS)):
        assert not load(engine, kind, text, team=TEAM).problems
    before = _stored(engine)
    bad = ("account,occurred_on,kind,contacts,summary\n"
           "Acme Corp,2026-11-02,meeting,Robert Hale,QBR\nAcme Corp,not a date,call,Robert Hale,Oops\n")
    assert load(engine, "touchpoints", bad, team=TEAM).problems
    assert _stored(engine) == before


def test_many_writes_in_any_order_read_as_the_touches_say(engine, acme):
    """Random logs, Undos and re-imports: stored strengths match the touches, totals match a recount."""
    account_id, ids = acme
    rng, people, logged = random.Random(4), list(ids.values()), []
    kinds, users = ("call", "email", "meeting", "meal", "Event", "other"), ("U_ANA", "U_BEN", "U_CARLA")
    for _ in range(60):
        if logged and rng.random() < 0.25:
            with session_scope(engine) as s:
                assert delete_touchpoint(s, team_id=TEAM, touchpoint_id=logged.pop(rng.randrange(len(logged))))
            continue
        logged.append(_log(engine, account_id, rng.sample(people, rng.randint(1, 3)), rng.choice((0, 1, 5, 59, 60,
                           61, 100, 700, 729, 730, 731, 1000)), rng.choice(kinds), rng.sample(users, rng.randint(0, 2)),
                           logged_by=rng.choice((*users, None))))
    _assert_strengths_match_the_touches(engine, account_id)
    _assert_in_step(engine)


def test_a_score_decays_by_half_every_45_days():
    weight = touch_weight(date(2026, 1, 1), "call")
    assert weight * decay_to(date(2026, 1, 1)) == pytest.approx(2.0)  # a call counts 2 points on its day
    assert weight * decay_to(date(2026, 2, 15)) == pytest.approx(1.0)  # and half of that 45 days later
    assert touch_weight(date(9999, 12, 31), "meeting") > 0  # a mistyped year stays a number, never an error


def test_concurrent_writers_both_count(engine, acme):
    """Two processes logging with the same person at once: each adds to the totals the other committed
    (PostgreSQL applies the increment to the row as committed; SQLite makes the second writer wait)."""
    account_id, ids = acme
    errors: list[BaseException] = []

    def log_many(days: list[int]) -> None:
        try:
            for d in days:
                _log(engine, account_id, [ids["Sarah"], ids["Robert"]], d, "call", users=("U_BEN",))
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    workers = [threading.Thread(target=log_many, args=(list(range(k, 40, 2)),)) for k in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    totals = _stored(engine)
    assert totals[("Sarah Mitchell",)][1] == 40 and totals[("Sarah Mitchell", "U_BEN")][1] == 40
    _assert_in_step(engine)
