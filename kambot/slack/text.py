"""Text at the Slack border: undo Slack's entity encoding on the way in, labels and languages on the way out."""
from __future__ import annotations

import json
import re
from functools import lru_cache

from kambot.config import TEMPLATES_DIR
from kambot.core.i18n import LANGS
from kambot.domain.text import unescape_slack

_LEADING_MENTION = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]*)?>[\s:,]*")


def from_slack(text: str | None) -> str:
    """Message text as the user typed it, only real mentions as `<@U…>` (the core re-escapes on output)."""
    return unescape_slack(text)


def strip_mention(text: str, bot_user_id: str | None = None) -> str:
    """`<@UBOT> log a call…` -> `log a call…` (only the leading mention of the bot, or any when unknown)."""
    if bot_user_id:
        return re.sub(rf"^\s*<@{re.escape(bot_user_id)}(?:\|[^>]*)?>[\s:,]*", "", text)
    return _LEADING_MENTION.sub("", text)


@lru_cache(maxsize=None)
def _labels(lang: str) -> dict[str, str]:
    with open(TEMPLATES_DIR / (lang if lang in LANGS else "en") / "slack_labels.json", encoding="utf-8") as handle:
        return json.load(handle)


def ui(lang: str, key: str) -> str:
    """A plain-text label of the Slack UI (modal titles, field names, Home headers)."""
    return _labels(lang).get(key) or _labels("en").get(key, key)
