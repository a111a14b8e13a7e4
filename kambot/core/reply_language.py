"""The reply language: the command word and the user's own words, never the account or people names in them."""
from __future__ import annotations

from sqlmodel import Session

from kambot.domain.parsing.language import detect_language, name_candidates
from kambot.storage.accounts import known_names


def reply_language(session: Session, *, team_id: str, text: str, default: str, lead: str | None = None) -> str:
    """English or Spanish for a reply to `text` after the command word in `lead`; default when words do not say."""
    # Only spans that could change the guess are looked up (one indexed query); none without language words.
    candidates = name_candidates(text)
    known = known_names(session, team_id=team_id, norms=candidates) if candidates else set()
    return detect_language(text, default, lead=lead, known=known)
