"""What `/kam contact` was told, read and checked: field clauses in both languages, values, names, managers."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import process

from kambot.domain.parsing.language import fold
from kambot.domain.text import first_word, normalize_name, reads_as_person_name
from kambot.importexport.rows import Invalid, parse_email, parse_influence, parse_role, parse_stance, parse_status
from kambot.storage.models import Contact

# Field words in both languages, written folded (lower case, no accents); longest first when matching.
FIELD_WORDS = {
    "title": ("title", "job title", "cargo", "puesto"),
    "department": ("department", "dept", "departamento", "area"),
    "email": ("email", "e-mail", "mail", "correo", "correo electronico"),
    "role": ("role", "buying role", "rol"),
    "reports_to": ("reports to", "manager", "boss", "depende de", "reporta a", "jefe", "jefa"),
    "owner": ("relationship owner", "owner", "responsable"),
    "status": ("status", "estado"),
    "stance": ("stance", "attitude", "postura", "actitud"),
    "influence": ("influence", "influencia"),
    "name": ("name", "nombre", "rename to", "renombrar a"),
    "replaced_by": ("replaced by", "reemplazado por", "reemplazada por", "sustituido por", "sustituida por"),
}
_WORD_TO_FIELD = {w: f for f, words in FIELD_WORDS.items() for w in words}
_FIELD_RE = re.compile(r"^(" + "|".join(sorted(map(re.escape, _WORD_TO_FIELD), key=len, reverse=True))
                       + r")(?:\s*[:=]\s*|\s+|$)")
_LEFT_RE = re.compile(r"^(?:left|gone|departed|salio|se\s+fue|se\s+marcho|ya\s+no\s+esta)\s+")
_CLEAR = frozenset(("-", "none", "nobody", "ninguno", "ninguna", "nadie", "nada"))
_ME = frozenset(("me", "myself", "yo", "mi"))
_USER_RE = re.compile(r"^<@([UW][A-Z0-9_]+)(?:\|[^>]*)?>$|^@?([UW][A-Z0-9_]{2,31})$")
MAX_NAME = 200


class Problem(Exception):
    """Input that cannot be applied; `code` picks the sentence in contact_error, `values` fill it."""

    def __init__(self, code: str, **values):
        super().__init__(code)
        self.code, self.values = code, values


@dataclass
class Request:
    """What to do: the person named, the fields to set (None clears), and whether they left."""

    name: str
    fields: dict[str, str | None] = field(default_factory=dict)
    status: str | None = None  # "left" or "active" when the user set it

    @property
    def left(self) -> bool:
        return self.status == "left"


def left_prefix(text: str) -> int:
    """How many leading characters say the person left ('left ', 'se fue '); 0 when none do."""
    found = _LEFT_RE.match(fold(text))
    return found.end() if found else 0


def parse_request(text: str, *, status: str | None = None) -> Request:
    """'Jane Doe, title VP, Finance, role champion' -> name and fields (a comma without a field word continues)."""
    name, *parts = [p.strip() for p in text.split(",")]
    request = Request(name=name, status=status)
    current = None
    for part in parts:
        found = _FIELD_RE.match(fold(part))
        if found is None:
            if current is None:
                raise Problem("unknown_field", text=part)
            if part:
                request.fields[current] = f"{request.fields[current] or ''}, {part}".strip(", ")
            continue
        current = _WORD_TO_FIELD[found.group(1)]
        value = part[found.end():].strip()
        request.fields[current] = None if fold(value) in _CLEAR or not value else value
    typed_status = request.fields.pop("status", None)
    if typed_status is not None and request.status is None:
        request.status = parse_value("status", typed_status)
    if "replaced_by" in request.fields and not request.left:
        raise Problem("replaced_without_left")
    return request


def parse_value(field_name: str, value: str) -> str | None:
    """A role, email, status, stance or influence in canonical form; Problem when it cannot be read."""
    try:
        if field_name == "stance":
            return parse_stance(value)
        if field_name == "influence":
            return parse_influence(value)
        if field_name == "role":
            return parse_role(value)
        if field_name == "email":
            return parse_email(value)
        return parse_status(value)
    except Invalid:
        raise Problem(f"bad_{field_name}", value=value) from None


def checked_name(value: str | None) -> str:
    """A new or replacement name with its spaces folded; Problem when it is empty or too long."""
    if value is None or not normalize_name(value) or len(value) > MAX_NAME:
        raise Problem("missing_name")
    if not reads_as_person_name(value):
        raise Problem("bad_name", value=" ".join(value.split()))
    return " ".join(value.split())


def owner_id(text: str, me: str) -> str | None:
    """The Slack user id 'me', 'yo', a mention or a bare id names; None when only a profile name can tell."""
    if fold(text) in _ME:
        return me
    found = _USER_RE.match(text)
    return (found.group(1) or found.group(2)) if found else None


def by_id(people: list[Contact], contact_id: int, problem: str = "not_found") -> Contact:
    """The person with this id at the account; Problem(`problem`) when there is none."""
    for person in people:
        if person.id == contact_id:
            return person
    raise Problem(problem, name=f"#{contact_id}", suggestions=[])


def match_person(people: list[Contact], name: str, *, allow_first: bool) -> Contact | None:
    """The person a name means at this account: the full name, else a first name only one person has."""
    norm = normalize_name(name)
    exact = [p for p in people if p.name_norm == norm]
    if len(exact) > 1:
        exact = [p for p in exact if p.status != "left"] or exact
    if exact:
        return exact[0]
    if allow_first and " " not in norm:
        firsts = [p for p in people if p.first_norm == first_word(name)]
        if len(firsts) == 1:
            return firsts[0]
        if len(firsts) > 1:
            raise Problem("ambiguous_person", name=name, candidates=[p.name for p in firsts])
    return None


def close_names(people: list[Contact], name: str) -> list[str]:
    """Up to three names at the account that look like what was typed."""
    hits = process.extract(normalize_name(name), {p.id: p.name_norm for p in people}, limit=3, score_cutoff=60)
    people_by_id = {p.id: p for p in people}
    return [people_by_id[key].name for _, _, key in hits]


def find_manager(people: list[Contact], name: str, target: Contact | None) -> Contact:
    """The manager a 'reports to' value names: someone at the account other than the person."""
    try:
        manager = match_person(people, name, allow_first=True)
    except Problem as problem:
        raise Problem("ambiguous_manager", **problem.values) from None
    if manager is None:
        raise Problem("unknown_manager", name=name, suggestions=close_names(people, name))
    if target is not None and manager.id == target.id:
        raise Problem("self_manager", name=name)
    return manager


def check_no_cycle(people: list[Contact], target: Contact | None, manager_id: int) -> None:
    """Refuse a reporting line that would loop back to the person (the map could not be drawn as a tree)."""
    if target is None:
        return
    people_by_id, boss, seen = {p.id: p for p in people}, manager_id, set()
    while boss is not None and boss not in seen:
        if boss == target.id:
            raise Problem("cycle", name=people_by_id[manager_id].name)
        seen.add(boss)
        boss = people_by_id[boss].reports_to_id if boss in people_by_id else None
