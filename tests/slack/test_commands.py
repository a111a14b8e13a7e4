"""`/kam …` through the real Bolt app: immediate empty ack, then the reply on the response_url."""
import time

import pytest

from kambot.core.commands.table import COMMANDS
from kambot.storage.models import UserProfile
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import count, kam, send


def test_help_is_ephemeral_and_complete(app, fake):
    reply = kam(app, fake, "help")
    assert reply.json["response_type"] == "ephemeral" and reply.json["replace_original"] is False
    assert "/kam log" in reply.json["text"] and reply.json["blocks"][0]["type"] == "section"
    assert fake.errors() == []


def test_ayuda_answers_in_spanish(app, fake):
    reply = kam(app, fake, "ayuda")
    assert "Escribe `/kam`" in reply.json["text"]


def test_unknown_subcommand_gets_the_short_help(app, fake):
    reply = kam(app, fake, "frobnicate everything")
    assert "frobnicate" in reply.json["text"] and "/kam help" in reply.json["text"]
    assert len(reply.json["text"]) < 400


def test_bare_command_shows_help(app, fake):
    assert "/kam log" in kam(app, fake, "").json["text"]


def test_locale_sets_the_reply_language(app, fake):
    fake.set_user("U7", locale="es-ES", tz="Europe/Madrid")
    reply = kam(app, fake, "", user_id="U7")
    assert "Escribe `/kam`" in reply.json["text"]


@pytest.mark.parametrize("spec", COMMANDS, ids=lambda s: s.name)
def test_every_registered_command_answers(app, fake, spec):
    reply = kam(app, fake, spec.name)
    assert reply.json["text"].strip()
    app.settle()
    assert fake.errors() == []


def test_ack_never_waits_for_users_info(app, fake, engine):
    fake.delay("users.info", 1.5)
    started = time.perf_counter()
    response = send(app, sr.slash_command("help", response_url=fake.response_url()))
    assert response.status == 200 and time.perf_counter() - started < 0.5
    fake.wait_for("response_url", timeout=10)
    assert count(engine, UserProfile) == 1


def test_profile_is_cached_between_commands(app, fake):
    kam(app, fake, "help")
    kam(app, fake, "help")
    assert len(fake.calls("users.info")) == 1
    assert fake.last("users.info").params["include_locale"] in ("true", "1", True)
