"""The "Close action N?" button on a logged touch, through signed requests: it closes the action once."""
from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.plan_models import PlanAction
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, kam, response_at, send
from tests.support.factories import make_account


def test_close_action_from_the_log_reply(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    added = kam(app, fake, "plan Acme: action ROI study <!here> by Friday")
    assert "Added action 1" in added.json["text"]
    logged = kam(app, fake, "log call with Maria at Acme yesterday, next: send the ROI study")
    buttons = [e for b in logged.json["blocks"] if b["type"] == "actions" for e in b["elements"]]
    close = next(e for e in buttons if e["action_id"] == "plan_close_action")
    assert close["text"]["text"] == "Close action 1?"
    for name in ("first", "second"):
        send(app, sr.block_actions({"action_id": "plan_close_action", "value": close["value"]}, user_id="U1",
                                   response_url=fake.response_url(name)))
    assert "Action 1 is now *done*" in response_at(fake, "first").json["text"]
    with session_scope(engine) as session:
        assert session.execute(select(PlanAction.status)).scalars().all() == ["done"]
    app.settle()
    assert_escaped(fake)
