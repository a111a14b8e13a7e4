"""Account map: a tidy org-chart layout, its PNG picture and an indented text tree."""
from __future__ import annotations

from typing import Any

from kambot.orgmap.layout import layout
from kambot.orgmap.model import Box, Edge, MapLayout, MapPerson
from kambot.orgmap.text_tree import text_tree

__all__ = ["Box", "Edge", "MapLayout", "MapPerson", "MapTooLarge", "layout", "render_png", "text_tree"]


def __getattr__(name: str) -> Any:
    """render_png and MapTooLarge load matplotlib (about a second) only when first used."""
    if name in ("render_png", "MapTooLarge"):
        from kambot.orgmap import png

        return getattr(png, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
