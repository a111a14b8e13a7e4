"""Account health in words: the band and the why-line ("62, at risk: last touch 19 days ago …") per language."""
from __future__ import annotations

from kambot.core.i18n import label, labels
from kambot.domain.health import Health, Reason

COUNTED = {"threads": "count", "steps": "count", "actions": "count", "renewal": "days", "renewal_passed": "days"}


def band_word(band: str, lang: str) -> str:
    """'at risk' / 'en riesgo'."""
    return labels(lang)["health"]["band"].get(band, band)


def reason_text(reason: Reason, lang: str) -> str:
    """One reason as a phrase in the language (plain text: the caller escapes it)."""
    words = labels(lang)["health"]
    key = reason.key
    if key in COUNTED:
        n = reason.values[COUNTED[key]]
        forms = [f"{key}_{n}"] if n in (0, 1) else []
        key = next((k for k in forms if k in words), f"{key}_n")
    values = dict(reason.values)
    if "role" in values:
        values["role"] = label(lang, "role", values["role"])
    return words[key].format(**values)


def why_line(result: Health, lang: str, *, limit: int | None = None) -> str:
    """'62, at risk: reason; reason' (the first `limit` reasons, largest first)."""
    reasons = result.reasons[:limit] if limit else result.reasons
    why = "; ".join(reason_text(r, lang) for r in reasons) or labels(lang)["health"]["nothing"]
    return f"{result.score}, {band_word(result.band, lang)}: {why}"
