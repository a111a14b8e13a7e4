"""Success plan storage: numbering per account, overdue counts per account, team scoping."""
from __future__ import annotations

from datetime import date

from sqlmodel import Session

from kambot.storage.models import Account
from kambot.storage.plans import add_action, add_objective, get_action, overdue_actions, set_action_status

TODAY = date(2026, 11, 27)


def _account(session, team, name):
    row = Account(team_id=team, name=name, name_norm=name.lower())
    session.add(row)
    session.flush()
    return row.id


def test_overdue_actions_counts_open_actions_due_before_today_per_account(engine, now):
    with Session(engine) as session:
        acme, beta, other = _account(session, "T1", "Acme"), _account(session, "T1", "Beta"), _account(session, "T2", "Acme")
        add_action(session, team_id="T1", account_id=acme, title="ROI study", due=date(2026, 11, 20))
        add_action(session, team_id="T1", account_id=acme, title="Pilot", due=date(2026, 11, 26))
        add_action(session, team_id="T1", account_id=acme, title="Due today", due=TODAY)
        add_action(session, team_id="T1", account_id=acme, title="No date")
        done = add_action(session, team_id="T1", account_id=beta, title="Done", due=date(2026, 11, 1))
        set_action_status(done, "done", now=now)
        add_action(session, team_id="T1", account_id=beta, title="Dropped", due=date(2026, 11, 1), status="dropped")
        add_action(session, team_id="T2", account_id=other, title="Other team", due=date(2026, 11, 1))
        session.flush()
        assert overdue_actions(session, team_id="T1", account_ids=[acme, beta, other], today=TODAY) == {acme: 2}
        assert overdue_actions(session, team_id="T2", account_ids=[acme, other], today=TODAY) == {other: 1}
        assert overdue_actions(session, team_id="T1", account_ids=[], today=TODAY) == {}


def test_numbers_count_per_account_and_kind(engine):
    with Session(engine) as session:
        acme, beta = _account(session, "T1", "Acme"), _account(session, "T1", "Beta")
        assert add_objective(session, team_id="T1", account_id=acme, title="Expand").number == 1
        assert add_action(session, team_id="T1", account_id=acme, title="a").number == 1
        assert add_action(session, team_id="T1", account_id=acme, title="b").number == 2
        assert add_action(session, team_id="T1", account_id=beta, title="c").number == 1
        assert get_action(session, team_id="T1", account_id=acme, number=2).title == "b"
        assert get_action(session, team_id="T2", account_id=acme, number=2) is None
