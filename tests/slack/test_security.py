"""Only Slack gets in (signatures), and nothing a user typed can ping, link or break formatting on the way out."""
import json
import time
from datetime import date

import pytest

from kambot.storage.models import ProcessedEvent, Touchpoint, WatchedChannel
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, count, form_state, kam, send
from tests.support.factories import make_account, make_contacts, make_touch

HOSTILE_TEXT = "<!channel> <!here> <@U999> R&D & <b>"
BAD_SIGNATURES = [{"secret": "forged"}, {"timestamp": int(time.time()) - 301}]


@pytest.mark.parametrize("signing", BAD_SIGNATURES, ids=["forged", "stale"])
def test_bad_signatures_get_401_and_change_nothing(app, fake, engine, signing):
    account = make_account(engine, "Acme").id
    touch = make_touch(engine, account, on=date(2026, 11, 26)).id
    requests = [
        sr.slash_command("watch on", response_url=fake.response_url(), **signing),
        sr.dm_event("help", event_id="EvFORGED", **signing),
        sr.block_actions({"action_id": "touchpoint_undo", "value": str(touch)}, response_url=fake.response_url(),
                         **signing),
        sr.view_submission({"callback_id": "log_touchpoint_modal", "state": {"values": form_state(account=account)}},
                           **signing),
        sr.block_suggestion("tp_account", "ac", **signing),
    ]
    for request in requests:
        assert send(app, request).status == 401
    app.settle()
    assert [c.method for c in fake.calls()] == ["auth.test"]
    assert (count(engine, WatchedChannel), count(engine, ProcessedEvent), count(engine, Touchpoint)) == (0, 0, 1)
    assert send(app, sr.dm_event("help", event_id="EvFORGED")).status == 200  # the real one still gets through
    fake.wait_for("chat.postMessage")


def test_hostile_text_is_escaped_everywhere(app, fake, engine):
    account = make_account(engine, f"Acme {HOSTILE_TEXT}").id
    maria, = (c.id for c in make_contacts(engine, account, [f"Maria {HOSTILE_TEXT}"]))
    make_touch(engine, account, on=date(2026, 11, 26), next_step=HOSTILE_TEXT, next_step_due=date(2026, 11, 28))
    kam(app, fake, HOSTILE_TEXT)  # unknown subcommand: echoed back in the short help
    kam(app, fake, f"watch {HOSTILE_TEXT}")
    send(app, sr.dm_event(HOSTILE_TEXT))
    send(app, sr.mention_event(HOSTILE_TEXT))
    send(app, sr.app_home_opened_event("U1"))
    values = form_state(account=account, contacts=[maria], summary=HOSTILE_TEXT, next_step=HOSTILE_TEXT)
    send(app, sr.view_submission({"callback_id": "log_touchpoint_modal", "state": {"values": values},
                                  "private_metadata": json.dumps({"lang": "en"})}))
    app.settle()
    fake.wait_for("views.publish", count=2)
    assert len(fake.calls("chat.postMessage")) == 3
    assert_escaped(fake)


def test_hostile_reports_through_the_log_command(app, fake, engine):
    make_account(engine, "R&D Labs", contacts=["Maria Lopez"])
    kam(app, fake, "watch on")
    report = "call with Maria at R&D Labs yesterday <!channel> <b>, next: fix <!here> & ship"
    kam(app, fake, f"log {report}")
    send(app, sr.dm_event(report))
    send(app, sr.channel_message_event(report))
    send(app, sr.message_shortcut("log_touchpoint", {"text": report}))
    app.settle()
    assert "R&amp;D Labs" in fake.calls("response_url")[-1].json["text"]
    assert_escaped(fake, allow_user_mentions=True)
