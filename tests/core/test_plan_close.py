"""A logged touch whose next step reads like an open plan action offers to close it, never closes it silently."""
from __future__ import annotations

from sqlalchemy import select

from kambot.domain.plan_match import matching_action
from kambot.storage.db import session_scope
from kambot.storage.plan_models import PlanAction
from tests.core.test_plan_cmd import acme  # noqa: F401  (the fixture)


def statuses(engine):
    with session_scope(engine) as session:
        return list(session.execute(select(PlanAction.status, PlanAction.closed_by_touch).order_by(PlanAction.number)))


def test_matching_needs_most_of_the_action_words():
    actions = [(1, "ROI study"), (2, "pilot at the Monterrey plant")]
    assert matching_action("send the ROI study to Maria", actions) == 1
    assert matching_action("enviar el estudio ROI", [(3, "estudio ROI")]) == 3
    assert matching_action("pilot kickoff", actions) is None  # 1 of 3 words
    assert matching_action("call Maria", actions) is None
    assert matching_action(None, actions) is None


def test_logged_next_step_offers_the_button_and_the_button_closes(acme, engine, kam, core, make_ctx):  # noqa: F811
    kam("/kam plan Acme: action ROI study by Friday")
    kam("/kam plan Acme: action pilot")
    logged = kam("/kam log call with Maria at Acme yesterday, next: send the ROI study by Monday")
    assert logged.kind == "logged"
    close = [b for b in logged.buttons if b.action_id == "plan_close_action"]
    assert [b.label for b in close] == ["Close action 1?"]
    assert statuses(engine) == [("open", None), ("open", None)]  # asked, not done
    reply = core.action(make_ctx(), "plan_close_action", close[0].value)
    assert reply.ok and reply.changed and "Action 1 is now *done*" in reply.text
    assert statuses(engine) == [("done", logged.data["touchpoint_id"]), ("open", None)]


def test_spanish_button_and_no_button_without_a_match(acme, engine, kam):  # noqa: F811
    kam("/kam plan Acme: acción estudio ROI para el viernes")
    logged = kam("/kam registrar llamada con Maria en Acme ayer, siguiente paso: enviar el estudio ROI")
    assert [b.label for b in logged.buttons if b.action_id == "plan_close_action"] == ["¿Cerrar acción 1?"]
    other = kam("/kam log call with Maria at Acme yesterday, next: book the QBR")
    assert not [b for b in other.buttons if b.action_id == "plan_close_action"]


def test_another_team_cannot_close_by_id(acme, engine, kam, core, make_ctx):  # noqa: F811
    kam("/kam plan Acme: action ROI study")
    logged = kam("/kam log call with Maria at Acme yesterday, next: ROI study")
    value = next(b.value for b in logged.buttons if b.action_id == "plan_close_action")
    assert not core.action(make_ctx(team="T2"), "plan_close_action", value).ok
    assert statuses(engine) == [("open", None)]
