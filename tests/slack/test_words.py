"""Small words users read: "today" not "0 days ago", snoozed accounts on the Home tab, "y 1 anterior"."""
from datetime import date, timedelta

import pytest

from kambot.storage.db import session_scope
from kambot.storage.models import Snooze
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import kam, send, view_of
from tests.support.factories import make_account, make_touch

TODAY = date(2026, 11, 27)
LOCALE = {"en": "en-US", "es": "es-ES"}
TODAY_WORD = {"en": "(today)", "es": "(hoy)"}
SNOOZED = {"en": ":zzz: snoozed until Dec 4, 2026", "es": ":zzz: pospuesta hasta el 4 dic 2026"}


def _home(app, fake, lang) -> str:
    fake.set_user("U1", tz="UTC", locale=LOCALE[lang])
    send(app, sr.app_home_opened_event("U1"))
    return str(view_of(fake.wait_for("views.publish")[0])["blocks"])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_home_says_today_and_shows_snoozes(app, fake, engine, lang):
    acme = make_account(engine, "Acme", tier="A").id
    globex = make_account(engine, "Globex", tier="A").id
    make_touch(engine, acme, on=TODAY)
    make_touch(engine, globex, on=TODAY - timedelta(days=40))
    with session_scope(engine) as session:
        session.add(Snooze(team_id="T1", account_id=globex, until=date(2026, 12, 4), by_user="U1"))
    text = _home(app, fake, lang)
    assert TODAY_WORD[lang] in text and "(0 day" not in text and "hace 0" not in text
    assert text.count(":zzz:") == 1 and SNOOZED[lang] in text


def test_a_snooze_that_ended_is_not_shown(app, fake, engine):
    acme = make_account(engine, "Acme", tier="A").id
    with session_scope(engine) as session:
        session.add(Snooze(team_id="T1", account_id=acme, until=TODAY - timedelta(days=1), by_user="U1"))
    assert ":zzz:" not in _home(app, fake, "en")


@pytest.mark.parametrize("lang, command, word", [("en", "cadence Acme", "Last touch today:"),
                                                 ("es", "cadencia Acme", "Último contacto hoy:")])
def test_cadence_says_today(app, fake, engine, lang, command, word):
    fake.set_user("U1", tz="UTC", locale=LOCALE[lang])
    acme = make_account(engine, "Acme", tier="A").id
    make_touch(engine, acme, on=TODAY)
    text = kam(app, fake, command).json["text"]
    assert word in text and "0 days ago" not in text and "hace 0" not in text


@pytest.mark.parametrize("lang, command, one, two", [("en", "digest preview", "and 1 earlier", "and 2 earlier"),
                                                     ("es", "resumen vista previa", "y 1 anterior_", "y 2 anteriores")])
def test_digest_counts_earlier_touches_in_the_right_number(app, fake, engine, lang, command, one, two):
    fake.set_user("U1", tz="UTC", locale=LOCALE[lang])
    acme = make_account(engine, "Acme", tier="A").id
    globex = make_account(engine, "Globex", tier="A").id
    for back in range(3):
        make_touch(engine, acme, on=TODAY - timedelta(days=back + 1))
    for back in range(4):
        make_touch(engine, globex, on=TODAY - timedelta(days=back + 1))
    answer = kam(app, fake, command).json
    text = answer["text"] + str(answer.get("blocks"))
    assert one in text and two in text and "y 1 anteriores" not in text
