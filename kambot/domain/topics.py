"""Topic matching: a topic in English or Spanish, its synonyms, and how well a title or department fits it."""
from __future__ import annotations

import re
from functools import lru_cache

from kambot.domain.text import normalize_name

# One concept per line of business people ask about. Terms are written normalised (no accents, lower
# case). A term matches whole words, and terms of 4+ letters also their plural ("compra" -> "compras",
# "contrato" -> "contratos"); a trailing * makes it a prefix ("factur*": factura, facturas, facturacion).
# Short acronyms (it, ti, hr, cfo) are whole words only, so "it" never matches "digital".
CONCEPTS: dict[str, tuple[str, ...]] = {
    "security": ("security", "seguridad", "ciso", "cso", "infosec", "secops", "cybersecurity",
                 "ciberseguridad", "cyber*", "ciber*"),
    "finance": ("finance", "financial", "financiero", "financiera", "finanzas", "cfo", "billing", "factur*",
                "invoice", "invoicing", "payment", "pago", "accounting", "accountant", "contab*", "contador",
                "contadora", "controller", "controlling", "treasury", "treasurer", "tesorer*",
                "accounts payable", "accounts receivable", "cuentas por pagar", "cuentas por cobrar", "cobranza"),
    "purchasing": ("purchasing", "purchase", "procurement", "compra", "comprador", "compradora", "sourcing",
                   "buyer", "abastecimiento", "adquisicion", "vendor management", "vendor manager",
                   "supplier", "proveedor", "gestion de proveedores"),
    "risk": ("risk", "riesgo", "compliance", "cumplimiento", "audit", "auditor*", "auditing",
             "regulatory", "regulatorio", "internal control", "control interno"),
    "it": ("it", "ti", "technology", "tecnologia", "tech", "technical", "cto", "cio", "engineering",
           "engineer", "ingenier*", "infrastructure", "infraestructura", "sistemas", "system", "data", "datos",
           "information technology", "informatica", "software", "devops", "chief information"),
    "operations": ("operations", "operation", "operacion", "coo", "ops", "logistics", "logistica",
                   "logistico", "supply chain", "cadena de suministro", "cadena de abastecimiento",
                   "chief operating"),
    "legal": ("legal", "contract", "contrato", "juridico", "juridica", "abogado", "abogada", "counsel",
              "asesoria juridica", "lawyer", "attorney"),
    "hr": ("hr", "rh", "chro", "people", "recursos humanos", "rrhh", "talent", "talento", "human resources",
           "gestion de personas"),
    "marketing": ("marketing", "mercadotecnia", "brand", "branding", "marca", "comunicacion",
                  "communication", "cmo"),
    "sales": ("sales", "ventas", "venta", "comercial", "revenue", "cro", "business development",
              "desarrollo de negocio"),
    "executive": ("executive", "ceo", "chief executive", "director general", "directora general",
                  "gerente general", "general manager", "managing director", "country manager", "president",
                  "presidente", "presidenta", "owner", "founder", "cofounder", "co founder", "fundador",
                  "fundadora", "dueno", "duena", "propietario", "propietaria"),
}

# Titles whose words would point at the wrong concept: a vice president is not the president, an
# account executive sells, a product owner does not own the company. Rewritten before matching.
_ALIASES = (
    ("vice president", "vp"), ("vice presidente", "vp"), ("vice presidenta", "vp"),
    ("account executive", "sales"), ("ejecutivo de cuentas", "ventas"), ("ejecutiva de cuentas", "ventas"),
    ("executive assistant", "assistant"), ("asistente ejecutivo", "asistente"),
    ("asistente ejecutiva", "asistente"),
    ("product owner", "product lead"), ("process owner", "process lead"),
)
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
