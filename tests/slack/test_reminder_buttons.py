"""The reminder DM's buttons: Log touch opens the form on that account; Snooze changes only that account's part."""
from datetime import date

import pytest

from kambot.config import Settings
from kambot.jobs.scheduler import Scheduler
from kambot.slack.messenger import SlackMessenger
from kambot.testing.fake_slack import requests as sr
from tests.jobs.helpers import utc
from tests.support.factories import make_account
from tests.slack.support import assert_escaped, send, view_of

SNOOZED = {"en": ("Snoozed", "Dec 4"), "es": ("pospuesta", "4 dic")}
TITLE = {"en": "Log a touchpoint", "es": "Registrar contacto"}


def _reminder(engine, fake, lang):
    """A real reminder DM to U1 about two stale accounts; returns (message as Slack holds it, account ids)."""
    fake.set_user("U1", tz="UTC", locale="es-ES" if lang == "es" else "en-US")
    ids = [make_account(engine, name, owner="U1", tier="A", touched=[date(2026, 9, 1)]).id for name in ("Acme <!here> & Co", "Globex")]
    settings = Settings(slack_bot_token="xoxb-test", slack_api_url=fake.base_url, default_tz="UTC")
    Scheduler(engine, SlackMessenger(settings, engine), default_tz="UTC").tick(utc(2026, 11, 27, 15, 0))
    post = fake.last("chat.postMessage")
    message = {"type": "message", "ts": post.response["ts"], "text": post.params["text"],
               "blocks": post.response["message"]["blocks"]}
    return post.response["channel"], message, ids


def _buttons(blocks, account_id):
    return [e["action_id"] for b in blocks if b.get("block_id") == f"reminder_actions_{account_id}"
            for e in b["elements"]]


def _click(app, fake, action, account_id, channel, message, answer_at):
    """Press one of an account's buttons on the reminder, as Slack sends it."""
    send(app, sr.block_actions({"action_id": action, "value": str(account_id),
                                "block_id": f"reminder_actions_{account_id}"}, channel_id=channel, message=message,
                               response_url=fake.response_url(answer_at)))
    app.settle()


@pytest.mark.parametrize("lang", ["en", "es"])
def test_snooze_changes_only_that_accounts_part(app, fake, engine, lang):
    channel, message, (acme, globex) = _reminder(engine, fake, lang)
    _click(app, fake, "reminder_snooze_week", acme, channel, message, "snooze")
    answer = fake.last("response_url").json
    assert answer["replace_original"] is True
    blocks = answer["blocks"]
    assert _buttons(blocks, acme) == [] and "reminder_snooze_week" in _buttons(blocks, globex)
    assert any("Globex" in (b.get("text") or {}).get("text", "") for b in blocks)  # the other account stays
    note = next(b for b in blocks if b.get("block_id") == f"reminder_{acme}")
    word, day = SNOOZED[lang]
    assert note["type"] == "context" and word in note["elements"][0]["text"] and day in note["elements"][0]["text"]
    assert len(blocks) == len(message["blocks"]) - 1  # one line and its buttons became one note
    assert "Acme &lt;!here&gt; &amp; Co" in note["elements"][0]["text"]
    assert_escaped(fake)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_log_touch_opens_the_form_on_that_account(app, fake, engine, lang):
    channel, message, (acme, _globex) = _reminder(engine, fake, lang)
    _click(app, fake, "reminder_log_touch", acme, channel, message, "log")
    form = view_of(fake.wait_for("views.update")[0])
    picked = next(b for b in form["blocks"] if b["block_id"] == "tp_account")["element"]["initial_option"]
    assert picked["value"] == str(acme) and "Acme" in picked["text"]["text"]
    assert form["title"]["text"] == TITLE[lang]
    assert not [c for c in fake.calls("response_url") if "no longer available" in c.json.get("text", "")]
