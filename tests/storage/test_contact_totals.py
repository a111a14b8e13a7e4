"""Each contact's running touch totals stay equal to its touches through logging, Undo, imports and relinks."""
from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kambot.core.account_data import HORIZON_DAYS, load_scored_people, load_touches
from kambot.domain.running_score import score_on, touch_weight
from kambot.domain.strength import contact_scores
from kambot.storage.accounts import create_account
from kambot.storage.contact_totals import recount
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import Contact
from kambot.storage.touchpoints import create_touchpoint, delete_touchpoint
from tests.importexport.helpers import ACCOUNTS, CONTACTS, load

TODAY = date(2026, 11, 27)
TEAM = "T1"


def _totals(engine) -> dict[str, tuple[float, int, date | None]]:
    with session_scope(engine) as s:
        return {name: (weight, count, last) for name, weight, count, last in s.execute(
            select(Contact.name, Contact.touch_weight, Contact.touch_count, Contact.last_touched_on)
            .where(Contact.team_id == TEAM))}


def _recounted(engine) -> dict[str, tuple[float, int, date | None]]:
    """The totals rebuilt from the links, in a transaction rolled back (the stored ones stay as they were)."""
    with engine.connect() as conn:
        recount(conn, team_id=TEAM)
        rows = conn.execute(select(Contact.name, Contact.touch_weight, Contact.touch_count, Contact.last_touched_on)
                            .where(Contact.team_id == TEAM)).all()
        conn.rollback()
    return {name: (weight, count, last) for name, weight, count, last in rows}


def _assert_in_step(engine) -> None:
    kept, rebuilt = _totals(engine), _recounted(engine)
    assert kept.keys() == rebuilt.keys()
    for name, (weight, count, last) in kept.items():
        assert (count, last) == rebuilt[name][1:], name
        assert weight == pytest.approx(rebuilt[name][0], rel=1e-9, abs=1e-300), name


@pytest.fixture
def acme(engine):
    """Acme with three people; ids by first name."""
    with session_scope(engine) as s:
        account = create_account(s, team_id=TEAM, name="Acme", owner="U_ANA")
        ids = {name.split()[0]: create_contact(s, team_id=TEAM, account_id=account.id, name=name).id
               for name in ("Sarah Mitchell", "Robert Hale", "Tom Becker")}
        return account.id, ids


def _log(engine, account_id: int, contacts: list[int], days_ago: int, kind: str) -> int:
    with session_scope(engine) as s:
        return create_touchpoint(s, team_id=TEAM, account_id=account_id, occurred_on=TODAY - timedelta(days=days_ago),
                                 kind=kind, summary="s", logged_by="U_ANA", contact_ids=contacts,
                                 participants=["U_ANA"]).id


def test_logged_touches_score_as_the_domain_sums_them(engine, acme):
    account_id, ids = acme
    for contacts, days, kind in (([ids["Sarah"]], 0, "meeting"), ([ids["Sarah"], ids["Robert"]], 30, "call"),
                                 ([ids["Robert"]], 200, "Email"), ([ids["Sarah"]], 800, "meal")):
        _log(engine, account_id, contacts, days, kind)
    since = TODAY - timedelta(days=HORIZON_DAYS)
    with session_scope(engine) as s:
        _, scores = load_scored_people(s, team_id=TEAM, account_id=account_id, since=since, today=TODAY)
        by_person = load_touches(s, team_id=TEAM, account_id=account_id, since=since).by_person
    expected = contact_scores(by_person, today=TODAY)
    assert scores.keys() == {ids["Sarah"], ids["Robert"]}  # Tom was never touched
    # the touch 800 days ago is outside the horizon: it adds its ~0.00001 x 3 points and nothing more
    assert scores[ids["Sarah"]] == pytest.approx(expected[ids["Sarah"]], abs=1e-4)
    assert scores[ids["Robert"]] == pytest.approx(expected[ids["Robert"]], rel=1e-12)
    assert _totals(engine)["Sarah Mitchell"][1:] == (3, TODAY)
    _assert_in_step(engine)


def test_undo_takes_the_touch_back_out(engine, acme):
    account_id, ids = acme
    _log(engine, account_id, [ids["Robert"]], 10, "call")
    before = _totals(engine)
    newest = _log(engine, account_id, [ids["Robert"], ids["Tom"]], 0, "meeting")
    assert _totals(engine)["Robert Hale"][1:] == (2, TODAY)
    with session_scope(engine) as s:
        assert delete_touchpoint(s, team_id=TEAM, touchpoint_id=newest)
    after = _totals(engine)
    assert after["Robert Hale"][1:] == (1, TODAY - timedelta(days=10))  # the last day goes back too
    assert after["Robert Hale"][0] == pytest.approx(before["Robert Hale"][0], rel=1e-12)
    assert after["Tom Becker"] == (0.0, 0, None)  # exactly nothing: no float residue reads as "touched"
    with session_scope(engine) as s:
        assert not delete_touchpoint(s, team_id=TEAM, touchpoint_id=newest)  # a second Undo changes nothing
    assert _totals(engine) == after


def test_imports_and_relinks_keep_the_totals(engine):
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS)):
        assert not load(engine, kind, text, team=TEAM).problems
    header = "account,occurred_on,kind,contacts,summary\n"
    first = header + ("Acme Corp,2026-11-02,meeting,Robert Hale;Sarah Mitchell,QBR\n"
                      "Acme Corp,2026-10-01,call,Sarah Mitchell,Pricing call\n")
    assert not load(engine, "touchpoints", first, team=TEAM).problems
    assert _totals(engine)["Sarah Mitchell"][1:] == (2, date(2026, 11, 2))
    # the same QBR again, now with Tom instead of Robert: the import relinks it
    again = header + "Acme Corp,2026-11-02,meeting,Tom Becker;Sarah Mitchell,QBR\n"
    result = load(engine, "touchpoints", again, team=TEAM)
    assert not result.problems and result.updated == 1
    totals = _totals(engine)
    assert totals["Robert Hale"] == (0.0, 0, None)
    assert totals["Tom Becker"][1:] == (1, date(2026, 11, 2))
    assert totals["Tom Becker"][0] == pytest.approx(touch_weight(date(2026, 11, 2), "meeting"))
    assert totals["Sarah Mitchell"][1] == 2
    _assert_in_step(engine)


def test_a_rejected_import_leaves_the_totals_alone(engine):
    for kind, text in (("accounts", ACCOUNTS), ("contacts", CONTACTS)):
        assert not load(engine, kind, text, team=TEAM).problems
    before = _totals(engine)
    bad = ("account,occurred_on,kind,contacts,summary\n"
           "Acme Corp,2026-11-02,meeting,Robert Hale,QBR\nAcme Corp,not a date,call,Robert Hale,Oops\n")
    assert load(engine, "touchpoints", bad, team=TEAM).problems
    assert _totals(engine) == before


def test_a_score_decays_by_half_every_45_days():
    weight = touch_weight(date(2026, 1, 1), "call")
    assert score_on(weight, date(2026, 1, 1)) == pytest.approx(2.0)
    assert score_on(weight, date(2026, 2, 15)) == pytest.approx(1.0)
    assert score_on(0.0, TODAY) == 0.0
    assert touch_weight(date(9999, 12, 31), "meeting") > 0  # a mistyped year stays a number, never an error


def test_concurrent_writers_both_count(engine, acme):
    """Two processes logging with the same person at once: each adds to the total the other committed."""
    account_id, ids = acme
    errors: list[BaseException] = []

    def log_many(days: list[int]) -> None:
        try:
            for d in days:
                _log(engine, account_id, [ids["Sarah"], ids["Robert"]], d, "call")
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)

    if engine.dialect.name == "sqlite":  # one writer at a time: SQLite's lock orders them, nothing to race
        pytest.skip("SQLite serialises writers")
    workers = [threading.Thread(target=log_many, args=(list(range(k, 40, 2)),)) for k in (0, 1)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert not errors
    assert _totals(engine)["Sarah Mitchell"][1] == 40
    _assert_in_step(engine)
