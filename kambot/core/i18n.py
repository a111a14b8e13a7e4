"""User-facing text: Jinja2 templates per language, with mrkdwn escaping of every value."""
from __future__ import annotations

import json
from datetime import date
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined

from kambot.config import TEMPLATES_DIR
from kambot.domain.text import Mrkdwn, escape_mrkdwn

LANGS = ("en", "es")


@lru_cache(maxsize=None)
def labels(lang: str) -> dict[str, Any]:
    """Short labels (kinds, roles, tiers, weekdays, months) from templates/<lang>/labels.json."""
    with open(TEMPLATES_DIR / _lang(lang) / "labels.json", encoding="utf-8") as handle:
        return json.load(handle)


@lru_cache(maxsize=None)
def help_lines(lang: str) -> dict[str, tuple[Mrkdwn, ...]]:
    """Each command's lines in the help, by command name, from templates/<lang>/help_lines.json (our own mrkdwn)."""
    with open(TEMPLATES_DIR / _lang(lang) / "help_lines.json", encoding="utf-8") as handle:
        return {name: tuple(Mrkdwn(line) for line in lines) for name, lines in json.load(handle).items()}


def label(lang: str, group: str, key: str | None, default: str = "") -> str:
    """One label, e.g. label("es", "kind", "meal") -> "comida"; unknown keys fall back to the key."""
    if not key:
        return default
    return labels(lang).get(group, {}).get(key, key)


def format_day(day: date | None, lang: str, *, with_weekday: bool = True) -> str:
    """A calendar day as people write it: 'Thu, Nov 26, 2026' / 'jue 26 nov 2026'."""
    if day is None:
        return ""
    names = labels(lang)
    weekday = names["weekdays_short"][day.weekday()]
    month = names["months_short"][day.month - 1]
    pattern = names["date_format"] if with_weekday else names["date_format_no_weekday"]
    return pattern.format(weekday=weekday, month=month, day=day.day, year=day.year)


def ago(days: int | None, lang: str) -> str:
    """How long ago a day was: 'today', '1 day ago', '3 days ago' / 'hoy', 'hace 1 día', 'hace 3 días'."""
    if days is None:
        return ""
    words = labels(lang)["ago"]
    if days <= 0:
        return words["today"]
    return words["one"] if days == 1 else words["many"].format(n=days)


def mention(user_id: str | None) -> Mrkdwn:
    """A Slack user mention for one of our own users (ids are ours, never user text)."""
    if not user_id:
        return Mrkdwn("")
    safe = "".join(ch for ch in user_id if ch.isalnum() or ch == "_")
    return Mrkdwn(f"<@{safe}>")


def channel_link(channel_id: str | None) -> Mrkdwn:
    """A Slack channel link for a channel id we stored (never user text)."""
    safe = "".join(ch for ch in channel_id or "" if ch.isalnum() or ch == "_")
    return Mrkdwn(f"<#{safe}>" if safe else "")


def _lang(lang: str | None) -> str:
    return lang if lang in LANGS else "en"


def _finalize(value: Any) -> Any:
    """Every {{ value }} is escaped for mrkdwn unless the code built it as Mrkdwn."""
    if value is None:
        return ""
    return escape_mrkdwn(value)


@lru_cache(maxsize=None)
def environment() -> Environment:
    """The shared Jinja2 environment (autoescape off: Slack needs only &, <, > escaped)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)),
        autoescape=False,
        finalize=_finalize,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
    )
    env.globals.update(mention=mention)
    env.filters["mention"] = mention
    env.filters["raw"] = Mrkdwn  # for text already rendered by another template
    return env


def render(name: str, lang: str, **values: Any) -> Mrkdwn:
    """Render templates/<lang>/<name>.md.j2 with values; the result is safe mrkdwn."""
    lang = _lang(lang)
    env = environment()
    template = env.get_template(f"{lang}/{name}.md.j2")
    values.setdefault("lang", lang)
    values.setdefault("L", lambda group, key, default="": label(lang, group, key, default))
    values.setdefault("day", lambda d, **kw: format_day(d, lang, **kw))
    values.setdefault("ago", lambda days: ago(days, lang))
    return Mrkdwn(template.render(**values).strip())
