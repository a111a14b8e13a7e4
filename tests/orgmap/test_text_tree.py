"""The text tree: exact shape, every name once, departed marked, en/es words, deep and cyclic input."""
from __future__ import annotations

import re
from dataclasses import replace

from kambot.core.map_words import map_words
from kambot.orgmap import text_tree
from kambot.testing.people_gen import OUTSIDE, deep_chain, make_people, person

EN = map_words("en")

SMALL = [
    person(1, name="Marta Gómez", title="CEO", role="decision_maker", strength="strong", holders=("Ana", "Ben")),
    person(2, 1, name="Luis Peña", title="CFO", role="economic_buyer", strength="medium", holders=("Ana",)),
    person(3, 2, name="Rosa Díaz", role="user", strength="weak"),
    person(4, 1, name="Old Timer", title="CTO", role="blocker", status="left"),
    person(5, OUTSIDE, name="Someone Else", title="Board member", strength="weak", holders=("Ben",)),
]


def test_exact_tree_in_english():
    assert text_tree(SMALL, words=map_words("en")) == "\n".join([
        "Marta Gómez — CEO · Decision maker · strong · ours: Ana, Ben",
        "├── Luis Peña — CFO · Economic buyer · medium · ours: Ana",
        "│   └── Rosa Díaz · User · weak · ours: —",
        "└── Old Timer (left) — CTO · Blocker · no relationship · ours: —",
        "Someone Else — Board member · weak · ours: Ben",
    ])


def test_exact_tree_in_spanish():
    assert text_tree(SMALL, words=map_words("es")) == "\n".join([
        "Marta Gómez — CEO · Decisor · fuerte · nuestros: Ana, Ben",
        "├── Luis Peña — CFO · Comprador económico · media · nuestros: Ana",
        "│   └── Rosa Díaz · Usuario · débil · nuestros: —",
        "└── Old Timer (se fue) — CTO · Bloqueador · sin relación · nuestros: —",
        "Someone Else — Board member · débil · nuestros: Ben",
    ])


def test_every_name_once_and_departed_marked_for_150_people():
    people = [replace(p, name=f"{p.name} #{p.id}") for p in make_people(150)]  # names made unique
    lines = text_tree(people, words=EN).splitlines()
    shown = [int(m.group(1)) for line in lines for m in re.finditer(r"#(\d+)\b", line)]
    assert sorted(shown) == sorted(p.id for p in people)
    marked = {int(m.group(1)) for line in lines for m in re.finditer(r"#(\d+) \(left\)", line)}
    assert marked == {p.id for p in people if p.departed} and marked


def test_a_cycle_prints_everyone_once():
    people = [person(1, 3, name="A"), person(2, 1, name="B"), person(3, 2, name="C")]
    assert text_tree(people, words=EN) == "A · no relationship · ours: —\n└── B · no relationship · ours: —\n" \
        "    └── C · no relationship · ours: —"


def test_a_very_deep_chain_does_not_overflow():
    lines = text_tree(deep_chain(3000), words=EN).splitlines()
    assert len(lines) == 3000 and lines[-1].endswith("Level 3000 · no relationship · ours: —")


def test_line_breaks_in_names_cannot_break_the_tree():
    assert text_tree([person(1, name="Ana\nBelén", title="Head of\n  IT")], words=EN) == \
        "Ana Belén — Head of IT · no relationship · ours: —"


def test_no_people_gives_an_empty_tree():
    assert text_tree([], words=EN) == ""
