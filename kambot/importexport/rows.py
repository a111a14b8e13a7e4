"""One CSV row to a typed record: parse and check each value, collecting readable problems."""
from __future__ import annotations

import re
from datetime import date
from typing import Callable

from kambot.domain.text import normalize_name, strip_accents, strip_controls
from kambot.storage.accounts import split_aliases


class Invalid(ValueError):
    """A value that cannot be read; the message says what was expected."""


def _fold(text: str) -> str:
    return " ".join(strip_accents(text).casefold().replace("-", " ").replace("_", " ").split())


_ISO = re.compile(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})")
_US = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})")


def parse_date(text: str) -> date:
    """'2026-08-27', or Salesforce's US '8/27/2026' (a time after the date is ignored)."""
    if len(text) == 10 and text[4] == "-":
        try:
            return date.fromisoformat(text)  # the usual case, in C
        except ValueError:
            pass
    head = text.strip().split("T", 1)[0].split(" ", 1)[0].rstrip(",")
    try:
        if match := _ISO.fullmatch(head):
            year, month, day = map(int, match.groups())
            return date(year, month, day)
        if match := _US.fullmatch(head):
            month, day, year = map(int, match.groups())
            return date(year + 2000 if year < 100 else year, month, day)
    except ValueError:
        pass
    raise Invalid(f"bad date '{text}' (use YYYY-MM-DD, or M/D/YYYY as Salesforce exports)")


_CURRENCY = re.compile(r"^[A-Za-z]{3}(?=[\s\d])|(?<=[\d\s])[A-Za-z]{3}$|[$€£¥₹\s\u00a0']")
_SUFFIX = {"k": 1e3, "m": 1e6, "mm": 1e6, "b": 1e9, "bn": 1e9}
_THOUSANDS_COMMA = re.compile(r"\d{1,3}(,\d{3})+")
_THOUSANDS_DOT = re.compile(r"\d{1,3}(\.\d{3})+")
_PLAIN = re.compile(r"\d+(\.\d+)?")


def parse_revenue(text: str) -> float:
    """'1,500,000.00', '$1.5M', 'USD 250K', '1.500.000,00' -> a number."""
    if text.isascii() and text.isdigit():  # the usual case ('²'.isdigit() too, but float() refuses it)
        return float(text)
    value = _CURRENCY.sub("", text.strip()).casefold()
    match = re.fullmatch(r"(.*?\d)(k|mm|m|bn|b)?", value)
    if not match:
        raise Invalid(f"bad amount '{text}'")
    number, suffix = match.groups()
    if "," in number and "." in number:  # the later separator is the decimal one
        number = number.replace(".", "").replace(",", ".") if number.rfind(",") > number.rfind(".") \
            else number.replace(",", "")
    elif "," in number:
        number = number.replace(",", "") if _THOUSANDS_COMMA.fullmatch(number) else number.replace(",", ".", 1)
    elif number.count(".") > 1 and _THOUSANDS_DOT.fullmatch(number):
        number = number.replace(".", "")
    if not _PLAIN.fullmatch(number):
        raise Invalid(f"bad amount '{text}'")
    if not suffix:
        return float(number)
    return round(float(number) * _SUFFIX[suffix], 2)  # 1.1 * 1e6 is 1100000.0000000002 in binary


def _table(groups: dict[str | None, tuple[str, ...]]) -> dict[str, str | None]:
    return {_fold(word): value for value, words in groups.items() for word in (*words, value or "")} | {"": None}


_ROLES = _table({
    "decision_maker": ("decision maker", "decider", "decisor", "decisora", "tomador de decisiones",
                       "tomadora de decisiones"),
    "economic_buyer": ("economic buyer", "economic decision maker", "comprador economico", "compradora economica"),
    "champion": ("champion", "executive sponsor", "sponsor", "campeon", "campeona", "patrocinador",
                 "patrocinadora", "promotor", "promotora"),
    "technical_buyer": ("technical buyer", "technical decision maker", "comprador tecnico", "compradora tecnica"),
    "influencer": ("influencer", "evaluator", "influenciador", "influenciadora", "influyente", "evaluador"),
    "user": ("user", "end user", "business user", "usuario", "usuaria", "usuario final"),
    "blocker": ("blocker", "detractor", "detractora", "bloqueador", "bloqueadora"),
    None: ("other", "none", "otro", "otra", "ninguno"),  # Salesforce's contact role "Other"
})
_STATUSES = _table({
    "active": ("active", "current", "activo", "activa", "actual"),
    "left": ("left", "inactive", "former", "departed", "left the company", "inactivo", "inactiva", "ex",
             "se fue", "dejo la empresa"),
})
_STANCES = _table({
    "mentor": ("mentor", "coach", "mentora", "mentores"),
    "supporter": ("supporter", "support", "supportive", "ally", "partidario", "partidaria", "a favor", "aliado",
                  "aliada"),
    "neutral": ("neutral", "neutro", "neutra"),
    "non_supporter": ("non supporter", "nonsupporter", "not supporter", "unsupportive", "sceptic", "skeptic",
                      "no partidario", "no partidaria", "esceptico", "esceptica"),
    "detractor": ("detractor", "detractora", "opponent", "against", "opositor", "opositora", "en contra"),
    None: ("unknown", "none", "desconocido", "desconocida", "ninguna", "ninguno"),
})
_INFLUENCES = _table({
    "high": ("high", "strong", "alta", "alto", "fuerte"),
    "medium": ("medium", "med", "mid", "moderate", "media", "medio", "moderada"),
    "low": ("low", "weak", "baja", "bajo", "debil"),
    None: ("unknown", "none", "desconocida", "ninguna"),
})
_KINDS = _table({
    "call": ("call", "phone", "phone call", "llamada", "videollamada", "video call"),
    "email": ("email", "e mail", "mail", "list email", "correo", "correo electronico"),
    "meeting": ("meeting", "visit", "demo", "qbr", "reunion", "visita"),
    "meal": ("meal", "lunch", "dinner", "breakfast", "coffee", "comida", "almuerzo", "cena", "desayuno", "cafe"),
    "event": ("event", "conference", "webinar", "trade show", "evento", "congreso", "feria", "conferencia"),
    "message": ("message", "linkedin", "whatsapp", "sms", "text", "mensaje", "slack"),
    "other": ("other", "task", "touch", "otro", "tarea", "contacto", "cadence"),
})


def _lookup(table: dict[str, str | None], what: str, accepted: str) -> Callable[[str], str | None]:
    def parse(text: str) -> str | None:
        if text in table:  # already canonical: most rows, skip folding
            return table[text]
        try:
            return table[_fold(text)]
        except KeyError:
            raise Invalid(f"unknown {what} '{text}' ({accepted})") from None
    return parse


parse_role = _lookup(_ROLES, "role", "e.g. decision_maker, economic_buyer, champion, technical_buyer, "
                                    "influencer, user, blocker, or Decision Maker, decisor, campeón")
parse_status = _lookup(_STATUSES, "status", "active or left")
parse_stance = _lookup(_STANCES, "stance", "mentor, supporter, neutral, non-supporter or detractor; "
                                          "mentor, partidario, neutral, no partidario, detractor")
parse_influence = _lookup(_INFLUENCES, "influence", "high, medium or low; alta, media o baja")
parse_kind = _lookup(_KINDS, "kind", "call, email, meeting, meal, event, message or other")
parse_plan_type = _lookup(_table({"objective": ("goal", "objetivo", "meta"), "action": ("accion", "task", "step")}),
                          "type", "objective or action")
_OBJECTIVE_STATUS = _lookup(_table({"on_track": ("on track", "en curso"), "at_risk": ("at risk", "en riesgo"),
                                    "off_track": ("off track", "desviado", "desviada"),
                                    "done": ("complete", "completed", "hecho", "hecha", "cumplido")}),
                            "objective status", "on_track, at_risk, off_track or done")
_ACTION_STATUS = _lookup(_table({"open": ("to do", "todo", "abierta", "pendiente"),
                                 "done": ("complete", "completed", "hecho", "hecha"),
                                 "dropped": ("cancelled", "canceled", "descartada", "cancelada")}),
                         "action status", "open, done or dropped")
_OBJECTIVE_ONLY = ("measure", "target", "sponsor")
_ACTION_ONLY = ("owner_contact", "objective")


def parse_number(text: str) -> int:
    """'3' / '#3' -> 3: a plan's objective or action number (1 and up)."""
    digits = text.strip().lstrip("#")
    if not (digits.isascii() and digits.isdigit()) or int(digits) < 1 or len(digits) > 9:
        raise Invalid(f"bad number '{text}' (a whole number from 1)")
    return int(digits)


def parse_tier(text: str) -> str:
    """'a' / 'Tier A' -> 'A'."""
    tier = text.strip().upper().removeprefix("TIER").strip()
    if tier not in ("A", "B", "C"):
        raise Invalid(f"unknown tier '{text}' (use A, B or C)")
    return tier


_EMAIL = re.compile(r"[^@\s;,]+@[^@\s;,]+\.[^@\s;,]+")


def parse_email(text: str) -> str:
    """An email address, lower-cased."""
    email = text.strip().lower()
    if not _EMAIL.fullmatch(email) or len(email) > 254:
        raise Invalid(f"bad email '{text}'")
    return email


def _limited(size: int) -> Callable[[str], str]:
    def parse(text: str) -> str:
        if len(text) > size:
            raise Invalid(f"'{text[:40]}…' is longer than {size} characters")
        return text
    return parse


def split_list(text: str) -> tuple[str, ...]:
    """'Ana Ruiz; Tom Lee' -> ('Ana Ruiz', 'Tom Lee'), without empties or repeats."""
    if ";" not in text:  # one name, already stripped: most cells
        return (text.strip(),) if text.strip() else ()
    return tuple(dict.fromkeys(item.strip() for item in text.split(";") if item.strip()))


# A Slack id, an email or a person's name: owners.Owners turns it into a Slack id (or nothing).
_person = _limited(254)


def _people(text: str) -> tuple[str, ...]:
    people = split_list(text)
    for person in people:
        _person(person)
    return people


def _text(text: str) -> str:
    return text


# What an empty cell means for a column that is present: clear the value, except where the column
# cannot be empty (tier, status, kind), where an empty cell keeps the current value or the default.
_EMPTY: dict[str, object] = {"aliases": "", "contacts": (), "participants": ()}
_KEEP_WHEN_EMPTY = frozenset({"tier", "status", "kind"})
_PARSERS: dict[str, dict[str, Callable]] = {
    "accounts": {"aliases": lambda t: ";".join(split_aliases(t)), "owner": _person, "tier": parse_tier,
                 "annual_revenue": parse_revenue, "renewal_date": parse_date, "industry": _text},
    "contacts": {"title": _text, "department": _text, "email": parse_email, "role": parse_role, "reports_to": _text,
                 "relationship_owner": _person, "status": parse_status, "stance": parse_stance,
                 "influence": parse_influence},
    "touchpoints": {"kind": parse_kind, "contacts": split_list, "participants": _people, "next_step": _text,
                    "next_step_due": parse_date, "logged_by": _person},
    "plans": {"number": parse_number, "measure": _limited(200), "target": _limited(200), "due": parse_date,
              "owner": _person, "owner_contact": _person, "sponsor": _person, "objective": parse_number},
}


def _name(values: dict[str, str], record: dict, problems: list[str]) -> None:
    name = values.get("name") or " ".join(p for p in (values.get("first_name"), values.get("last_name")) if p)
    if not name:
        problems.append("missing name")
    elif len(name) > 200:
        problems.append(f"name '{name[:40]}…' is longer than 200 characters")
    elif not (norm := normalize_name(name)):
        problems.append(f"name '{name}' has no letters or digits")
    else:
        record.update(name=name, name_norm=norm)


def _plan(values: dict[str, str], record: dict, problems: list[str]) -> None:
    """A plan row's type, what, status, and no field the other type has."""
    try:
        kind = parse_plan_type(values.get("type", ""))
    except Invalid as exc:
        problems.append(f"type: {exc}")
        return
    if kind is None:
        problems.append("missing type (objective or action)")
        return
    record["type"] = kind
    what = values.get("what", "")
    if not what:
        problems.append("missing what")
    elif len(what) > 500:
        problems.append(f"what: '{what[:40]}…' is longer than 500 characters")
    else:
        record["what"] = what
    if values.get("status"):
        try:
            record["status"] = (_OBJECTIVE_STATUS if kind == "objective" else _ACTION_STATUS)(values["status"])
        except Invalid as exc:
            problems.append(f"status: {exc}")
    for field in _ACTION_ONLY if kind == "objective" else _OBJECTIVE_ONLY:
        if values.get(field):
            problems.append(f"{field}: an {kind} has none (only {'actions' if kind == 'objective' else 'objectives'})")
        record.pop(field, None)
    if kind == "action" and record.get("owner") and record.get("owner_contact"):
        problems.append("owner and owner_contact: an action has one owner, one of us or a contact")


def to_record(kind: str, values: dict[str, str]) -> tuple[dict, list[str]]:
    """Typed values for the fields the file provides (control characters stripped), and what is wrong with the row."""
    values = {k: strip_controls(v) if isinstance(v, str) else v for k, v in values.items()}
    record: dict = {}
    problems: list[str] = []
    for field, parse in _PARSERS[kind].items():
        if field not in values:
            continue
        text = values[field]
        if not text:
            if field not in _KEEP_WHEN_EMPTY:
                record[field] = _EMPTY.get(field)
            continue
        try:
            record[field] = parse(text)
        except Invalid as exc:
            problems.append(f"{field}: {exc}")
    if kind == "accounts":
        _name(values, record, problems)
        return record, problems
    if values.get("account"):
        record["account"] = values["account"]
    else:
        problems.append("missing account")
    if kind == "plans":
        _plan(values, record, problems)
        return record, problems
    if kind == "contacts":
        _name(values, record, problems)
        if "name" in record:
            record["first_norm"] = record["name_norm"].split()[0]  # first_word(name), without normalising twice
        return record, problems
    summary = values.get("summary", "")
    if values.get("comments"):  # Salesforce: the Subject, then the Comments
        summary = f"{summary} — {values['comments']}" if summary else values["comments"]
    if summary:
        record["summary"] = summary
    else:
        problems.append("missing summary")
    if values.get("occurred_on"):
        try:
            record["occurred_on"] = parse_date(values["occurred_on"])
        except Invalid as exc:
            problems.append(f"occurred_on: {exc}")
    else:
        problems.append("missing occurred_on")
    record.setdefault("kind", "other")  # part of the key, so never left out
    return record, problems
