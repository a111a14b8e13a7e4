"""Read one typed `/kam plan` line: show, add an objective or an action, or change a status. Pure: takes today."""
from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, field
from datetime import date

from kambot.domain.parsing.dates import find_due_date
from kambot.domain.parsing.language import fold

MAX_TITLE = 300

# Words that open an edit, folded (accents dropped): "goal", "objetivo", "action", "acción".
_OBJECTIVE = r"(?:goal|objective|obj|objetivo|meta)"
_ACTION = r"(?:action|act|task|step|accion|tarea|paso)"
_DONE = {"done": "done", "closed": "done", "close": "done", "complete": "done", "completed": "done",
         "hecho": "done", "hecha": "done", "cerrar": "done", "cerrada": "done", "completada": "done", "lista": "done",
         "drop": "dropped", "dropped": "dropped", "cancel": "dropped", "descartar": "dropped", "descartada": "dropped",
         "cancelar": "dropped", "reopen": "open", "open": "open", "reabrir": "open", "abrir": "open"}
_OBJECTIVE_STATUS = {"on track": "on_track", "ok": "on_track", "en curso": "on_track", "en camino": "on_track",
                     "bien": "on_track", "at risk": "at_risk", "risk": "at_risk", "en riesgo": "at_risk",
                     "riesgo": "at_risk", "off track": "off_track", "desviado": "off_track", "desviada": "off_track",
                     "fuera de plan": "off_track", "done": "done", "met": "done", "achieved": "done",
                     "cumplido": "done", "cumplida": "done", "hecho": "done", "logrado": "done", "lograda": "done"}
_STATUS_ALT = "|".join(sorted((re.escape(k) for k in _OBJECTIVE_STATUS), key=len, reverse=True))
_ACTION_STATUS = re.compile(
    rf"^(?:{_ACTION}\s+)?(?P<word>{'|'.join(_DONE)})\s*(?:{_ACTION}\s*)?#?(?P<n>\d{{1,4}})$")
_GOAL_STATUS = re.compile(rf"^{_OBJECTIVE}\s*#?(?P<n>\d{{1,4}})\s*(?:is\s+|esta\s+|:\s*)?(?P<status>{_STATUS_ALT})$")
_ADD = re.compile(rf"^(?P<what>{_OBJECTIVE}|{_ACTION})\b\s*:?\s*(?P<rest>.*)$", re.DOTALL)
# Clause keywords after the first comma (folded): which field the clause fills.
_CLAUSES = (
    ("measure", r"(?:measure|measured by|metric|kpi|medida|metrica|indicador)"),
    ("target", r"(?:target|goal value|valor|meta de)"),
    ("sponsor", r"(?:sponsor|sponsored by|patrocinador|patrocinadora|patrocinado por|sponsor del cliente)"),
    ("owner", r"(?:owner|owned by|responsable|duen[oa]|a cargo de)"),
    ("objective", rf"(?:for {_OBJECTIVE}|{_OBJECTIVE}|para (?:el )?{_OBJECTIVE}|del {_OBJECTIVE})\s*#?(?=\d)"),
    ("status", r"(?:status|estado)"),
    ("due", r"(?:by|due|before|until|para|antes de|antes del|hasta|fecha)"),
)
_QUARTER = re.compile(r"(?:^|\s)(?:by|before|until|para(?: el)?|antes del?|hasta(?: el)?|en el)?\s*"
                      r"(?:q|t|quarter |trimestre )(?P<q>[1-4])(?:\s+(?P<y>20\d\d))?\s*$")
_BY_MONTH = re.compile(r"(?:^|\s)(?:by|before|until|para|antes de|hasta)\s+(?:(?:the )?end of |(?:finales|fin) de )?"
                       r"(?P<m>[a-z]+)(?:\s+(?:de\s+)?(?P<y>20\d\d))?\s*$")
_MONTHS = {name: i + 1 for i, names in enumerate((
    ("january", "jan", "enero", "ene"), ("february", "feb", "febrero"), ("march", "mar", "marzo"),
    ("april", "apr", "abril", "abr"), ("may", "mayo"), ("june", "jun", "junio"), ("july", "jul", "julio"),
    ("august", "aug", "agosto", "ago"), ("september", "sep", "sept", "septiembre", "setiembre"),
    ("october", "oct", "octubre"), ("november", "nov", "noviembre"), ("december", "dec", "diciembre", "dic"),
)) for name in names}


@dataclass
class PlanEdit:
    """What a line asks: op is show | objective | action | action_status | objective_status | usage."""

    op: str
    title: str = ""
    number: int | None = None
    status: str | None = None
    due: date | None = None
    fields: dict[str, str] = field(default_factory=dict)  # measure, target, sponsor, owner, objective (as typed)
    mentions: tuple[str, ...] = ()  # @name / <@U…> typed in the title: the action's owner
    problem: str | None = None  # why a line is not understood: empty, long_title, bad_date, bad_status


def read_plan_line(rest: str, *, today: date, lang: str) -> PlanEdit:
    """The edit one line after the account asks for (`rest` is what follows `Acme:` or `Acme `)."""
    text = " ".join(rest.split())
    folded = fold(text).strip(" .")
    if not folded:
        return PlanEdit("show")
    found = _ACTION_STATUS.match(folded)
    if found:
        return PlanEdit("action_status", number=int(found["n"]), status=_DONE[found["word"]])
    found = _GOAL_STATUS.match(folded)
    if found:
        return PlanEdit("objective_status", number=int(found["n"]), status=_OBJECTIVE_STATUS[found["status"]])
    found = _ADD.match(folded)
    if not found:
        return PlanEdit("usage", problem="unknown")
    what = "objective" if re.fullmatch(_OBJECTIVE, found["what"]) else "action"
    body = text[len(text) - len(found["rest"]):] if found["rest"] else ""
    return _read_add(what, body.strip(" :"), today=today, lang=lang)


def _read_add(what: str, body: str, *, today: date, lang: str) -> PlanEdit:
    clauses = [c.strip() for c in body.split(",")]
    edit = PlanEdit(what)
    title_parts: list[str] = []
    for index, clause in enumerate(clauses):
        if not clause:
            continue
        key, value = _clause(clause) if index else (None, clause)
        if key == "due":
            day = _day(clause, today=today, lang=lang)
            if day is None:
                return PlanEdit("usage", problem="bad_date", title=clause)
            edit.due = day
        elif key == "status":
            status = _OBJECTIVE_STATUS.get(fold(value))
            if status is None or what != "objective":
                return PlanEdit("usage", problem="bad_status", title=value)
            edit.status = status
        elif key is not None:
            edit.fields[key] = value
        else:
            title_parts.append(clause)
    title = ", ".join(title_parts)
    if edit.due is None:
        title, edit.due = _date_in_title(title, today=today, lang=lang)
    edit.mentions = tuple(re.findall(r"<@[A-Z0-9_]+(?:\|[^>]*)?>|(?<!\S)@[\w.\-]+", title))
    for typed in edit.mentions:
        title = title.replace(typed, " ")
    edit.title = " ".join(title.split()).strip(" ,.;:")
    if not edit.title:
        return PlanEdit("usage", problem="empty")
    if len(edit.title) > MAX_TITLE:
        return PlanEdit("usage", problem="long_title")
    return edit


def _clause(clause: str) -> tuple[str | None, str]:
    """(the field a clause after a comma names, its value as typed), or (None, clause) for more title."""
    folded = fold(clause)
    for key, pattern in _CLAUSES:
        found = re.match(rf"^{pattern}\b\s*:?\s*", folded)
        if found:
            return key, clause[found.end():].strip()
    return None, clause


def _day(phrase: str, *, today: date, lang: str) -> date | None:
    """The day a due phrase means ("by Friday", "para el viernes", "by Q3", "by March"), or None."""
    period = _period_end(fold(phrase).strip(" ."), today)
    if period is not None:
        return period
    for tongue in (lang, "es" if lang == "en" else "en"):
        found = find_due_date(phrase, today=today, lang=tongue)
        if found.day is not None and found.error is None:
            return found.day
    return None


def _date_in_title(title: str, *, today: date, lang: str) -> tuple[str, date | None]:
    """The title without its trailing due phrase, and the day it means (None when there is none)."""
    folded = fold(title)
    for regex in (_QUARTER, _BY_MONTH):
        found = regex.search(folded)
        if found:
            day = _period_end(folded[found.start():].strip(), today)
            if day is not None:
                return title[:found.start()], day
    for tongue in (lang, "es" if lang == "en" else "en"):
        found = find_due_date(title, today=today, lang=tongue)
        if found.day is not None and found.error is None and found.span is not None:
            start, end = found.span
            return title[:start] + " " + title[end:], found.day
    return title, None


def _period_end(folded: str, today: date) -> date | None:
    """The last day of a quarter ("Q3", "T3 2027") or month ("March", "end of May") ahead of today."""
    found = _QUARTER.search(folded)
    if found and found.start() == 0:
        quarter, year = int(found["q"]), int(found["y"] or today.year)
        day = _month_end(year, quarter * 3)
        return day if found["y"] or day >= today else _month_end(year + 1, quarter * 3)
    found = _BY_MONTH.search(" " + folded if not folded.startswith(("by", "before", "until", "para", "antes", "hasta"))
                             else folded)
    if found and found["m"] in _MONTHS:
        month, year = _MONTHS[found["m"]], int(found["y"] or today.year)
        day = _month_end(year, month)
        return day if found["y"] or day >= today else _month_end(year + 1, month)
    return None


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])
