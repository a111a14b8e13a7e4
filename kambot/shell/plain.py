"""Show mrkdwn in a terminal: unescape entities and make mentions readable."""
from __future__ import annotations

import re

_USER = re.compile(r"<@([A-Z0-9_]+)(?:\|[^>]*)?>")
_LINK = re.compile(r"<(https?://[^|>]+)\|([^>]+)>")
_DATE = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")


def to_plain(text: str) -> str:
    """'<@U_ANA> met &lt;Jane&gt;' -> '@U_ANA met <Jane>'."""
    text = _USER.sub(r"@\1", text)
    text = _DATE.sub(r"\1", text)
    text = _LINK.sub(r"\2 (\1)", text)
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
