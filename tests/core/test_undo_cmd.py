"""`/kam undo [account]` (`/kam deshacer`): takes back the asker's own latest touch of the last 24 hours."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Contact, Touchpoint
from tests.core.log_workspace import count, ws  # noqa: F401 - ws is a fixture


def _touches(engine) -> list[tuple[str, str]]:
    with session_scope(engine) as s:
        return [(t.summary, t.logged_by) for t in s.execute(select(Touchpoint).order_by(Touchpoint.id)).scalars()]


def test_undo_takes_back_my_latest_touch_and_says_which(kam, engine, ws, now):
    kam("/kam log call with Sarah Kim at Acme yesterday")
    kam("/kam log met Kevin Walsh at Globex today")
    reply = kam("/kam undo")
    assert reply.kind == "undone" and "Globex" in reply.text and "no longer logged" in reply.text
    assert [summary for summary, _ in _touches(engine)] == ["call with Sarah Kim at Acme yesterday"]
    with session_scope(engine) as s:  # the running totals went back with it
        walsh = s.execute(select(Contact).where(Contact.name == "Kevin Walsh", Contact.team_id == "T1")).scalar_one()
        assert (walsh.touch_count, walsh.last_touched_on) == (0, None)


def test_deshacer_in_spanish_and_by_account(kam, engine, ws):
    kam("/kam registrar llamada con Jorge Peña de Umbrella Salud ayer")
    kam("/kam log met Kevin Walsh at Globex today")
    reply = kam("/kam deshacer Umbrella")
    assert reply.kind == "undone" and reply.lang == "es" and "Umbrella Salud" in reply.text and "Deshecho" in reply.text
    assert [summary for summary, _ in _touches(engine)] == ["met Kevin Walsh at Globex today"]
    reply = kam("/kam deshacer Umbrella")
    assert reply.kind == "not_found" and "Nada que deshacer en *Umbrella Salud*" in reply.text


def test_never_someone_elses_touch_nor_an_old_one(kam, engine, ws, now):
    kam("/kam log call with Sarah Kim at Acme today", user="U_BEN")
    reply = kam("/kam undo")
    assert reply.kind == "not_found" and "in the last 24 hours" in reply.text
    assert count(engine, Touchpoint) == 1  # Ben's touch stays
    kam("/kam log call with Sarah Kim at Acme two days ago", at=now - timedelta(hours=25))
    assert kam("/kam undo").kind == "not_found"  # logged 25 hours ago: its own Undo button still works
    assert count(engine, Touchpoint) == 2


def test_undo_for_an_unknown_account_suggests_and_removes_nothing(kam, engine, ws):
    kam("/kam log call with Sarah Kim at Acme today")
    reply = kam("/kam undo Initech")
    assert reply.kind == "unknown_account" and "Initech" in reply.text
    assert count(engine, Touchpoint) == 1
    assert kam("/kam undo Acmee Corp").kind == "undone"  # a typo still finds the account
