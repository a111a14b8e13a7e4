"""Language detection on short report lines."""
import pytest

from kambot.domain.parsing.language import detect_language, fold, name_candidates


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("call with Maria at Acme yesterday", "en"),
        ("met their new CFO on Monday", "en"),
        ("llamada con Ana ayer", "es"),
        ("reunión con Umbrella el jueves", "es"),
        ("¿Quedamos?", "es"),  # the inverted mark alone says Spanish
        ("próximo paso: enviar propuesta", "es"),
        ("almuerzo con Ana Gómez de Umbrella Salud el jueves", "es"),
        # mixed lines: the language of the sentence, not of the names in it
        ("call with José García at Peñarol yesterday", "en"),
        ("lunch with Ana Muñoz, next: send the deck to Iñaki", "en"),
        ("llamada con John Smith at Acme ayer", "es"),
        ("sent the propuesta to Ana, next: follow up with her on Friday", "en"),
        ("WhatsApp a Carla de Soylent, próximo paso: call next week", "es"),
    ],
)
def test_detect_language(text, lang):
    assert detect_language(text) == lang
    assert detect_language(text, default="es" if lang == "en" else "en") == lang


@pytest.mark.parametrize("text", ["lunch with Ana de Umbrella ayer", "Acme", "", "<@U123> 2026-02-23"])
def test_ties_fall_back_to_the_default(text):
    assert detect_language(text) == "en"
    assert detect_language(text, default="es") == "es"


def test_fold_keeps_length_and_strips_case_and_accents():
    text = "Próximo PASO: Reunión con Ñandú, Straße"
    assert fold(text) == "proximo paso: reunion con nandu, straße"
    assert len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("met Ana at Banco de la Nación", "en"),
        ("call with Seguros La Previsión", "en"),
        ("lunch with the CFO of Banco de los Andes", "en"),
        ("reunión con The Bank of the West", "es"),
        ("quién en Bank of America", "es"),
        ("llamada con John en General Motors ayer", "es"),
        # capitalised sentence words still count; only runs of name words are names
        ("Met Jane at Acme", "en"),
        ("Llamada con John Smith", "es"),
        ("Hola Ana", "es"),
    ],
)
def test_names_in_the_other_language_do_not_count(text, lang):
    assert detect_language(text) == lang
    assert detect_language(text, default="es" if lang == "en" else "en") == lang


@pytest.mark.parametrize("text", ["Banco de la Nación", "Seguros La Previsión", "The Bank of the West",
                                  "Bank of America", "General Motors", "El Corte Inglés"])
def test_a_name_alone_says_nothing(text):
    assert detect_language(text) == "en"
    assert detect_language(text, default="es") == "es"


def test_known_names_do_not_count_even_in_lower_case():
    text = "call with ana at compañía española de petróleos"
    assert detect_language(text, default="en") == "es"  # four accented words and "de" outvote three
    known = {"compania espanola de petroleos"}
    assert detect_language(text, default="es", known=known) == "en"
    assert detect_language("quién en the bank of the west", known={"the bank of the west"}) == "es"


def test_the_lead_weighs_like_two_words():
    assert detect_language("Acme Corp about billing", lead="es") == "es"
    assert detect_language("call with Ana at Acme yesterday", lead="es") == "en"  # four English words
    assert detect_language("", default="en", lead="es") == "es"


def test_only_spans_that_could_change_the_guess_are_looked_up():
    candidates = name_candidates("call with Ana at compañía española de petróleos yesterday")
    assert "compania espanola de petroleos" in candidates
    assert not any(c.startswith(("call", "with", "at ")) or c.endswith(" yesterday") for c in candidates)
    assert name_candidates("Acme Corp 2026-02-23 <@U123>") == []  # no language word: nothing to ask
    assert name_candidates("llamada con John en General Motors ayer") == []  # the capitalised run is enough
