"""The PNG: valid, sensibly sized, coloured by strength, literal text that fits, safe in threads."""
from __future__ import annotations

import io
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import matplotlib
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from kambot.core.map_words import map_words
from kambot.orgmap import MapTooLarge, layout, render_png
from kambot.orgmap.png import BADGE, DEPARTED_FILL, ELLIPSIS, FILL, build_figure
from kambot.testing.people_gen import deep_chain, make_people, person, wide_flat

EN = map_words("en")

# What other code in the same process might set globally; none of it may change our picture.
FOREIGN_RC = {
    "figure.facecolor": "black", "axes.facecolor": "red", "figure.constrained_layout.use": True,
    "font.size": 30, "font.family": "serif", "text.color": "red", "text.antialiased": False,
    "lines.linewidth": 8, "patch.linewidth": 5, "path.sketch": (3, 10, 1), "figure.dpi": 300,
    "savefig.dpi": 50, "savefig.bbox": "tight", "savefig.facecolor": "blue",
}

TRIO = [
    person(1, name="Marta Gómez", title="CFO", role="decision_maker", strength="strong", holders=("Ana", "Ben")),
    person(2, 1, name="Luis Peña", title="Buyer", role="champion", strength="medium"),
    person(3, 1, name="Old Timer", title="VP", role="blocker", strength="strong", status="left"),
]


def _open(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    image.load()  # decodes every row: a truncated or corrupt file raises here
    return image


@pytest.mark.parametrize("n", [3, 30, 150])
def test_png_is_valid_and_sensibly_sized(n):
    image = _open(render_png(make_people(n), account_name="Acme", words=map_words("en")))
    assert image.format == "PNG"
    width, height = image.size
    assert 400 <= width <= 4000 and 300 <= height <= 4000


@pytest.mark.parametrize("n", [30, 150])
def test_text_stays_big_enough_to_read(n):
    figure = build_figure(make_people(n), account_name="Acme", words=EN)
    assert figure.dpi >= 90  # 7.5 pt at 90 dpi is about 9 px


def test_fill_colour_follows_strength_and_departure():
    people = [person(1, strength="strong"), person(2, 1, strength="medium"), person(3, 1, strength="weak"),
              person(4, 1, strength="none"), person(5, 1, strength="strong", status="left")]
    pixels = np.asarray(_open(render_png(people, account_name="Acme", words=EN)).convert("RGB")).reshape(-1, 3)

    def count(hex_colour: str) -> int:
        rgb = np.array([int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)])
        return int((pixels == rgb).all(axis=1).sum())

    box_px = 2.3 * 0.95 * 110 * 110
    # Exactly one box of each colour: the departed strong contact is grey, not a second green box.
    for colour in (FILL["strong"], FILL["medium"], FILL["weak"], FILL["none"], DEPARTED_FILL):
        assert 0.6 * box_px < count(colour) < 1.4 * box_px, colour


def _labels(figure):
    (artist,) = figure.findobj(lambda a: a.get_gid() == "labels")
    return artist.items


def test_every_box_shows_name_title_role_and_holders():
    texts = {tag: text for _, _, text, _, _, tag in _labels(build_figure(TRIO, account_name="Acme", words=EN))}
    assert texts[(1, 0)] == "Marta Gómez" and texts[(1, 1)] == "CFO"
    assert texts[(1, 2)] == "Decision maker" and texts[(1, 3)] == "ours: Ana, Ben"
    assert texts[(2, 3)] == "ours: —"
    assert texts[(3, 0)] == "Old Timer (left)"


def test_departed_box_is_dashed_and_others_are_solid():
    (boxes,) = build_figure(TRIO, account_name="Acme", words=EN).findobj(lambda a: a.get_gid() == "boxes")
    dashes = dict(zip(boxes.person_ids, (seq for _, seq in boxes.get_linestyle())))
    assert dashes[3] and dashes[1] is None and dashes[2] is None  # None: a solid line


def test_every_box_has_its_text_inked_inside_it():
    people = make_people(30)
    pixels = np.asarray(_open(render_png(people, account_name="Acme", words=EN)).convert("RGB")).astype(int)
    figure = build_figure(people, account_name="Acme", words=EN)
    to_px = figure.axes[0].transData
    for box in layout(people, account_name="Acme").boxes:
        (x0, y1), (x1, y0) = to_px.transform([(box.x, box.y), (box.x + box.w, box.y + box.h)])
        top, bottom = pixels.shape[0] - int(y1), pixels.shape[0] - int(y0)
        inside = pixels[top + 4:bottom - 4, int(x0) + 4:int(x1) - 4]
        # Text is the only thing darker than the fills and borders inside a box.
        assert (inside.sum(axis=2) < 3 * 0x60).sum() > 30, box.person_id


def test_spanish_labels():
    figure = build_figure(TRIO, account_name="Acme", words=map_words("es"))
    texts = {tag: text for _, _, text, _, _, tag in _labels(figure)}
    assert texts[(1, 2)] == "Decisor" and texts[(2, 2)] == "Campeón"
    assert texts[(1, 3)] == "nuestros: Ana, Ben" and texts[(3, 0)] == "Old Timer (se fue)"
    header = [t.get_text() for t in figure.texts]
    assert "Mapa de la cuenta: Acme" in header and "Dejó la empresa" in header and "Fuerte" in header


def test_long_text_is_cut_with_an_ellipsis_and_fits_its_box():
    people = make_people(150)
    people[0] = person(1, name="Maximiliana Concepción de la Santísima Trinidad Fernández-Villaverde",
                       title="Senior Vice President, Global Procurement, Supply Chain and Risk", status="left")
    figure = build_figure(people, account_name="Acme", words=EN)
    plan = layout(people, account_name="Acme")
    renderer = FigureCanvasAgg(Figure(dpi=figure.dpi)).get_renderer()  # an independent measure
    cut, names = [], {}
    for x, middle, text, prop, _, (pid, slot) in _labels(figure):
        if slot == 0:
            names[pid] = text
        box = plan.box(pid)
        width = renderer.get_text_width_height_descent(text, prop, ismath=False)[0] / figure.dpi
        assert box.x < x and x + width <= box.x + box.w - 0.03, (pid, slot, text)
        assert box.y < middle < box.y + box.h
        if ELLIPSIS in text:
            cut.append(text)
    assert names[1].startswith("Maximiliana Conc") and names[1].endswith(ELLIPSIS + " (left)")
    assert any(t.startswith("Senior Vice President") and t.endswith(ELLIPSIS) for t in cut)


def test_dollar_signs_are_literal_even_with_tex_switched_on():
    people = [person(1, name="Bob $\\frac{Tables$", title="$5M budget $owner$")]
    with matplotlib.rc_context({"text.usetex": True, "font.family": "serif"}):
        figure = build_figure(people, account_name="Costs $\\alpha$ & co", words=EN)
        png = render_png(people, account_name="Costs $\\alpha$ & co", words=EN)  # no TeX installed: would raise
    assert _open(png).format == "PNG"
    texts = [t[2] for t in _labels(figure)]
    assert "Bob $\\frac{Tables$" in texts and "$5M budget $owner$" in texts
    assert "Account map: Costs $\\alpha$ & co" in [t.get_text() for t in figure.texts]


def test_global_rcparams_set_elsewhere_change_nothing():
    people = make_people(30)
    alone = render_png(people, account_name="Acme", words=EN)
    with matplotlib.rc_context(FOREIGN_RC):
        assert render_png(people, account_name="Acme", words=EN) == alone


def test_a_map_too_big_to_read_is_refused_not_shrunk_to_dust():
    assert _open(render_png(deep_chain(40), account_name="Acme", words=EN)).size[1] <= 4000
    with pytest.raises(MapTooLarge):
        render_png(deep_chain(300), account_name="Acme", words=EN)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_title_and_legend_stay_inside_even_a_tiny_picture(lang):
    long_name = "A very long account name that keeps going, Sociedad Anónima de Capital Variable"
    figure = build_figure([person(1)], account_name=long_name, words=map_words(lang))
    renderer = figure.canvas.get_renderer()
    right = figure.bbox.width - 0.2 * figure.dpi
    for artist in list(figure.texts) + list(figure.artists):
        assert artist.get_window_extent(renderer).x1 <= right, getattr(artist, "get_text", lambda: artist)()
    assert figure.texts[0].get_text().endswith(ELLIPSIS)


def test_empty_map_still_renders():
    image = _open(render_png([], account_name="Nobody Inc", words=map_words("es")))
    assert image.size[0] >= 400 and image.size[1] >= 300


def test_renders_are_identical_across_threads():
    people = wide_flat(40)
    alone = render_png(people, account_name="Acme", words=EN)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_png(people, account_name="Acme", words=EN), range(4)))
    assert all(r == alone for r in results)


def test_pyplot_is_never_imported_and_matplotlib_only_when_drawing():
    code = (
        "import sys\n"
        "from kambot.core.map_words import map_words\n"
        "from kambot.orgmap import layout, text_tree\n"
        "from kambot.testing.people_gen import make_people\n"
        "text_tree(make_people(12), words=map_words('en')); layout(make_people(12), account_name='A')\n"
        "assert 'matplotlib' not in sys.modules, 'the text tree should not pay for matplotlib'\n"
        "from kambot.orgmap import render_png\n"
        "render_png(make_people(12), account_name='A', words=map_words('en'))\n"
        "assert 'matplotlib' in sys.modules and 'matplotlib.pyplot' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).resolve().parents[2])


# --- stance and influence ------------------------------------------------------------------------------

STANCED = [
    person(1, name="Marta Gómez", role="decision_maker", strength="strong", stance="supporter", influence="high"),
    person(2, 1, name="Luis Peña", role="champion", stance="mentor", influence="medium"),
    person(3, 1, name="Dora Díaz", stance="detractor", influence="low"),
    person(4, 1, name="No Stance"),
]


def _stance_texts(figure):
    return {tag: text for _, _, text, _, _, tag in _labels(figure)}


def test_a_stance_is_a_badge_and_high_influence_a_thick_border():
    figure = build_figure(STANCED, account_name="Acme", words=EN)
    (badges,) = figure.findobj(lambda a: a.get_gid() == "badges")
    assert dict(zip(badges.person_ids, badges.stances)) == {1: "supporter", 2: "mentor", 3: "detractor"}
    plan = layout(STANCED, account_name="Acme")
    for pid, path in zip(badges.person_ids, badges.get_paths()):
        box = plan.box(pid)  # the badge sits inside its person's box, top right
        (x0, y0), (x1, y1) = path.get_extents().get_points()
        assert box.x + box.w / 2 < x0 and x1 <= box.x + box.w and box.y <= y0 and y1 < box.y + box.h / 2
    texts = _stance_texts(figure)
    assert (texts[(1, 4)], texts[(2, 4)], texts[(3, 4)]) == (BADGE["supporter"][1], "★", "×") and (4, 4) not in texts
    (boxes,) = figure.findobj(lambda a: a.get_gid() == "boxes")
    widths = dict(zip(boxes.person_ids, boxes.get_linewidths()))
    assert widths[1] > widths[2] > widths[3] == widths[4]
    header = [t.get_text() for t in figure.texts]
    assert "Stance:" in header and "Supporter" in header and "Non-supporter" in header
    assert "Thick border: high influence" in header
    pixels = np.asarray(_open(render_png(STANCED, account_name="Acme", words=EN)).convert("RGB")).reshape(-1, 3)
    red = np.array([int(BADGE["detractor"][0][i:i + 2], 16) for i in (1, 3, 5)])
    assert (pixels == red).all(axis=1).sum() > 50  # the detractor's badge and its legend entry are drawn


def test_stance_legend_in_spanish_and_only_when_someone_has_one():
    header = [t.get_text() for t in build_figure(STANCED, account_name="Acme", words=map_words("es")).texts]
    assert "Postura:" in header and "Partidario" in header and "No partidario" in header
    assert "Borde grueso: influencia alta" in header
    plain = build_figure(TRIO, account_name="Acme", words=EN)
    assert not plain.findobj(lambda a: a.get_gid() == "badges")
    assert "Stance:" not in [t.get_text() for t in plain.texts]
