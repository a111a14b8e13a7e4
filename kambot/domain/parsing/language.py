"""Tell English from Spanish in one short line, and fold text for accent-blind matching."""
from __future__ import annotations

import re
import unicodedata

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
hola gracias buenas buenos dias ayuda quien quienes cual cuales cuentas tengo hablo puedes hacer
""".split())

_EN_WORDS = frozenset("""
with at the and of to for on in by from about after before is was were we they she i it this
that our their his her will should have had yesterday today tonight tomorrow last next ago week
weeks days day month morning afternoon evening night call called calls phoned met meeting meet
emailed sent lunch dinner coffee breakfast drinks message messaged texted step steps new contact
monday tuesday wednesday thursday friday saturday sunday january february march april june july
august september october november december send proposal follow up quote pricing deck talked
hi hello hey thanks please help who which what my accounts can you do
""".split())

_WORD = re.compile(r"[a-z]+")
# Lower-case words with an accent or ñ are Spanish words; capitalised ones are usually names
# ("José", "Peña") and say nothing about the language of the sentence around them.
_ACCENTED_WORD = re.compile(r"(?<![^\W\d_])[a-záéíóúüñ]*[áéíóúñ][a-záéíóúüñ]*")
_INVERTED = re.compile(r"[¿¡]")


def detect_language(text: str, default: str = "en") -> str:
    """Guess "en" or "es" from function words and Spanish marks; a tie returns default."""
    folded = fold(text)
    es = en = 0
    for word in _WORD.findall(folded):
        if word in _ES_WORDS:
            es += 1
        elif word in _EN_WORDS:
            en += 1
    es += len(_ACCENTED_WORD.findall(text)) + 3 * len(_INVERTED.findall(text))
    if es > en:
        return "es"
    if en > es:
        return "en"
    return default
