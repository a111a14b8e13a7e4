"""The per-process cache every call carries; one factory builds it, for the Core and for the tests alike."""
from __future__ import annotations

from typing import Any


class Cache(dict[tuple[str, str], Any]):
    """Entries keyed by (purpose, team_id), e.g. ("name_index", "T1"); each reader validates its entry against
    the database before use, so a stale entry costs a rebuild, never a wrong answer."""


def new_cache() -> Cache:
    """An empty cache: one per Core (per process), shared by all its calls."""
    return Cache()
