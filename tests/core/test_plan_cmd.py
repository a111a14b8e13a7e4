"""`/kam plan`: show an account's success plan, add objectives and actions, close them, in both languages."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile
from kambot.storage.plan_models import PlanAction, PlanObjective

TODAY = date(2026, 11, 27)  # a Friday


@pytest.fixture
def acme(engine) -> dict:
    """Acme (owned by Ana) with Maria Lopez and Tom Reed; Ana and Ben's profiles; a T2 Acme of its own."""
    with session_scope(engine) as session:
        account = create_account(session, team_id="T1", name="Acme", tier="A", owner="U_ANA")
        maria = create_contact(session, team_id="T1", account_id=account.id, name="Maria Lopez")
        create_contact(session, team_id="T1", account_id=account.id, name="Tom Reed")
        session.add(UserProfile(team_id="T1", user_id="U_ANA", name="Ana Diaz"))
        session.add(UserProfile(team_id="T1", user_id="U_BEN", name="Ben Ortiz"))
        other = create_account(session, team_id="T2", name="Acme", tier="A", owner="U_ZED")
        return {"id": account.id, "maria": maria.id, "other": other.id}


def rows(engine, table, account_id):
    with session_scope(engine) as session:
        return list(session.execute(select(table).where(table.account_id == account_id).order_by(table.number)).scalars())


def test_goal_with_sponsor_and_quarter(acme, engine, kam):
    reply = kam("/kam plan Acme: goal expand to 3 plants by Q3, sponsor Maria Lopez")
    assert reply.ok and reply.changed
    [goal] = rows(engine, PlanObjective, acme["id"])
    assert (goal.number, goal.title, goal.sponsor_id, goal.owner, goal.status) == (
        1, "expand to 3 plants", acme["maria"], "U_ANA", "on_track")
    assert goal.target_date == date(2027, 9, 30)
    assert "Added objective 1" in reply.text and "sponsor Maria Lopez" in reply.text


def test_action_with_owner_and_friday(acme, engine, kam):
    reply = kam("/kam plan Acme: action ROI study @ben by Friday")
    assert reply.ok, reply.text
    [action] = rows(engine, PlanAction, acme["id"])
    assert (action.title, action.owner_user, action.due, action.status) == ("ROI study", "U_BEN", date(2026, 12, 4), "open")
    assert "<@U_BEN>" in reply.text and "Open actions" in reply.text


def test_slack_mention_and_contact_owner(acme, engine, kam):
    kam("/kam plan Acme: action pilot <@U_BEN|ben> by Dec 15")
    kam("/kam plan Acme: action sign the NDA, owner Maria")
    first, second = rows(engine, PlanAction, acme["id"])
    assert (first.owner_user, first.due) == ("U_BEN", date(2026, 12, 15))
    assert (second.owner_user, second.owner_contact_id) == (None, acme["maria"])


def test_done_drop_reopen(acme, engine, kam):
    kam("/kam plan Acme: action ROI study by Friday")
    kam("/kam plan Acme: action pilot")
    reply = kam("/kam plan Acme done 2")
    assert reply.ok and reply.changed and "Action 2 is now *done*" in reply.text
    assert "1 of 2 actions done" in reply.text
    assert [a.status for a in rows(engine, PlanAction, acme["id"])] == ["open", "done"]
    kam("/kam plan Acme: drop 1")
    kam("/kam plan Acme reopen 2")
    assert [a.status for a in rows(engine, PlanAction, acme["id"])] == ["dropped", "open"]


def test_spanish_edits(acme, engine, kam):
    reply = kam("/kam plan Acme: objetivo ampliar a 3 plantas para el T3, patrocinador Maria Lopez", lang="en")
    assert reply.lang == "es" and "Añadí el objetivo 1" in reply.text, reply.text
    reply = kam("/kam plan Acme: acción estudio ROI @ben para el viernes, objetivo 1")
    assert reply.ok and "Añadí la acción 1" in reply.text
    [action] = rows(engine, PlanAction, acme["id"])
    [goal] = rows(engine, PlanObjective, acme["id"])
    assert (action.title, action.due, action.owner_user, action.objective_id) == (
        "estudio ROI", date(2026, 12, 4), "U_BEN", goal.id)
    reply = kam("/kam plan Acme hecho 1", lang="es")
    assert "La acción 1 queda *hecho*" in reply.text or "La acción 1 queda" in reply.text
    assert rows(engine, PlanAction, acme["id"])[0].status == "done"
    reply = kam("/kam plan Acme objetivo 1 en riesgo", lang="es")
    assert reply.ok and "en riesgo" in reply.text
    assert rows(engine, PlanObjective, acme["id"])[0].status == "at_risk"


def test_goal_status_in_english(acme, engine, kam):
    kam("/kam plan Acme: goal renew for 3 years")
    reply = kam("/kam plan Acme goal 1 at risk")
    assert "1 objective at risk" in reply.text
    assert rows(engine, PlanObjective, acme["id"])[0].status == "at_risk"


@pytest.mark.parametrize("line, reason", [
    ("/kam plan Acme: blah blah", "unknown"),
    ("/kam plan Acme: action pilot, by someday", "bad_date"),
    ("/kam plan Acme: goal expand, sponsor Nobody Known", "unknown_person"),
    ("/kam plan Acme done 7", "no_action"),
    ("/kam plan Acme goal 3 at risk", "no_objective"),
    ("/kam plan Acme: action pilot, for goal 4", "no_objective"),
    ("/kam plan Acme: action pilot @nobody", "unknown_owner"),
    ("/kam plan", "empty"),
])
def test_not_understood_saves_nothing(acme, engine, kam, line, reason):
    reply = kam(line)
    assert not reply.ok and not reply.changed
    assert reply.data["problem"] == reason
    assert rows(engine, PlanAction, acme["id"]) == [] and rows(engine, PlanObjective, acme["id"]) == []


def test_user_text_is_escaped(acme, kam):
    reply = kam("/kam plan Acme: action <!channel> & <https://x.y|click> by Friday")
    assert "<!channel>" not in reply.text and "&lt;!channel&gt;" in reply.text and "&amp;" in reply.text


def test_team_scoping(acme, engine, kam):
    kam("/kam plan Acme: action pilot")
    reply = kam("/kam plan Acme", team="T2")
    assert reply.ok and "No objectives or actions yet" in reply.text
    assert rows(engine, PlanAction, acme["other"]) == []
    assert not kam("/kam plan Acme done 1", team="T2").ok


def test_unknown_account_asks(acme, kam):
    reply = kam("/kam plan Acmee: action pilot")
    assert reply.kind == "unknown_account" and "Acme" in reply.text


def test_large_plan_is_capped(acme, engine, kam):
    with session_scope(engine) as session:
        from kambot.storage.plans import add_action, add_objective
        for n in range(50):
            add_objective(session, team_id="T1", account_id=acme["id"], title=f"goal {n} " + "x" * 200)
        for n in range(300):
            add_action(session, team_id="T1", account_id=acme["id"], title=f"step {n} " + "y" * 200, due=TODAY)
    reply = kam("/kam plan Acme")
    assert "…and 35 more objectives" in reply.text and "…and 270 more open actions" in reply.text
    from kambot.slack.blocks import reply_blocks
    blocks = reply_blocks(reply)
    assert len(blocks) <= 50 and all(len(b["text"]["text"]) <= 3000 for b in blocks if b["type"] == "section")


def test_progress_on_the_account_card(acme, kam):
    assert "Success plan" not in kam("/kam account Acme").text
    kam("/kam plan Acme: goal expand to 3 plants by Q3")
    kam("/kam plan Acme: action ROI study by Friday")
    kam("/kam plan Acme: action pilot")
    kam("/kam plan Acme done 2")
    kam("/kam plan Acme goal 1 at risk")
    card = kam("/kam account Acme")
    assert "*Success plan:* 1 of 2 actions done · :warning: 1 of 1 objective at risk" in card.text
    assert card.data["plan"]["done"] == 1
    assert "*Plan de éxito:* 1 de 2 acciones hechas" in kam("/kam cuenta Acme").text
