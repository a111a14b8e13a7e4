"""Tell English from Spanish in one short line, and fold text for accent-blind matching."""
from __future__ import annotations

import re
import unicodedata
from typing import Container

from kambot.domain.parsing.name_spans import Word, name_run_words, name_windows

LANGUAGES = ("en", "es")


def _build_fold_table() -> dict[int, str]:
    # One character in, one character out: spans found in the folded text are valid in the
    # original, which is why this is not text.normalize_name (that one changes lengths).
    table: dict[int, str] = {cp: chr(cp + 32) for cp in range(ord("A"), ord("Z") + 1)}
    for cp in range(0xC0, 0x250):
        ch = chr(cp)
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        base = base.lower()
        if len(base) == 1 and base != ch:
            table[cp] = base
    return table


_FOLD = _build_fold_table()


def fold(text: str) -> str:
    """Lower-case and strip Latin accents without changing the length: 'Próximo' -> 'proximo'."""
    return text.translate(_FOLD)


# Only words that say something about the language; words shared by both ("a", "no", "me",
# "he", "email", "demo", "final") are left out on purpose.
_ES_WORDS = frozenset("""
con de del el la los las y que en por para un una unos unas al su sus es fue le les lo nos
sobre pero muy mas tambien cuando donde porque hasta desde entre sin despues antes esta este
hoy ayer anoche anteayer antier hace dentro manana tarde noche semana semanas pasada pasado
proximo proxima proximos siguiente siguientes paso pasos viene dias dia mes meses
llamada llamadas llame llamamos llamo telefonee reunion reuniones reunimos visita visite
correo correos envie escribi mensaje mensajes almuerzo comida cena desayuno feria evento congreso
conferencia lunes martes miercoles jueves viernes sabado domingo enero febrero marzo abril mayo
junio julio agosto septiembre setiembre octubre noviembre diciembre nuevo nueva contacto
directora director gerente enviar propuesta hablamos hable cliente cuenta quedamos presupuesto
hola gracias buenas buenos dias ayuda quien quienes cual cuales cuentas tengo hablo puedes hacer estado
""".split())

_EN_WORDS = frozenset("""
with at the and of to for on in by from about after before is was were we they she i it this
that our their his her will should have had yesterday today tonight tomorrow last next ago week
weeks days day month morning afternoon evening night call called calls phoned met meeting meet
emailed sent lunch dinner coffee breakfast drinks message messaged texted step steps new contact
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december send proposal follow up quote pricing deck talked
hi hello hey thanks please help who which what my accounts can you do status
""".split())

# The lead is the language of a command name typed instead of the English one everybody is shown
# ("quién" for "who"): a deliberate choice, so it weighs like two words of the text.
LEAD_WEIGHT = 2
_TOKEN = re.compile(r"[^\W_]+")
# Lower-case words with an accent or ñ are Spanish words; capitalised ones are usually names
# ("José", "Peña") and say nothing about the language of the sentence around them.
_ACCENTED_WORD = re.compile(r"[a-záéíóúüñ]*[áéíóúñ][a-záéíóúüñ]*")
_INVERTED = re.compile(r"[¿¡]")


def words_of(text: str) -> list[Word]:
    """The words of a line (letters and digits), each with the evidence it gives on its own."""
    found = []
    for match in _TOKEN.finditer(text):
        word = match.group()
        folded = fold(word)
        es, en = folded in _ES_WORDS, folded in _EN_WORDS
        accented = _ACCENTED_WORD.fullmatch(word) is not None
        found.append(Word(match.start(), match.end(), word, folded, es + accented, en and not es, es or en))
    return found


def name_candidates(text: str) -> list[str]:
    """Normalised spans worth looking up as account or contact names before detect_language(known=...)."""
    words = words_of(text)
    return list(dict.fromkeys(norm for _, _, norm in name_windows(words, name_run_words(text, words))))


def detect_language(text: str, default: str = "en", *, lead: str | None = None,
                    known: Container[str] = ()) -> str:
    """Guess "en" or "es" from the words around the names (capitalised runs, `known` spans); ties give default."""
    words = words_of(text)
    skip = name_run_words(text, words)
    if known:
        for first, end, norm in name_windows(words, skip):
            if norm in known:
                skip.update(range(first, end))
    es = sum(w.es for i, w in enumerate(words) if i not in skip) + 3 * len(_INVERTED.findall(text))
    en = sum(w.en for i, w in enumerate(words) if i not in skip)
    es, en = es + LEAD_WEIGHT * (lead == "es"), en + LEAD_WEIGHT * (lead == "en")
    if es > en:
        return "es"
    if en > es:
        return "en"
    return default
