"""Whose accounts a portfolio command is about: the asker's, a mentioned user's, or the whole team's."""
from __future__ import annotations

import re

from kambot.core.call import Call
from kambot.domain.text import normalize_name

MINE = frozenset(("mine", "my", "me", "mias", "mis", "mi", "yo"))
ALL = frozenset(("all", "team", "everyone", "everybody", "todas", "todos", "equipo", "todo"))
# Slack escapes mentions as <@U123|name>; the shell and tests may type a bare @U123.
_MENTION = re.compile(r"<@([A-Z0-9_]+)(?:\|[^>]*)?>|(?<!\S)@([UW][A-Z0-9_]+)\b")


def mentioned_user(text: str) -> str | None:
    """The first Slack user id mentioned in the text, if any."""
    found = _MENTION.search(text or "")
    return (found.group(1) or found.group(2)) if found else None


def without_mentions(text: str) -> str:
    """The text with user mentions removed."""
    return _MENTION.sub(" ", text or "").strip()


def whose_accounts(call: Call) -> tuple[str, str | None]:
    """("mine"|"user"|"all", user id), or ("usage", None) for a slash argument nobody could mean."""
    asker = call.ctx.user_id
    user = mentioned_user(call.args)
    if user:
        return ("mine", asker) if user == asker else ("user", user)
    words = set(normalize_name(without_mentions(call.args)).split())
    if words & ALL:
        return "all", None
    if not words or words & MINE or call.extra.get("from_message"):
        return "mine", asker  # a question in a DM is about the asker's accounts unless it says otherwise
    return "usage", None
