"""Slack mentions, new-contact hints and lookup phrases."""
import pytest

from kambot.domain.parsing.people import NewContactHint, name_phrases, new_contact_hints, slack_mentions


def test_slack_mentions_in_order_without_repeats():
    text = "call with <@U123ABC> and <@W9ZZ|bob>, then <@U123ABC> again; not @U999 or <#C123>"
    assert slack_mentions(text) == ("U123ABC", "W9ZZ")


@pytest.mark.parametrize(
    ("text", "hints"),
    [
        ("call with our new contact Ravi Patel at Globex", [("Ravi Patel", None)]),
        ("met their new CFO, Dana Scully, at the offsite", [("Dana Scully", "CFO")]),
        ("almuerzo con la nueva directora, Ana Gómez, de Umbrella Salud", [("Ana Gómez", "directora")]),
        ("café con el nuevo contacto Luis Pérez", [("Luis Pérez", None)]),
        ("intro call with new VP Priya Shah", [("Priya Shah", "VP")]),
        ("lunch with new VP of Sales, Priya Shah", [("Priya Shah", "VP of Sales")]),
        ("Met Dana Scully, their new CFO", [("Dana Scully", "CFO")]),
        ("new contact: Ravi Patel", [("Ravi Patel", None)]),
        ("reunión con la nueva directora de compras María José de la Fuente",
         [("María José de la Fuente", "directora de compras")]),
        ("met new CFO Dana Scully and new CTO Fox Mulder", [("Dana Scully", "CFO"), ("Fox Mulder", "CTO")]),
        ("met their new CFO Dana", []),  # one word is not enough
        ("sent new proposal to Acme Corp", []),
        ("New York office visit with Bob Smith", []),
        ("call with Ravi Patel at Globex", []),  # not introduced as new
    ],
)
def test_new_contact_hints(text, hints):
    assert new_contact_hints(text) == [NewContactHint(name, title) for name, title in hints]


def test_name_phrases_longest_first_without_stop_word_only_spans():
    phrases = name_phrases("lunch with Ana Gómez at Umbrella Salud")
    assert phrases[0].count(" ") == 3
    assert [p.count(" ") for p in phrases] == sorted((p.count(" ") for p in phrases), reverse=True)
    assert {"Ana Gómez", "Umbrella Salud", "Ana", "Umbrella"} <= set(phrases)
    assert "with" not in phrases and "lunch with" not in phrases and "at" not in phrases
    assert len(phrases) == len(set(phrases))


def test_name_phrases_trim_punctuation_and_do_not_cross_it():
    phrases = name_phrases('met "Dana" at Acme Corp\'s HQ, then Globex (Madrid).')
    assert {"Dana", "Acme Corp", "Acme Corp HQ", "Globex", "Madrid"} <= set(phrases)
    assert not any("HQ then" in p or "Globex Madrid" in p for p in phrases)


def test_name_phrases_respect_max_words_and_spanish_stop_words():
    phrases = name_phrases("reunión con el Banco de la Nación ayer", max_words=2)
    assert max(p.count(" ") for p in phrases) == 1
    assert "con el" not in phrases and "de la" not in phrases
    assert {"Banco de", "Banco", "Nación"} <= set(phrases)
    assert "Banco de la Nación" in name_phrases("reunión con el Banco de la Nación ayer")
