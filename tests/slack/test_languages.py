"""A channel where people write in English and Spanish: each reply follows the words, not the names in them."""
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import kam, send
from tests.support.factories import make_account

DRAFT = {"en": "this reads like a touchpoint", "es": "esto parece un contacto con un cliente"}
CARD = {"en": "*Owner:*", "es": "*Responsable:*"}


def _people(fake) -> None:
    fake.set_user("U1", locale="en-US")
    fake.set_user("U2", locale="es-ES", tz="Europe/Madrid")


def test_watched_channel_drafts_follow_each_message(app, fake, engine):
    _people(fake)
    make_account(engine, "Banco de la Nación", contacts=["Ana Gómez"])
    make_account(engine, "The Bank of the West", contacts=["John Smith"])
    kam(app, fake, "watch on")
    send(app, sr.channel_message_event("reunión con John en The Bank of the West", "U1"))
    app.settle()
    send(app, sr.channel_message_event("met Ana at Banco de la Nación", "U2"))
    app.settle()
    spanish, english = [c.params["text"] for c in fake.wait_for("chat.postMessage", count=2)]
    assert DRAFT["es"] in spanish and "The Bank of the West" in spanish
    assert DRAFT["en"] in english and "Banco de la Nación" in english


def test_slash_commands_follow_the_words_then_the_locale(app, fake, engine):
    _people(fake)
    make_account(engine, "Banco de la Nación")
    make_account(engine, "The Bank of the West")
    assert CARD["en"] in kam(app, fake, "account Banco de la Nación", user_id="U1").json["text"]
    assert CARD["es"] in kam(app, fake, "account The Bank of the West", user_id="U2").json["text"]
    assert CARD["es"] in kam(app, fake, "cuenta The Bank of the West", user_id="U1").json["text"]
