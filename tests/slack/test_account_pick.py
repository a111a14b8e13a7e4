"""An ambiguous account, or a name amid junk, over signed requests: candidates as buttons, the click answers."""
from kambot.storage.models import Snooze
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, count, kam, response_at, send
from tests.support.factories import make_account


def _buttons(response) -> list[dict]:
    return [e for block in response.json["blocks"] if block["type"] == "actions" for e in block["elements"]]


def _click(app, fake, button: dict, name: str):
    send(app, sr.block_actions({"action_id": button["action_id"], "value": button["value"]},
                               response_url=fake.response_url(name)))
    return response_at(fake, name)


def test_ini_lists_both_accounts_as_buttons_and_a_click_answers_for_one(app, fake, engine):
    make_account(engine, "Initech", contacts=["Bill Lumbergh"])
    make_account(engine, "Initrode")
    asked = kam(app, fake, "who Ini")
    assert "could be more than one account" in asked.json["text"]
    buttons = _buttons(asked)
    assert [b["text"]["text"] for b in buttons] == ["Initech", "Initrode"]
    answer = _click(app, fake, buttons[0], "pick")
    assert answer.json["replace_original"] is True and "Bill Lumbergh" in answer.json["text"]
    app.settle()
    assert_escaped(fake)


def test_spanish_question_and_answer(app, fake, engine):
    make_account(engine, "Initech", contacts=["Bill Lumbergh"])
    make_account(engine, "Initrode")
    asked = kam(app, fake, "posponer Ini 2 semanas")
    assert "puede ser más de una cuenta" in asked.json["text"] and count(engine, Snooze) == 0
    answer = _click(app, fake, _buttons(asked)[1], "pick-es")
    assert "Initrode" in answer.json["text"] and count(engine, Snooze) == 1


def test_a_name_amid_sql_gets_did_you_mean_with_one_button_and_writes_nothing(app, fake, engine):
    make_account(engine, "Acme Corp")
    asked = kam(app, fake, "snooze Acme Corp'; DROP TABLE snooze;-- <!here> 2 weeks")
    assert "Did you mean *Acme Corp*?" in asked.json["text"] and count(engine, Snooze) == 0
    assert [b["text"]["text"] for b in _buttons(asked)] == ["Acme Corp"]
    app.settle()
    assert_escaped(fake)
