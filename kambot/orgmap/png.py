"""Draw the account map as a PNG on matplotlib's Agg canvas (never pyplot, so it is thread-safe)."""
from __future__ import annotations

import io
from typing import Sequence

from matplotlib.artist import Artist
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties, findfont, get_font
from matplotlib.ft2font import LoadFlags
from matplotlib.patches import FancyBboxPatch, Rectangle
from matplotlib.transforms import Transform
from PIL import Image

from kambot.orgmap.layout import layout
from kambot.orgmap.model import STRENGTHS, Box, Edge, MapPerson, clean, holders_text, role_label, strength_label, word

FILL = {"strong": "#7fcc87", "medium": "#ffd24d", "weak": "#ffc493", "none": "#e8e8e8"}
DEPARTED_FILL = "#bdbdbd"
INK, DEPARTED_INK, ROLE_INK, BLOCKER_INK, HOLDER_INK = "#1a1a1a", "#505050", "#1f3b73", "#a8201a", "#3d3d3d"
LINE_INK = "#8a8a8a"
BASE_DPI = 110  # 8 pt is 12 px: readable in Slack's viewer without zooming
MAX_PX = 4000  # big maps lower the dpi instead of growing past this
MIN_DPI = 40  # below this 7.5 pt text is under 5 px: refuse rather than send an unreadable picture
MARGIN = 0.3  # inches of white around the layout
HEADER = 1.0  # inches for the title and the legend
MIN_SIZE = (6.0, 3.0)  # inches: a 3-person map stays >= 400 x 300 px (the legend may need more)
PAD = 0.09  # inches inside a box
EDGE = 0.05  # inches around the axes so box borders are not clipped
FONT = "DejaVu Sans"  # bundled with matplotlib: accents, ñ and the ellipsis always render
SLOTS = ((9.5, "bold", "normal"), (8.0, "normal", "normal"), (8.0, "normal", "italic"), (7.5, "normal", "normal"))
ELLIPSIS = "…"


class MapTooLarge(ValueError):
    """The map cannot be drawn readably within MAX_PX (hundreds of people, or a very deep chain)."""


def render_png(people: Sequence[MapPerson], *, account_name: str, lang: str = "en") -> bytes:
    """The account map as PNG bytes: one box per person, coloured by strength; MapTooLarge if unreadable."""
    canvas = build_figure(people, account_name=account_name, lang=lang).canvas
    canvas.draw()  # our own canvas, not savefig, so rcParams set elsewhere (bbox, facecolor) cannot apply
    image = Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
    buffer = io.BytesIO()
    image.convert("RGB").save(buffer, format="PNG", compress_level=4)  # ~40 % less encoding than RGBA at 6
    return buffer.getvalue()


def build_figure(people: Sequence[MapPerson], *, account_name: str, lang: str = "en") -> Figure:
    """The map as a Figure on its own Agg canvas; boxes have gid 'box-<id>', texts the 'labels' artist."""
    plan = layout(people, account_name=account_name)
    width = max(plan.width + 2 * MARGIN, MIN_SIZE[0], _legend_width(lang))
    height = max(plan.height + 2 * MARGIN + HEADER, MIN_SIZE[1])
    dpi = min(BASE_DPI, int(100 * MAX_PX / max(width, height)) / 100)
    if dpi < MIN_DPI:
        raise MapTooLarge(f"{len(people)} people need {width:.0f} x {height:.0f} in; show the text tree instead")
    # Everything explicit, so rcParams set by other code (dark theme, layout engine) cannot leak in.
    figure = Figure(figsize=(width, height), dpi=dpi, facecolor="white", edgecolor="white", layout="none")
    fit = _Fitter(FigureCanvasAgg(figure).get_renderer())
    _header(figure, fit, clean(account_name), lang)
    if not plan.boxes:
        _text(figure, 0.5, 0.4, word(lang, "empty"), _font(11), ha="center", color=DEPARTED_INK)
        return figure
    inner_w, inner_h = plan.width + 2 * EDGE, plan.height + 2 * EDGE
    axes = figure.add_axes(((width - inner_w) / 2 / width, MARGIN / height, inner_w / width, inner_h / height))
    axes.set_axis_off()
    axes.set_xlim(-EDGE, plan.width + EDGE)
    axes.set_ylim(plan.height + EDGE, -EDGE)  # y grows downward, as in the layout; 1 unit = 1 inch
    axes.add_collection(LineCollection(  # projecting caps: square corners where segments meet
        _segments(plan.edges), colors=LINE_INK, linewidths=1.1, zorder=1, capstyle="projecting", sketch_params=None,
    ))
    labels = _Labels(axes.transData)
    by_id = {p.id: p for p in people}
    for box in plan.boxes:
        _box(axes, labels, fit, box, by_id[box.person_id], lang)
    axes.add_artist(labels)
    return figure


def _box(axes: Axes, labels: "_Labels", fit: "_Fitter", box: Box, person: MapPerson, lang: str) -> None:
    """One person: a rounded box filled by strength (grey and dashed when departed) and four lines."""
    departed = person.departed
    patch = FancyBboxPatch(
        (box.x, box.y), box.w, box.h, boxstyle="round,pad=0,rounding_size=0.08", zorder=2,
        facecolor=DEPARTED_FILL if departed else FILL[person.band], edgecolor="#4a4a4a",
        linewidth=1.2 if departed else 1.0, linestyle=(0, (4, 2.5)) if departed else "solid", sketch_params=None,
    )
    patch.set_gid(f"box-{person.id}")
    axes.add_patch(patch)
    room = box.w - 2 * PAD
    name = clean(person.name)
    if departed:  # shorten the name, never the mark
        mark = " " + word(lang, "left")
        name = fit(name, _font(*SLOTS[0]), room - fit.width(mark, _font(*SLOTS[0]))) + mark
    role = (person.role or "").strip().lower()
    values = (name, clean(person.title), role_label(role, lang), holders_text(person.holders, lang))
    colours = (INK, INK, BLOCKER_INK if role == "blocker" else ROLE_INK, HOLDER_INK)
    step = (box.h - 2 * PAD) / len(SLOTS)
    for slot, (value, colour, spec) in enumerate(zip(values, colours, SLOTS)):
        if value:  # an empty slot keeps its place, so every box reads the same way
            prop = _font(*spec)
            labels.add(box.x + PAD, box.y + PAD + (slot + 0.5) * step, fit(value, prop, room), prop,
                       DEPARTED_INK if departed else colour, (person.id, slot))


def _segments(edges: Sequence[Edge]) -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Edges as merged straight segments: siblings share a bus, and overdrawn lines look thicker."""
    runs: dict[tuple[str, float], list[list[float]]] = {}
    for edge in edges:
        for (x1, y1), (x2, y2) in zip(edge.points, edge.points[1:]):
            key, low, high = (("h", y1), x1, x2) if y1 == y2 else (("v", x1), y1, y2)
            runs.setdefault(key, []).append(sorted((low, high)))
    out = []
    for (axis, at), spans in runs.items():
        spans.sort()
        merged = [spans[0]]
        for low, high in spans[1:]:
            if low <= merged[-1][1] + 1e-9:
                merged[-1][1] = max(merged[-1][1], high)
            else:
                merged.append([low, high])
        out += [((lo, at), (hi, at)) if axis == "h" else ((at, lo), (at, hi)) for lo, hi in merged]
    return out


def _header(figure: Figure, fit: "_Fitter", account_name: str, lang: str) -> None:
    """Title with the account name, then a legend row drawn by hand so every label is literal text."""
    width, height = figure.get_size_inches()
    title_font, label_font, bold = _font(15, "bold"), _font(9), _font(9, "bold")
    title = fit(f"{word(lang, 'title')}: {account_name}", title_font, width - 2 * MARGIN)
    _text(figure, MARGIN / width, 1 - 0.38 / height, title, title_font)
    y = 1 - 0.8 / height
    heading, entries = _legend(lang)
    _text(figure, MARGIN / width, y, heading, bold)
    x = MARGIN + fit.width(heading, bold) + 0.15
    for colour, style, text in entries:
        figure.add_artist(Rectangle(
            (x / width, y - 0.09 / height), 0.3 / width, 0.18 / height, transform=figure.transFigure,
            facecolor=colour, edgecolor="#4a4a4a", linewidth=0.9, linestyle=style, sketch_params=None,
        ))
        _text(figure, (x + 0.38) / width, y, text, label_font)
        x += 0.38 + fit.width(text, label_font) + 0.28


def _legend(lang: str) -> tuple[str, list[tuple[str, object, str]]]:
    """The legend heading and its (fill, line style, label) entries in the user's language."""
    entries = [(FILL[s], "solid", strength_label(s, lang)) for s in STRENGTHS]
    entries.append((DEPARTED_FILL, (0, (3, 2)), word(lang, "departed")))
    return word(lang, "legend") + ":", [(c, style, t[:1].upper() + t[1:]) for c, style, t in entries]


def _legend_width(lang: str) -> float:
    """Inches the legend row needs (estimated before there is a renderer, with 5 % to spare)."""
    heading, entries = _legend(lang)
    width = _advance(heading, _font(9, "bold")) + 0.15 + sum(0.66 + _advance(t, _font(9)) for _, _, t in entries)
    return 2 * MARGIN + 1.05 * width


def _text(figure: Figure, x: float, y: float, value: str, prop: FontProperties, **kw) -> None:
    """Literal figure text: no mathtext, no TeX, whatever the global rcParams say."""
    kw.setdefault("ha", "left")
    kw.setdefault("color", INK)
    figure.text(x, y, value, fontproperties=prop, va="center", parse_math=False, usetex=False, antialiased=True, **kw)


def _font(size: float, weight: str = "normal", style: str = "normal") -> FontProperties:
    """Our font at a size; explicit, so a changed rcParams['font.family'] cannot break the fit."""
    return FontProperties(family=FONT, size=size, weight=weight, style=style)


class _Labels(Artist):
    """All box texts as one artist drawn straight through the renderer: literal, no per-text layout."""

    def __init__(self, transform: Transform) -> None:
        super().__init__()
        self.set_transform(transform)
        self.set_zorder(3)
        self.set_gid("labels")
        self.items: list[tuple[float, float, str, FontProperties, str, tuple[int, int]]] = []

    def add(self, x: float, middle: float, text: str, prop: FontProperties, colour: str, tag: tuple[int, int]) -> None:
        """A left-aligned line centred on height middle (data coordinates); tag is (person id, slot)."""
        self.items.append((x, middle, text, prop, colour, tag))

    def draw(self, renderer: RendererAgg) -> None:
        """Draw every line with ismath=False, so '$' is a dollar sign whatever rcParams say."""
        if not self.get_visible():
            return
        # One Text per line re-measured every string: 400 of them were a third of the render time.
        gc = renderer.new_gc()
        gc.set_antialiased(True)
        lifts: dict[tuple, float] = {}
        canvas_height = renderer.get_canvas_width_height()[1]
        for x, middle, text, prop, colour, _ in self.items:
            key = _key(prop)
            if key not in lifts:  # from the centre of 'lp' down to the baseline, as va='center' does
                _, tall, descent = renderer.get_text_width_height_descent("lp", prop, ismath=False)
                lifts[key] = (tall - 2 * descent) / 2
            px, py = self.get_transform().transform((x, middle))
            baseline = py - lifts[key]
            gc.set_foreground(colour)
            # As in Text.draw: renderers counting y from the top (Agg does) want it flipped.
            y = canvas_height - baseline if renderer.flipy() else baseline
            renderer.draw_text(gc, px, y, text, prop, 0.0, ismath=False)
        gc.restore()


class _Fitter:
    """Shortens text with an ellipsis to fit a width in inches, measured with the real renderer."""

    def __init__(self, renderer: RendererAgg) -> None:
        self._renderer = renderer
        self._cache: dict[tuple[str, tuple], float] = {}

    def width(self, text: str, prop: FontProperties) -> float:
        """Width of the text in inches, as Agg will draw it."""
        key = (text, _key(prop))
        if key not in self._cache:
            w, _, _ = self._renderer.get_text_width_height_descent(text, prop, ismath=False)
            self._cache[key] = w / self._renderer.dpi
        return self._cache[key]

    def __call__(self, text: str, prop: FontProperties, room: float) -> str:
        """The text itself when it fits, else the longest prefix + '…' that does."""
        # Summed advances are within 8 % of the drawn width: only close calls pay for a real measure.
        if _advance(text, prop) <= 0.9 * room or self.width(text, prop) <= room:
            return text
        low, high = 0, len(text)  # invariant: text[:low] + '…' fits, text[:high] + '…' does not
        while high - low > 1:
            mid = (low + high) // 2
            if self.width(text[:mid].rstrip() + ELLIPSIS, prop) <= room:
                low = mid
            else:
                high = mid
        return text[:low].rstrip() + ELLIPSIS


_ADVANCES: dict[tuple[str, str], float] = {}  # (font file, char) -> advance in inches at 1 pt


def _advance(text: str, prop: FontProperties) -> float:
    """Unhinted, unkerned width in inches: cheap and close; infinite when a glyph is missing."""
    path = findfont(prop)
    total = 0.0
    for char in text:
        value = _ADVANCES.get((path, char))
        if value is None:
            font = get_font(path)  # per thread in matplotlib, but shared: set the size before use
            font.set_size(100, 72)
            if font.get_char_index(ord(char)) == 0:
                value = float("inf")  # drawn by a fallback font of unknown width: measure for real
            else:
                value = font.load_char(ord(char), flags=LoadFlags.NO_HINTING).linearHoriAdvance / 65536 / 7200
            _ADVANCES[(path, char)] = value
        total += value
    return total * prop.get_size_in_points()


def _key(prop: FontProperties) -> tuple:
    """What makes two FontProperties measure the same (we always use one family)."""
    return (prop.get_size_in_points(), prop.get_weight(), prop.get_style())
