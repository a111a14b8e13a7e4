"""Draw the account map as a PNG on matplotlib's Agg canvas (never pyplot, so it is thread-safe)."""
from __future__ import annotations

import io
from typing import Sequence

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PathCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import BoxStyle, Ellipse, Rectangle
from matplotlib.path import Path
from PIL import Image

from kambot.orgmap.labels import ELLIPSIS, Fonts, Labels, font
from kambot.orgmap.layout import layout
from kambot.orgmap.model import STANCES, STRENGTHS, Box, Edge, MapPerson, clean, holders_text
from kambot.orgmap.words import MapWords

__all__ = ["BADGE", "DEPARTED_FILL", "ELLIPSIS", "FILL", "MapTooLarge", "build_figure", "render_png"]

FILL = {"strong": "#7fcc87", "medium": "#ffd24d", "weak": "#ffc493", "none": "#e8e8e8"}
DEPARTED_FILL = "#bdbdbd"
# A stance badge in the box's top-right corner: a coloured disc with a symbol DejaVu Sans always has.
BADGE = {"mentor": ("#1b7837", "★"), "supporter": ("#4d9221", "+"), "neutral": ("#8c8c8c", "="),
         "non_supporter": ("#d6604d", "−"), "detractor": ("#a8201a", "×")}
BADGE_R = 0.11  # inches
BORDER = {"high": 2.6, "medium": 1.6, "low": 1.0}  # box border width by influence (points)
INK, DEPARTED_INK, ROLE_INK, BLOCKER_INK, HOLDER_INK = "#1a1a1a", "#505050", "#1f3b73", "#a8201a", "#3d3d3d"
LINE_INK, BORDER_INK = "#8a8a8a", "#4a4a4a"
DASHED = (0, (4, 2.5))  # departed people's box border
BASE_DPI = 110  # 8 pt is 12 px: readable in Slack's viewer without zooming
MAX_PX = 4000  # big maps lower the dpi instead of growing past this
MIN_DPI = 40  # below this 7.5 pt text is under 5 px: refuse rather than send an unreadable picture
MARGIN = 0.3  # inches of white around the layout
HEADER = 1.0  # inches for the title and the legend
STANCE_ROW = 0.32  # inches more when the legend has its stance row (someone on the map has a stance or influence)
MIN_SIZE = (6.0, 3.0)  # inches: a 3-person map stays >= 400 x 300 px (the legend may need more)
PAD = 0.09  # inches inside a box
EDGE = 0.05  # inches around the axes so box borders are not clipped
ROUND = 0.08  # inches: box corner radius
SLOTS = ((9.5, "bold", "normal"), (8.0, "normal", "normal"), (8.0, "normal", "italic"), (7.5, "normal", "normal"))


class MapTooLarge(ValueError):
    """The map cannot be drawn readably within MAX_PX (hundreds of people, or a very deep chain)."""


def render_png(people: Sequence[MapPerson], *, account_name: str, words: MapWords) -> bytes:
    """The account map as PNG bytes: one box per person, coloured by strength; MapTooLarge if unreadable."""
    canvas = build_figure(people, account_name=account_name, words=words).canvas
    canvas.draw()  # our own canvas, not savefig, so rcParams set elsewhere (bbox, facecolor) cannot apply
    out = io.BytesIO()
    # Pillow's fastest zlib level: flat fills and white space compress well anyway (level 6 took ~2x longer
    # for ~35% smaller files); the map is opaque, so no alpha channel.
    Image.fromarray(np.asarray(canvas.buffer_rgba())).convert("RGB").save(out, "PNG", compress_level=1)
    return out.getvalue()


def build_figure(people: Sequence[MapPerson], *, account_name: str, words: MapWords) -> Figure:
    """The map as a Figure on its own Agg canvas: boxes in the 'boxes' collection, texts the 'labels' artist."""
    plan = layout(people, account_name=account_name)
    stances = any(p.stance in BADGE or p.influence for p in people)
    width = max(plan.width + 2 * MARGIN, MIN_SIZE[0], _legend_width(words, stances))
    height = max(plan.height + 2 * MARGIN + HEADER + (STANCE_ROW if stances else 0), MIN_SIZE[1])
    dpi = min(BASE_DPI, int(100 * MAX_PX / max(width, height)) / 100)
    if dpi < MIN_DPI:
        raise MapTooLarge(f"{len(people)} people need {width:.0f} x {height:.0f} in; show the text tree instead")
    # Everything explicit, so rcParams set by other code (dark theme, layout engine) cannot leak in.
    figure = Figure(figsize=(width, height), dpi=dpi, facecolor="white", edgecolor="white", layout="none")
    FigureCanvasAgg(figure)  # becomes figure.canvas: an Agg canvas of our own, whatever the default backend
    fonts = Fonts(dpi)
    _header(figure, fonts, clean(account_name), words, stances)
    if not plan.boxes:
        _text(figure, 0.5, 0.4, words.empty, font(11), ha="center", color=DEPARTED_INK)
        return figure
    inner_w, inner_h = plan.width + 2 * EDGE, plan.height + 2 * EDGE
    axes = figure.add_axes(((width - inner_w) / 2 / width, MARGIN / height, inner_w / width, inner_h / height))
    axes.set_axis_off()
    axes.set_xlim(-EDGE, plan.width + EDGE)
    axes.set_ylim(plan.height + EDGE, -EDGE)  # y grows downward, as in the layout; 1 unit = 1 inch
    axes.add_collection(LineCollection(  # projecting caps: square corners where segments meet
        _segments(plan.edges), colors=LINE_INK, linewidths=1.1, zorder=1, capstyle="projecting", sketch_params=None,
    ), autolim=False)
    by_id = {p.id: p for p in people}
    axes.add_collection(_boxes(plan.boxes, by_id), autolim=False)
    labels = Labels(axes.transData, fonts)
    for box in plan.boxes:
        _texts(labels, fonts, box, by_id[box.person_id], words)
    badges = _badges(plan.boxes, by_id, labels)
    if badges is not None:
        axes.add_collection(badges, autolim=False)
    axes.add_artist(labels)
    return figure


def _boxes(boxes: Sequence[Box], by_id: dict[int, MapPerson]) -> PathCollection:
    """Every box as one collection (one C call to draw): rounded, filled by strength, departed grey and dashed."""
    shapes: dict[tuple[float, float], Path] = {}
    paths, fills, widths, styles = [], [], [], []
    for box in boxes:
        if (box.w, box.h) not in shapes:  # every box has the same size today: build the outline once
            shapes[box.w, box.h] = BoxStyle.Round(pad=0, rounding_size=ROUND)(0, 0, box.w, box.h, 1)
        shape = shapes[box.w, box.h]
        paths.append(Path(shape.vertices + (box.x, box.y), shape.codes))
        departed = by_id[box.person_id].departed
        fills.append(DEPARTED_FILL if departed else FILL[by_id[box.person_id].band])
        widths.append(1.2 if departed else BORDER.get(by_id[box.person_id].influence or "", 1.0))
        styles.append(DASHED if departed else "solid")
    collection = PathCollection(
        paths, facecolors=fills, edgecolors=BORDER_INK, linewidths=widths, linestyles=styles, antialiaseds=True,
        zorder=2, sketch_params=None, gid="boxes",
    )
    collection.person_ids = tuple(box.person_id for box in boxes)  # which box is whose, for readers and tests
    return collection


def _badges(boxes: Sequence[Box], by_id: dict[int, MapPerson], labels: Labels) -> PathCollection | None:
    """A disc with the stance's symbol in the top-right corner of each box whose person has a stance."""
    paths, fills, ids, stances = [], [], [], []
    disc = Path.circle((0, 0), BADGE_R)
    for box in boxes:
        person = by_id[box.person_id]
        if person.stance not in BADGE:
            continue
        x, y = box.x + box.w - BADGE_R - 0.05, box.y + BADGE_R + 0.05
        colour, symbol = BADGE[person.stance]
        paths.append(Path(disc.vertices + (x, y), disc.codes))
        fills.append(DEPARTED_FILL if person.departed else colour)
        ids.append(box.person_id)
        stances.append(person.stance)
        prop = font(8.5, "bold")
        labels.add(x - labels.fonts.width(symbol, prop) / 2, y, symbol, prop, "#ffffff", (box.person_id, len(SLOTS)))
    if not paths:
        return None
    collection = PathCollection(paths, facecolors=fills, edgecolors="#ffffff", linewidths=0.8, antialiaseds=True,
                                zorder=2.5, sketch_params=None, gid="badges")
    collection.person_ids, collection.stances = tuple(ids), tuple(stances)  # whose badge is which, for readers
    return collection


def _texts(labels: Labels, fonts: Fonts, box: Box, person: MapPerson, words: MapWords) -> None:
    """One person's four lines: name (with the departed mark), title, role and our holders."""
    departed = person.departed
    room = box.w - 2 * PAD
    name = clean(person.name)
    if departed:  # shorten the name, never the mark
        mark = " " + words.left
        name = fonts.fit(name, font(*SLOTS[0]), room - fonts.width(mark, font(*SLOTS[0]))) + mark
    role = (person.role or "").strip().lower()
    values = (name, clean(person.title), words.role(role), holders_text(person.holders, words))
    colours = (INK, INK, BLOCKER_INK if role == "blocker" else ROLE_INK, HOLDER_INK)
    step = (box.h - 2 * PAD) / len(SLOTS)
    for slot, (value, colour, spec) in enumerate(zip(values, colours, SLOTS)):
        if value:  # an empty slot keeps its place, so every box reads the same way
            prop = font(*spec)
            space = room - (2 * BADGE_R + 0.05 if slot < 2 and person.stance in BADGE else 0)  # clear of the badge
            labels.add(box.x + PAD, box.y + PAD + (slot + 0.5) * step, fonts.fit(value, prop, space), prop,
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


def _header(figure: Figure, fonts: Fonts, account_name: str, words: MapWords, stances: bool = False) -> None:
    """Title with the account name, then a legend row drawn by hand so every label is literal text."""
    width, height = figure.get_size_inches()
    title_font, label_font, bold = font(15, "bold"), font(9), font(9, "bold")
    title = fonts.fit(f"{words.title}: {account_name}", title_font, width - 2 * MARGIN)
    _text(figure, MARGIN / width, 1 - 0.38 / height, title, title_font)
    y = 1 - 0.8 / height
    heading, entries = _legend(words)
    _text(figure, MARGIN / width, y, heading, bold)
    x = MARGIN + fonts.width(heading, bold) + 0.15
    for colour, style, text in entries:
        figure.add_artist(Rectangle(
            (x / width, y - 0.09 / height), 0.3 / width, 0.18 / height, transform=figure.transFigure,
            facecolor=colour, edgecolor=BORDER_INK, linewidth=0.9, linestyle=style, sketch_params=None,
        ))
        _text(figure, (x + 0.38) / width, y, text, label_font)
        x += 0.38 + fonts.width(text, label_font) + 0.28
    if not stances:
        return
    y = 1 - (0.8 + STANCE_ROW) / height
    heading, entries, last = _stance_legend(words)
    _text(figure, MARGIN / width, y, heading, bold)
    x = MARGIN + fonts.width(heading, bold) + 0.15
    for colour, symbol, text in entries:
        figure.add_artist(Ellipse(((x + 0.1) / width, y), 0.2 / width, 0.2 / height, transform=figure.transFigure,
                                  facecolor=colour, edgecolor="white", linewidth=0.6, sketch_params=None))
        _text(figure, (x + 0.1) / width, y, symbol, font(8, "bold"), ha="center", color="#ffffff")
        _text(figure, (x + 0.28) / width, y, text, label_font)
        x += 0.28 + fonts.width(text, label_font) + 0.28
    _text(figure, x / width, y, last, label_font)


def _legend(words: MapWords) -> tuple[str, list[tuple[str, object, str]]]:
    """The legend heading and its (fill, line style, label) entries, in the words given."""
    entries = [(FILL[s], "solid", words.band(s)) for s in STRENGTHS]
    entries.append((DEPARTED_FILL, (0, (3, 2)), words.departed))
    return words.legend + ":", [(c, style, t[:1].upper() + t[1:]) for c, style, t in entries]


def _stance_legend(words: MapWords) -> tuple[str, list[tuple[str, str, str]], str]:
    """The stance row: heading, a (colour, symbol, label) per stance, and the influence note."""
    return (words.stance_legend + ":", [(BADGE[s][0], BADGE[s][1], words.stance(s)) for s in STANCES],
            words.influence_legend)


def _legend_width(words: MapWords, stances: bool = False) -> float:
    """Inches the legend rows need (measured at full dpi before the figure exists, with 5 % to spare)."""
    fonts, (heading, entries) = Fonts(BASE_DPI), _legend(words)
    width = fonts.width(heading, font(9, "bold")) + 0.15 + sum(0.66 + fonts.width(t, font(9)) for _, _, t in entries)
    if stances:
        heading, rows, last = _stance_legend(words)
        width = max(width, fonts.width(heading, font(9, "bold")) + 0.15 + fonts.width(last, font(9))
                    + sum(0.56 + fonts.width(t, font(9)) for _, _, t in rows))
    return 2 * MARGIN + 1.05 * width


def _text(figure: Figure, x: float, y: float, value: str, prop: FontProperties, **kw) -> None:
    """Literal figure text: no mathtext, no TeX, whatever the global rcParams say."""
    kw.setdefault("ha", "left")
    kw.setdefault("color", INK)
    figure.text(x, y, value, fontproperties=prop, va="center", parse_math=False, usetex=False, antialiased=True, **kw)
