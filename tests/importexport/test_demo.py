"""The demo workspace: loaded through the importer, dates shifted to the day it is loaded."""
import csv
from datetime import date, timedelta

from sqlalchemy import func, select

from kambot.config import DATA_DIR
from kambot.importexport.demo import ensure_demo, reset_demo
from kambot.storage.accounts import account_by_name
from kambot.storage.db import session_scope
from kambot.storage.models import Delivery, DigestSubscription, Draft, ReminderLog, Snooze, Touchpoint
from kambot.storage.touchpoints import create_touchpoint
from tests.importexport.helpers import counts, export, load

DEMO = DATA_DIR / "demo"


def _rows(kind: str) -> list[dict]:
    with open(DEMO / f"{kind}.csv", encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _shift(text: str, days: int) -> str:
    return (date.fromisoformat(text) + timedelta(days=days)).isoformat() if text else ""


def test_ensure_demo_loads_the_files_with_dates_moved_to_today(engine):
    ensure_demo(engine, team="T_DEMO", today=date(2026, 12, 7))  # files are written for 2026-11-27: +10 days
    assert counts(engine, "T_DEMO") == {"accounts": 10, "contacts": 40, "touchpoints": 100}
    with session_scope(engine) as session:
        newest = session.execute(select(func.max(Touchpoint.occurred_on))
                                 .where(Touchpoint.team_id == "T_DEMO")).scalar()
    assert newest == date(2026, 12, 6)  # yesterday
    touches = list(csv.DictReader(export(engine, "touchpoints", team="T_DEMO").splitlines()))
    expected = sorted((r["account"], _shift(r["occurred_on"], 10), r["summary"], _shift(r["next_step_due"], 10))
                      for r in _rows("touchpoints"))
    assert sorted((r["account"], r["occurred_on"], r["summary"], r["next_step_due"]) for r in touches) == expected
    exported = csv.DictReader(export(engine, "accounts", team="T_DEMO").splitlines())
    accounts = {r["name"]: r["renewal_date"] for r in exported}
    assert accounts == {r["name"]: _shift(r["renewal_date"], 10) for r in _rows("accounts")}


def test_on_the_anchor_day_the_demo_loads_as_written(engine, now):
    ensure_demo(engine, team="T_DEMO", today=now.date())
    accounts = list(csv.DictReader(export(engine, "accounts", team="T_DEMO").splitlines()))
    assert sorted(a["renewal_date"] for a in accounts) == sorted(r["renewal_date"] for r in _rows("accounts"))


def test_ensure_demo_leaves_a_team_with_accounts_alone(engine):
    ensure_demo(engine, team="T_DEMO", today=date(2026, 12, 7))
    ensure_demo(engine, team="T_DEMO", today=date(2027, 1, 7))
    assert counts(engine, "T_DEMO") == {"accounts": 10, "contacts": 40, "touchpoints": 100}
    load(engine, "accounts", "name\nOnly Mine\n", team="T_REAL")
    ensure_demo(engine, team="T_REAL", today=date(2026, 12, 7))
    assert counts(engine, "T_REAL") == {"accounts": 1, "contacts": 0, "touchpoints": 0}


def test_reset_demo_deletes_everything_the_team_has_and_loads_again(engine):
    ensure_demo(engine, team="T_DEMO", today=date(2026, 12, 7))
    ensure_demo(engine, team="T_OTHER", today=date(2026, 12, 7))
    with session_scope(engine) as session:
        acme = account_by_name(session, team_id="T_DEMO", name="Acme Corp")
        create_touchpoint(session, team_id="T_DEMO", account_id=acme.id, occurred_on=date(2026, 12, 7), kind="call",
                          summary="logged during the demo", participants=["U_ANA"])
        session.add(Snooze(team_id="T_DEMO", account_id=acme.id, until=date(2026, 12, 30)))
        session.add(ReminderLog(team_id="T_DEMO", account_id=acme.id, owner="U_ANA", reminded_on=date(2026, 12, 7)))
        session.add(Draft(team_id="T_DEMO", user_id="U_ANA", text="met Robert"))
        session.add(DigestSubscription(team_id="T_DEMO", channel_id="C1", scope=f"accounts:{acme.id}"))
        session.add(Delivery(key="remind:T_DEMO:U_ANA:2026-12-07", team_id="T_DEMO", kind="reminder"))
    assert reset_demo(engine, team="T_DEMO", today=date(2026, 12, 8)) == \
        {"accounts": 10, "contacts": 40, "touchpoints": 100}
    assert counts(engine, "T_DEMO") == {"accounts": 10, "contacts": 40, "touchpoints": 100}
    with session_scope(engine) as session:
        left = {model.__name__: session.execute(select(func.count()).select_from(model)
                                                .where(model.team_id == "T_DEMO")).scalar_one()
                for model in (Snooze, ReminderLog, Draft, DigestSubscription, Delivery)}
        newest = session.execute(select(func.max(Touchpoint.occurred_on))
                                 .where(Touchpoint.team_id == "T_DEMO")).scalar()
    # deliveries record what Slack was really sent, so a reset cannot make them happen twice
    assert left == {"Snooze": 0, "ReminderLog": 0, "Draft": 0, "DigestSubscription": 0, "Delivery": 1}
    assert newest == date(2026, 12, 7)
    assert counts(engine, "T_OTHER") == {"accounts": 10, "contacts": 40, "touchpoints": 100}
