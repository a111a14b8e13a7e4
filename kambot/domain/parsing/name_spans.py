"""Which words of a line belong to a name, so that they say nothing about the language around them."""
from __future__ import annotations

from typing import Container, Iterator, NamedTuple, Sequence

from kambot.domain.text import normalize_name

MAX_NAME_WORDS = 6  # "Banco de Crédito e Inversiones del Perú" is six
MAX_CANDIDATES = 64  # bounds the lookup a long message costs
# Function words that open or sit inside names when capitalised: "Seguros La Previsión", "The Home Depot".
ARTICLES = frozenset(("la", "el", "los", "las", "lo", "the"))
# Lower-case words that join two name words into one name: "Banco de la Nación", "Bank of America".
# A bare "de" is no joiner: between two names it is usually "from" ("Carla de Soylent"), which is Spanish.
PARTICLES = (("de", "la"), ("de", "las"), ("de", "los"), ("of", "the"), ("del",), ("of",))
# Function words a name may hold inside: "Banco de Crédito y Comercio", "Bank for International Settlements".
INSIDE = ARTICLES | {"de", "del", "of", "y", "and", "for", "para"}
_GAP_CHARS = frozenset(" \t&-")  # no "." or ",": "Acme. The deal" and "Acme, Globex" are two things


class Word(NamedTuple):
    """One word of a line with the language evidence it carries on its own."""

    start: int
    end: int
    text: str
    folded: str
    es: int
    en: int
    function: bool  # a word of the English or Spanish word list, not just an accented one


def _joined(text: str, left: Word, right: Word) -> bool:
    gap = text[left.end:right.start]
    return bool(gap) and all(ch in _GAP_CHARS for ch in gap)


def _name_word(word: Word) -> bool:
    """Capitalised with a lower-case letter ("Ana", "McDonald"), and no sentence word such as "Met" or "Hola"."""
    text = word.text
    return text[0].isupper() and any(ch.islower() for ch in text) and (
        not word.function or word.folded in ARTICLES)


def _next_name(text: str, words: Sequence[Word], at: int) -> list[int] | None:
    """Indexes from the word after `at` to the next name word, if only a joiner stands between them."""
    nxt = at + 1
    if nxt < len(words) and _joined(text, words[at], words[nxt]) and _name_word(words[nxt]):
        return [nxt]
    for particle in PARTICLES:
        end = nxt + len(particle)
        if end >= len(words):
            continue
        span = list(range(nxt, end + 1))
        if all(words[i].text == p for i, p in zip(span, particle)) and _name_word(words[end]) and all(
                _joined(text, words[a], words[b]) for a, b in zip([at, *span], span)):
            return span
    return None


def name_run_words(text: str, words: Sequence[Word]) -> set[int]:
    """Indexes of words inside runs of two or more capitalised words ("Seguros La Previsión")."""
    marked: set[int] = set()
    at = 0
    while at < len(words):
        if not _name_word(words[at]):
            at += 1
            continue
        run = [at]
        while (step := _next_name(text, words, run[-1])) is not None:
            run += step
        while len(run) > 1 and words[run[-1]].folded in ARTICLES:  # "Acme The" ends before the article
            run.pop()
        capitals = [i for i in run if _name_word(words[i])]
        if len(capitals) >= 2 and any(words[i].folded not in ARTICLES for i in capitals):
            marked.update(run)
        at = run[-1] + 1
    return marked


def name_windows(words: Sequence[Word], skip: Container[int] = ()) -> Iterator[tuple[int, int, str]]:
    """(first, end, normalised text) of word spans that would change the guess if they were a known name."""
    # Worth asking about: a span holding a word that counts (not in skip), starting with no sentence word
    # but an article ("con Banco Andino" is no name), with only joiners inside and none at its end.
    norms = [normalize_name(w.text) for w in words]
    given = 0
    for first, word in enumerate(words):
        if (word.function and word.folded not in ARTICLES) or not norms[first]:
            continue
        counts, norm = False, ""
        for last in range(first, min(len(words), first + MAX_NAME_WORDS)):
            if not norms[last] or (last > first and words[last].function and words[last].folded not in INSIDE):
                break
            norm = f"{norm} {norms[last]}" if norm else norms[last]
            counts = counts or ((words[last].es or words[last].en) and last not in skip)
            if counts and not words[last].function:
                yield first, last + 1, norm
                given += 1
                if given >= MAX_CANDIDATES:
                    return
