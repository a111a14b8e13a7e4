"""Only real Slack mentions name our people: a typed `<@U…>` (sent escaped by Slack) stays text everywhere."""
from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import Touchpoint, TouchpointParticipant
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, kam, send
from tests.support.factories import make_account

TYPED = "&lt;@U999&gt;"  # what Slack sends when someone types the characters <@U999>
REPORT = f"call with Maria at Acme yesterday with <@U2> and {TYPED}"


def _saved(engine) -> tuple[set[str], str]:
    """Participants and summary of the one touchpoint logged."""
    with session_scope(engine) as session:
        touch = session.execute(select(Touchpoint)).scalar_one()
        users = set(session.execute(select(TouchpointParticipant.user_id)).scalars())
        return users, touch.summary


def _typed_is_text(text: str) -> None:
    """The reply shows the typed characters escaped (they read "<@U999>") and never mentions U999."""
    assert "<@U999" not in text and "&lt;" in text and "@U999&gt;" in text


def test_slash_command_counts_only_the_real_mention(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    reply = kam(app, fake, f"log {REPORT}")
    users, summary = _saved(engine)
    assert users == {"U1", "U2"}
    assert "<@U2>" in reply.json["text"]  # the real one stays clickable
    _typed_is_text(reply.json["text"])
    assert "@U999>" in summary and "<@U999>" not in summary  # kept as typed, never as our mention syntax
    assert_escaped(fake, allow_user_mentions=True)


def test_dm_counts_only_the_real_mention(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    send(app, sr.dm_event(REPORT, "U1"))
    post = fake.wait_for("chat.postMessage")[0]
    assert _saved(engine)[0] == {"U1", "U2"}
    _typed_is_text(post.params["text"])


def test_watched_channel_draft_saved_later_keeps_the_typed_mention_as_text(app, fake, engine):
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    kam(app, fake, "watch on")
    send(app, sr.channel_message_event(REPORT, "U1"))
    app.settle()
    draft = fake.wait_for("chat.postMessage")[0]
    _typed_is_text(draft.params["text"])
    draft_id = draft.params["blocks"][-1]["elements"][0]["value"]
    send(app, sr.block_actions({"action_id": "draft_save", "value": draft_id}, response_url=fake.response_url("s")))
    app.settle()
    assert _saved(engine)[0] == {"U1", "U2"}


def test_typed_bot_mention_in_a_watched_channel_is_no_mention(app, fake, engine):
    """Slack sends no app_mention for typed characters, so the watched-channel draft must still come."""
    make_account(engine, "Acme", contacts=["Maria Lopez"])
    kam(app, fake, "watch on")
    send(app, sr.channel_message_event(f"&lt;@{sr.BOT_USER_ID}&gt; lunch with Maria at Acme yesterday", "U1"))
    app.settle()
    draft = fake.wait_for("chat.postMessage")[0]
    assert "Acme" in draft.params["text"] and f"<@{sr.BOT_USER_ID}" not in draft.params["text"]
