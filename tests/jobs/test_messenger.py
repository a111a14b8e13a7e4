"""SlackMessenger against the fake Slack: DMs, channel posts, profiles, tokens per workspace, refusals."""
from __future__ import annotations

import pytest
from slack_sdk.oauth.installation_store import Installation
from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

from kambot.config import Settings
from kambot.core.reply import Button, Item, Reply
from kambot.jobs.messenger import DeliveryError, NoToken
from kambot.jobs.print_messenger import PrintMessenger
from kambot.slack.messenger import SlackMessenger
from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile

REPLY = Reply(text="hello")


def test_dm_opens_the_conversation_once_then_posts(engine, fake, settings):
    messenger = SlackMessenger(settings, engine)
    assert messenger.send_dm("T1", "U1", REPLY)
    assert messenger.send_dm("T1", "U1", REPLY)
    assert [c.params["users"] for c in fake.calls("conversations.open")] == ["U1"]
    assert [c.params["channel"] for c in fake.calls("chat.postMessage")] == ["DU1", "DU1"]
    assert fake.last("chat.postMessage").token == "xoxb-test"


def test_refusals_carry_slacks_error(engine, fake, settings):
    fake.fail("chat.postMessage", "not_in_channel", channel="C_NO")
    with pytest.raises(DeliveryError) as refused:
        SlackMessenger(settings, engine).post_channel("T1", "C_NO", REPLY)
    assert refused.value.error == "not_in_channel"


def test_profile_from_users_info_is_cached_in_the_database(engine, fake, settings):
    fake.set_user("U1", tz="Asia/Tokyo", locale="es-ES", name="Yuki")
    profile = SlackMessenger(settings, engine).user_profile("T1", "U1")
    assert (profile.tz, profile.locale) == ("Asia/Tokyo", "es-ES")
    with session_scope(engine) as session:
        assert session.get(UserProfile, ("T1", "U1")).tz == "Asia/Tokyo"
    assert SlackMessenger(settings, engine).user_profile("T1", "U1").tz == "Asia/Tokyo"  # another process
    assert len(fake.calls("users.info")) == 1


def test_tokens_come_from_the_oauth_installation_store(engine, fake):
    settings = Settings(slack_client_id="111.222", slack_client_secret="secret", slack_api_url=fake.base_url)
    store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    store.create_tables()
    store.save(Installation(app_id="A1", team_id="T2", user_id="U_ADMIN", bot_token="xoxb-team-two",
                            bot_id="B2", bot_user_id="UBOT2"))
    messenger = SlackMessenger(settings, engine)
    messenger.post_channel("T2", "C1", REPLY)
    assert fake.last("chat.postMessage").token == "xoxb-team-two"
    with pytest.raises(NoToken):
        messenger.post_channel("T_UNKNOWN", "C1", REPLY)


def test_print_messenger_prints_and_sends_nothing(engine, capsys):
    messenger = PrintMessenger(engine)
    messenger.send_dm("T1", "U1", Reply(text="", items=[Item("7", "*Acme*", (Button("Log touch", "log"),))]))
    assert "--- DM to U1 (team T1) ---\n*Acme*\n  [Log touch]" in capsys.readouterr().out
    assert messenger.user_profile("T1", "U1") is None
