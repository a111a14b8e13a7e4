"""Map text measured and drawn with Pillow's FreeType: matplotlib 3.11 lays out each string ~10x slower."""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np
from matplotlib.artist import Artist
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties, findfont
from matplotlib.transforms import Transform
from PIL import Image, ImageColor, ImageDraw, ImageFont

FAMILY = "DejaVu Sans"  # bundled with matplotlib: accents, ñ and the ellipsis always render
ELLIPSIS = "…"


def font(size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    """Our font at a size; explicit, so a changed rcParams['font.family'] cannot change the picture."""
    return FontProperties(family=FAMILY, size=size, weight=weight, style=style)


class Fonts:
    """Pillow fonts at one dpi, made per render (about 0.2 ms each) so no FreeType face is shared by threads."""

    def __init__(self, dpi: float) -> None:
        self.dpi = dpi
        self._fonts: dict[tuple, ImageFont.FreeTypeFont] = {}
        self._widths: dict[tuple, float] = {}

    def get(self, prop: FontProperties) -> ImageFont.FreeTypeFont:
        """The Pillow font for these properties at this dpi (size in pixels, as matplotlib scales points)."""
        key = _key(prop)
        if key not in self._fonts:
            self._fonts[key] = ImageFont.truetype(_path(*key[1:]), key[0] * self.dpi / 72)
        return self._fonts[key]

    def width(self, text: str, prop: FontProperties) -> float:
        """Advance width of the text in inches, as it will be drawn."""
        key = (text, _key(prop))
        if key not in self._widths:  # role labels and "ours: —" repeat across boxes
            self._widths[key] = self.get(prop).getlength(text) / self.dpi
        return self._widths[key]

    def fit(self, text: str, prop: FontProperties, room: float) -> str:
        """The text itself when it fits in room inches, else the longest prefix + '…' that does."""
        if self.width(text, prop) <= room:
            return text
        low, high = 0, len(text)  # invariant: text[:low] + '…' fits, text[:high] + '…' does not
        while high - low > 1:
            mid = (low + high) // 2
            if self.width(text[:mid].rstrip() + ELLIPSIS, prop) <= room:
                low = mid
            else:
                high = mid
        return text[:low].rstrip() + ELLIPSIS


class Labels(Artist):
    """All box texts as one artist: literal strings (never mathtext or TeX) rasterised by Pillow."""

    def __init__(self, transform: Transform, fonts: Fonts) -> None:
        super().__init__()
        self.set_transform(transform)
        self.set_zorder(3)
        self.set_gid("labels")
        self.fonts = fonts
        self.items: list[tuple[float, float, str, FontProperties, str, tuple[int, int]]] = []

    def add(self, x: float, middle: float, text: str, prop: FontProperties, colour: str, tag: tuple[int, int]) -> None:
        """A left-aligned line centred on height middle (data coordinates); tag is (person id, slot)."""
        self.items.append((x, middle, text, prop, colour, tag))

    def draw(self, renderer: RendererAgg) -> None:
        """Blend every line into Agg's pixels (Agg only: other backends have no pixel buffer)."""
        if not self.get_visible() or not self.items:
            return
        fonts = self.fonts if self.fonts.dpi == renderer.dpi else Fonts(renderer.dpi)  # savefig(dpi=...)
        pixels = np.asarray(renderer.buffer_rgba())  # a writable view of Agg's pixels, rows from the top
        height, width = pixels.shape[:2]
        points = self.get_transform().transform([(x, middle) for x, middle, *_ in self.items])
        metrics: dict[int, tuple[float, int, int]] = {}
        inks: dict[str, np.ndarray] = {}
        for (_, _, text, prop, colour, _), (px, py) in zip(self.items, points):
            face = fonts.get(prop)
            if id(face) not in metrics:  # baseline below the centre of 'lp', as matplotlib's va='center'
                _, top, _, bottom = face.getbbox("lp", anchor="ls")
                metrics[id(face)] = ((top + bottom) / 2, *face.getmetrics())
            lift, ascent, descent = metrics[id(face)]
            x, y = px, height - py - lift
            # A tile just around the line: painting on a copy of the whole canvas cost more than the text.
            x0, y0 = max(0, math.floor(x) - 2), max(0, math.floor(y) - ascent - 2)
            x1 = min(width, math.ceil(x + fonts.width(text, prop) * fonts.dpi) + 4)
            y1 = min(height, math.ceil(y) + descent + 2)
            if x1 <= x0 or y1 <= y0:
                continue
            tile = Image.new("L", (x1 - x0, y1 - y0))
            ImageDraw.Draw(tile).text((x - x0, y - y0), text, font=face, fill=255, anchor="ls")
            cover = np.asarray(tile).astype(np.uint16)[..., None]
            if colour not in inks:
                inks[colour] = np.array(ImageColor.getrgb(colour)[:3], np.uint16)
            region = pixels[y0:y1, x0:x1, :3]  # opaque white canvas: alpha stays 255
            region[...] = (region * (255 - cover) + inks[colour] * cover + 127) // 255


@lru_cache(maxsize=None)
def _path(weight: str, style: str) -> str:
    """The font file for a weight and style (a file name, the same for every workspace)."""
    return findfont(font(10, weight, style), fallback_to_default=False)


def _key(prop: FontProperties) -> tuple:
    """What makes two FontProperties draw the same (we always use one family)."""
    return (prop.get_size_in_points(), prop.get_weight(), prop.get_style())
