"""Which open plan action a logged next step reads like ("send the ROI study" ~ action 2 "ROI study"). Pure."""
from __future__ import annotations

import re
from typing import Iterable, TypeVar

from kambot.domain.parsing.language import fold

T = TypeVar("T")
# Words that say nothing about which action is meant (folded, English and Spanish).
_STOP = frozenset("""
a an the of to for and or with on at in by by from our their your my send sent share review do get set up
call meet meeting email follow followup next step steps draft finish prepare
el la los las un una unos unas de del al y o con en para por su sus nuestro nuestra enviar mandar revisar
hacer preparar terminar llamar reunion correo seguimiento siguiente paso
""".split())


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", fold(text or "")) if len(w) > 1 and w not in _STOP}


def matching_action(next_step: str | None, actions: Iterable[tuple[T, str]]) -> T | None:
    """The action (key, title) whose meaningful words the next step contains most fully; None below 2/3."""
    said = _words(next_step or "")
    if not said:
        return None
    best, best_score = None, 0.0
    for key, title in actions:
        wanted = _words(title)
        if not wanted:
            continue
        score = len(wanted & said) / len(wanted)
        if score > best_score:
            best, best_score = key, score
    return best if best_score >= 2 / 3 else None
