"""Topic matching: a topic in English or Spanish, its synonyms, and how well a title or department fits it."""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from kambot.domain.text import normalize_name

# The vocabulary is data: topics.json, one concept per line of business, its words in English and Spanish
# as people write titles and departments. Terms are normalised here (no accents, lower case). A term matches
# whole words, and terms of 4+ letters also their plural ("compra" -> "compras", "contrato" -> "contratos");
# a trailing * makes it a prefix ("factur*": factura, facturas, facturacion). Spanish terms also match their
# other gender ("abogado" -> "abogada", "director" -> "directora", "gerente" -> "gerenta", "jefe" -> "jefa").
# Short acronyms (it, ti, hr, cfo) are whole words only, so "it" never matches "digital".
_VOCABULARY = json.loads(Path(__file__).with_name("topics.json").read_text(encoding="utf-8"))


def _normalised(term: str) -> str:
    star = term.endswith("*")
    return normalize_name(term.rstrip("*")) + ("*" if star else "")


def _other_gender(word: str) -> tuple[str, ...]:
    """The Spanish word and its other gender, when it has one: abogado/abogada, director/directora, jefe/jefa."""
    if word.endswith("*") or len(word) < 4:
        return (word,)
    if word.endswith("or"):
        return word, word + "a"
    if word.endswith(("o", "ente")) or word == "jefe":
        return word, word[:-1] + "a"
    return (word,)


def _forms(term: str, lang: str) -> list[str]:
    words = _normalised(term).split()
    if lang != "es":
        return [" ".join(words)]
    forms = [[]]
    for word in words:
        forms = [f + [w] for f in forms for w in _other_gender(word)]
    return [" ".join(f) for f in forms]


CONCEPTS: dict[str, tuple[str, ...]] = {
    name: tuple(dict.fromkeys(form for lang in ("en", "es") for term in langs.get(lang, ())
                              for form in _forms(term, lang)))
    for name, langs in _VOCABULARY["concepts"].items()
}

# Titles whose words would point at the wrong concept: a vice president is not the president, an
# account executive sells, a product owner does not own the company. Rewritten before matching.
_ALIASES = tuple((normalize_name(a), normalize_name(b)) for a, b in _VOCABULARY["rewrites"])
_ALIAS_RE = re.compile(r"(?<![a-z0-9])(" + "|".join(re.escape(a) for a, _ in _ALIASES) + r")(?![a-z0-9])")
_ALIAS_TO = dict(_ALIASES)

# Words that say nothing about who fits ("the head of the security team"): dropped from literal matching,
# otherwise "head" would match every "Head of ...".
_STOPWORDS = frozenset("""
a an the of for and or in on at to with about from by who whom whose is are our their my your this that
team teams department dept area group division unit head lead leader manager management director vp chief
officer senior sr jr junior staff person contact someone topic question questions issue issues stuff
de del la las el los y e o u en para por con sobre un una unos unas al que quien quienes es son su sus mi
equipo departamento direccion gerencia gerente jefe jefa directora responsable encargado encargada cargo
tema temas asunto asuntos persona alguien
""".split())

TITLE_HIT, DEPARTMENT_HIT, LITERAL_TITLE_HIT, LITERAL_DEPARTMENT_HIT = 1.0, 0.8, 0.6, 0.5


def _pattern(term: str) -> str:
    """Regex for one term: prefix when starred, else the whole word (plus a plural for 4+ letters)."""
    if term.endswith("*"):
        return re.escape(term[:-1]) + "[a-z0-9]*"
    return re.escape(term) + ("(?:s|es)?" if len(term) >= 4 else "")


def _compile(terms: list[str]) -> re.Pattern[str] | None:
    if not terms:
        return None
    body = "|".join(_pattern(t) for t in sorted(set(terms), key=len, reverse=True))
    return re.compile(r"(?<![a-z0-9])(?:" + body + r")(?![a-z0-9])")


_CONCEPT_RES = {name: _compile(list(terms)) for name, terms in CONCEPTS.items()}


@lru_cache(maxsize=8192)
def _prepare(text: str | None) -> str:
    """Normalised text with misleading titles rewritten ('Vice President' -> 'vp')."""
    return _ALIAS_RE.sub(lambda m: _ALIAS_TO[m.group(1)], normalize_name(text or ""))


@lru_cache(maxsize=1024)
def _expand(topic: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(concept terms, literal words) for a topic; literal words are those no concept explained."""
    text = _prepare(topic)
    concepts, covered = [], set()
    for name, regex in _CONCEPT_RES.items():
        for match in regex.finditer(text):
            concepts.append(name)
            covered.update(range(match.start(), match.end()))
    literal, position = [], 0
    for word in text.split():
        start = text.index(word, position)
        position = start + len(word)
        if start not in covered and word not in _STOPWORDS and len(word) > 1:
            # a plural topic word finds the singular too: "renewals" -> renewal, renewals
            literal.append(word[:-1] if len(word) >= 5 and word.endswith("s") else word)
    terms = tuple(t for name in dict.fromkeys(concepts) for t in CONCEPTS[name])
    return terms, tuple(dict.fromkeys(literal))


def topic_terms(topic: str | None) -> frozenset[str]:
    """A topic's normalised concept set: 'billing' -> {'finance', 'finanzas', 'cfo', 'factur', ...}."""
    terms, literal = _expand(topic or "")
    return frozenset(t.rstrip("*") for t in terms) | frozenset(literal)


@lru_cache(maxsize=1024)
def _matchers(topic: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    terms, literal = _expand(topic)
    return _compile(list(terms)), _compile(list(literal))


def topic_score(topic: str | None, title: str | None, department: str | None) -> float:
    """How well a person fits a topic: 1.0 title, 0.8 department, 0.6/0.5 literal word only, 0 unrelated."""
    concept_re, literal_re = _matchers(topic or "")
    if concept_re is None and literal_re is None:
        return 0.0
    title_text, department_text = _prepare(title), _prepare(department)
    if concept_re is not None:
        if concept_re.search(title_text):
            return TITLE_HIT
        if concept_re.search(department_text):
            return DEPARTMENT_HIT
    if literal_re is not None:
        if literal_re.search(title_text):
            return LITERAL_TITLE_HIT
        if literal_re.search(department_text):
            return LITERAL_DEPARTMENT_HIT
    return 0.0


def has_topic(topic: str | None) -> bool:
    """True when a topic says something to match on (not empty, not only filler words)."""
    return any(_expand(topic or ""))


# How senior a title reads, for ranking when the org chart is flat or missing (reports_to is often blank).
_SENIORITY = (
    (5, ("ceo", "chief executive", "president", "presidente", "presidenta", "owner", "founder", "cofounder",
         "fundador", "fundadora", "general manager", "managing director", "director general", "directora general",
         "gerente general", "country manager", "dueno", "duena", "propietario", "propietaria")),
    (4, ("chief", "cfo", "cto", "cio", "coo", "cmo", "cro", "cso", "ciso", "chro", "cpo", "cdo", "vp", "svp",
         "evp", "vicepresidente", "vicepresidenta", "partner", "socio", "socia")),
    (3, ("director", "directora", "head", "gerente", "jefe", "jefa")),
    (2, ("manager", "lead", "leader", "responsable", "supervisor", "supervisora", "coordinador",
         "coordinadora", "controller")),
    (0, ("intern", "becario", "becaria", "trainee", "practicante", "assistant", "asistente")),
)
_SENIORITY_RES = tuple((rank, _compile(list(words))) for rank, words in _SENIORITY)


@lru_cache(maxsize=8192)
def seniority(title: str | None) -> int:
    """5 for the top job (CEO, presidenta) down to 2 for managers, 1 unknown, 0 interns and assistants."""
    text = _prepare(title)
    for rank, regex in _SENIORITY_RES:
        if regex.search(text):
            return rank
    return 1
