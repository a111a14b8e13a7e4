"""Say how to reach a recommended contact, in English or Spanish mrkdwn."""
from __future__ import annotations

from datetime import date
from typing import Mapping

from kambot.domain.recommend_model import Candidate, Cold, Known, OrgPath, Person, WarmIntro
from kambot.domain.strength import lang_of, mention
from kambot.domain.text import escape_mrkdwn


_MONTHS = {
    "en": ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    "es": ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sep", "oct", "nov", "dic"),
}


def _day(day: date, lang: str, today: date | None) -> str:
    """'Feb 20' / '20 feb'; the year only when it is not this year (or this year is unknown)."""
    month = _MONTHS[lang][day.month - 1]
    year = today is None or day.year != today.year
    if lang == "es":
        return f"{day.day} {month}" + (f" {day.year}" if year else "")
    return f"{month} {day.day}" + (f", {day.year}" if year else "")


def approach_text(candidate: Candidate, people_by_id: Mapping[int, Person], lang: str, *,
                  today: date | None = None) -> str:
    """The how-to-reach line in mrkdwn: customer names escaped, only our users as mentions."""
    lang = lang_of(lang)
    es = lang == "es"

    def name(pid: int) -> str:
        person = people_by_id.get(pid) or (candidate.person if pid == candidate.person.id else None)
        return escape_mrkdwn(person.name) if person is not None else f"#{pid}"

    who, how = name(candidate.person.id), candidate.approach
    if isinstance(how, Known):
        if how.by_asker:
            return f"ya conoces a {who}" if es else f"you already know {who}"
        return (f"el equipo ya ha tratado con {who} (sin nombre en el registro)" if es
                else f"the team has met {who} before (nobody named in the log)")
    if isinstance(how, WarmIntro):
        via = mention(how.via)
        if how.last_met is None:
            return (f"pide a {via} que te presente a {who}: lleva la relación" if es
                    else f"ask {via}, who owns the relationship with {who}, for an intro")
        day = _day(how.last_met, lang, today)
        return (f"pide a {via} que te presente a {who}: estuvieron en contacto el {day}" if es
                else f"ask {via}, who met {who} on {day}, for an intro")
    if isinstance(how, OrgPath):
        chain, start = " → ".join(name(pid) for pid in how.path), name(how.path[0])
        line = (f"nadie del equipo conoce aún a {who}; ve por el organigrama: {chain}" if es
                else f"nobody on the team knows {who} yet; go through the org chart: {chain}")
        if how.by_asker:
            line += f" (tú conoces a {start})" if es else f" (you know {start})"
        elif how.via:
            line += f" ({mention(how.via)} conoce a {start})" if es else f" ({mention(how.via)} knows {start})"
        return line
    if isinstance(how, Cold) and how.anyone_known:
        return (f"nadie del equipo conoce a {who} ni hay camino por el organigrama: contacto en frío" if es
                else f"nobody on the team knows {who} and the org chart shows no path: reach out cold")
    return (f"nadie del equipo conoce aún a nadie en la cuenta: contacta a {who} en frío" if es
            else f"nobody on the team knows anyone at the account yet: reach out to {who} cold")
