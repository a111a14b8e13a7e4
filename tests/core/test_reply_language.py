"""Replies come in the language of the user's words, whatever language the account and people names are in."""
from __future__ import annotations

import pytest

from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope

ACCOUNTS = {  # name: contacts
    "Banco de la Nación": [],
    "Seguros La Previsión": [],
    "Compañía Española de Petróleos": ["Ana Gómez"],
    "The Bank of the West": [],
    "Bank of America": [],
    "General Motors": ["John Smith"],
}
# What each reply says in each language (from templates/{en,es}).
SAYS = {
    "who": ("I don't know anyone at", "Aún no conozco a nadie en"),
    "account": ("*Owner:*", "*Responsable:*"),
    "log": ("Logged a *call*", "Registré una *llamada*"),
    "meeting": ("Logged a *meeting*", "Registré una *reunión*"),
}


@pytest.fixture
def names(engine):
    """Accounts whose names are in the other language than many of the lines below."""
    with session_scope(engine) as session:
        for name, people in ACCOUNTS.items():
            account = create_account(session, team_id="T1", name=name, owner="U_ANA")
            for person in people:
                create_contact(session, team_id="T1", account_id=account.id, name=person)


def speaks(reply, lang: str, what: str) -> bool:
    english, spanish = SAYS[what]
    return reply.lang == lang and (english if lang == "en" else spanish) in reply.text


@pytest.mark.parametrize(("line", "locale", "what"), [
    ("/kam who Banco de la Nación", "en", "who"),
    ("/kam who banco de la nación", "en", "who"),  # typed in lower case: known as an account name
    ("/kam account Seguros La Previsión", "en", "account"),
    ("/kam log call with Ana at compañía española de petróleos yesterday", "es", "log"),
    ("/kam log met Ana at Banco de la Nación", "es", "meeting"),
    ("met Ana at banco de la nación", "es", "meeting"),  # a DM
])
def test_english_words_with_spanish_names_get_english(kam, names, line, locale, what):
    assert speaks(kam(line, lang=locale), "en", what)


@pytest.mark.parametrize(("line", "locale", "what"), [
    ("reunión con The Bank of the West", "en", "meeting"),  # a DM
    ("/kam log reunión con the bank of the west", "en", "meeting"),
    ("ficha de The Bank of the West", "en", "account"),
    ("/kam quién en Bank of America", "en", "who"),
    ("llamada con John en General Motors ayer", "en", "log"),
])
def test_spanish_words_with_english_names_get_spanish(kam, names, line, locale, what):
    assert speaks(kam(line, lang=locale), "es", what)


@pytest.mark.parametrize(("line", "what"), [
    ("/kam who Banco de la Nación", "who"),
    ("/kam account The Bank of the West", "account"),
    ("/kam account General Motors", "account"),
])
def test_names_alone_leave_the_choice_to_the_locale(kam, names, line, what):
    """No word around the name says a language (English command names are what everybody types)."""
    assert speaks(kam(line, lang="en"), "en", what)
    assert speaks(kam(line, lang="es"), "es", what)


def test_a_mixed_channel_answers_each_person_in_their_own_words(kam, names):
    english_locale = dict(user="U_ANA", lang="en", channel="C_MIXED")
    spanish_locale = dict(user="U_BEN", lang="es", channel="C_MIXED")
    assert speaks(kam("/kam log reunión con The Bank of the West", **english_locale), "es", "meeting")
    assert speaks(kam("/kam log met Ana at Seguros La Previsión", **spanish_locale), "en", "meeting")
    assert speaks(kam("/kam account Banco de la Nación", **english_locale), "en", "account")
    assert speaks(kam("/kam account The Bank of the West", **spanish_locale), "es", "account")
