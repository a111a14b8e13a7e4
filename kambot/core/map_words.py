"""The account map's words in the user's language, from templates/<lang>/labels.json."""
from __future__ import annotations

from functools import lru_cache

from kambot.core.i18n import labels
from kambot.orgmap.words import MapWords


@lru_cache(maxsize=None)
def map_words(lang: str) -> MapWords:
    """The map's own words, role names and strength bands for `lang` (English for any other)."""
    table = labels(lang)
    return MapWords(**table["map"], roles=dict(table["role"]),
                    bands={k: v for k, v in table["band"].items() if k != "none"},
                    stances=dict(table["stance"]), influences=dict(table["influence"]))
