"""Language detection on short report lines."""
import pytest

from kambot.domain.parsing.language import detect_language, fold


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
