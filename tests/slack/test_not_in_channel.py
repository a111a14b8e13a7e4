"""Channels the bot is not in: watch and digest subscribe say to invite it and save nothing; a failed post
of a scheduled digest tells the subscriber once."""
import pytest

from kambot.config import Settings
from kambot.jobs.scheduler import Scheduler
from kambot.slack.messenger import SlackMessenger
from kambot.storage.db import session_scope
from kambot.storage.models import DigestSubscription, WatchedChannel
from tests.jobs.helpers import subscribe, utc
from tests.slack.support import count, kam

INVITE = {"en": ("Invite me with `/invite @kambot`", "Nothing was saved"),
          "es": ("Invítame con `/invite @kambot`", "No guardé nada")}
LOCALE = {"en": "en-US", "es": "es-ES"}


@pytest.mark.parametrize("lang, command, table", [
    ("en", "digest subscribe", DigestSubscription), ("es", "resumen suscribir", DigestSubscription),
    ("en", "watch on", WatchedChannel), ("es", "vigilar sí", WatchedChannel),
])
def test_commands_in_a_channel_without_the_bot_save_nothing(app, fake, engine, lang, command, table):
    fake.set_user("U1", locale=LOCALE[lang])
    fake.set_channel("C_OUT", is_member=False)
    answer = kam(app, fake, command, channel_id="C_OUT").json
    assert all(words in answer["text"] for words in INVITE[lang]), answer["text"]
    assert answer["response_type"] == "ephemeral" and count(engine, table) == 0
    assert fake.calls("conversations.info")[-1].params["channel"] == "C_OUT"


def test_commands_in_a_channel_with_the_bot_still_work(app, fake, engine):
    fake.set_channel("C_IN", is_member=True)
    assert kam(app, fake, "digest subscribe", channel_id="C_IN").json["response_type"] == "in_channel"
    watching = kam(app, fake, "watch on", channel_id="C_IN").json
    assert watching["response_type"] == "in_channel" and "/invite" not in watching["text"]  # no hedging
    assert count(engine, DigestSubscription) == 1 and count(engine, WatchedChannel) == 1


@pytest.mark.parametrize("lang, words", [("en", "couldn't post the weekly digest in <#C_GONE>"),
                                         ("es", "No pude publicar el resumen semanal en <#C_GONE>")])
def test_a_digest_that_cannot_be_posted_tells_the_subscriber_once(engine, fake, lang, words):
    sub = subscribe(engine, "C_GONE", lang=lang, weekday=0, hour=9)
    with session_scope(engine) as session:
        session.get(DigestSubscription, sub).created_by = "U_SUB"
    fake.set_channel("C_GONE", is_member=False)  # someone removed the bot after subscribing
    settings = Settings(slack_bot_token="xoxb-test", slack_api_url=fake.base_url, default_tz="UTC")
    for hour, minute in ((9, 0), (9, 5), (10, 0), (12, 0), (20, 0)):  # Monday's retries, each a new process
        Scheduler(engine, SlackMessenger(settings, engine), default_tz="UTC").tick(utc(2026, 11, 30, hour, minute))
    dms = [c for c in fake.calls("chat.postMessage") if c.params["channel"] in ("DU_SUB", "U_SUB")]
    assert len(dms) == 1 and words in dms[0].params["text"]
    assert "/invite @kambot" in dms[0].params["text"]
