"""DMs, mentions and the events kambot ignores; retried and repeated deliveries are handled once."""
import threading

from kambot.storage.models import ProcessedEvent, Touchpoint
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import count, make_app, send
from tests.support.factories import make_account


def test_dm_is_answered_in_the_dm(app, fake):
    assert send(app, sr.dm_event("help", "U5")).status == 200
    post = fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "DU5" and "/kam log" in post.params["text"]
    assert "thread_ts" not in post.params


def test_mention_is_answered_in_its_thread_without_the_mention(app, fake):
    request = sr.mention_event("help", "U5", "C9")
    assert send(app, request).status == 200
    post = fake.wait_for("chat.postMessage")[0]
    assert post.params["channel"] == "C9" and post.params["thread_ts"] == request.data["event"]["ts"]
    assert "/kam log" in post.params["text"]


def test_bare_mention_gets_help(app, fake):
    send(app, sr.mention_event("", "U5", "C9"))
    assert "/kam log" in fake.wait_for("chat.postMessage")[0].params["text"]


def test_bots_edits_and_joins_are_ignored(app, fake):
    bot = sr.dm_event("help")
    bot.data["event"]["bot_id"] = "B2"
    edited = sr.dm_event("help")
    edited.data["event"]["subtype"] = "message_changed"
    for request in (bot, edited):
        request = sr.event(request.data["event"])
        assert send(app, request).status == 200
    assert send(app, sr.event({"type": "member_joined_channel", "user": "U1", "channel": "C1"})).status == 200
    app.settle()
    assert fake.calls("chat.postMessage") == []


def test_retries_and_repeats_are_handled_once(app, fake, engine):
    first = sr.dm_event("help", "U5", event_id="EvSAME")
    assert send(app, first).status == 200
    again = sr.dm_event("help", "U5", event_id="EvSAME")
    retry = sr.dm_event("help", "U5", event_id="EvSAME", retry_num=1, retry_reason="http_timeout")
    assert send(app, again).status == 200 and send(app, retry).status == 200
    app.settle()
    assert len(fake.calls("chat.postMessage")) == 1 and count(engine, ProcessedEvent) == 1


def test_two_processes_on_one_database_answer_once(fake, engine):
    apps = [make_app(fake, engine), make_app(fake, engine)]
    request = sr.dm_event("help", "U5", event_id="EvSHARED")
    statuses = []
    barrier = threading.Barrier(2)

    def deliver(app):
        barrier.wait()
        statuses.append(send(app, request).status)

    threads = [threading.Thread(target=deliver, args=(a,)) for a in apps]
    [t.start() for t in threads]
    [t.join(10) for t in threads]
    for app in apps:
        app.settle()
    assert statuses == [200, 200]
    assert len(fake.calls("chat.postMessage")) == 1 and count(engine, ProcessedEvent) == 1
    send(apps[1], sr.dm_event("help", "U5", event_id="EvSHARED", retry_num=2))
    apps[1].settle()
    assert len(fake.calls("chat.postMessage")) == 1


def test_url_verification(app):
    response = send(app, sr.url_verification("abc"))
    assert response.status == 200 and "abc" in response.body


def test_a_dm_of_a_command_word_and_junk_gets_that_commands_help_in_spanish(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])  # the old router logged the line as a touch at Acme
    send(app, sr.dm_event("posponer '; DROP TABLE accounts; -- <!here> Acme ayer", "U5"))
    text = fake.wait_for("chat.postMessage")[0].params["text"]
    assert "`/kam posponer Acme 2 semanas`" in text and "/kam ayuda" in text and "<!here>" not in text
    app.settle()
    assert count(engine, Touchpoint) == 0
