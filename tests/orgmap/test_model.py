"""The reporting forest (unknown managers, cycles, duplicates) and the map's en/es labels."""
from __future__ import annotations

import pytest

from kambot.core.map_words import map_words
from kambot.orgmap.model import Box, build_forest, holders_text
from kambot.testing.people_gen import OUTSIDE, make_people, person


def test_unknown_manager_and_self_report_become_roots():
    forest = build_forest([person(1), person(2, OUTSIDE), person(3, 3), person(4, 2)])
    assert forest.roots == (1, 2, 3)
    assert forest.children[2] == (4,)
    assert forest.broken == ()


def test_a_cycle_loses_the_link_of_the_person_listed_first():
    people = [person(5, 9), person(7, 5), person(9, 7), person(11, 7)]
    forest = build_forest(people)
    assert forest.broken == (5,)
    assert forest.roots == (5,)
    assert forest.children == {5: (7,), 7: (9, 11), 9: (), 11: ()}


def test_two_separate_cycles_are_both_broken():
    people = [person(1, 2), person(2, 1), person(3, 4), person(4, 3), person(5, 4)]
    assert build_forest(people).broken == (1, 3)


def test_every_person_is_in_the_forest_once():
    people = make_people(150)
    forest = build_forest(people)
    seen = list(forest.roots) + [kid for kids in forest.children.values() for kid in kids]
    assert sorted(seen) == sorted(p.id for p in people)


def test_duplicate_ids_are_refused():
    with pytest.raises(ValueError):
        build_forest([person(1), person(1)])


@pytest.mark.parametrize(
    ("role", "lang", "expected"),
    [("decision_maker", "en", "Decision maker"), ("decision_maker", "es", "Decisor"),
     ("champion", "en", "Champion"), ("champion", "es", "Campeón"), (None, "es", ""),
     ("economic_buyer", "fr", "Economic buyer")],
)
def test_role_labels(role, lang, expected):
    assert map_words(lang).role(role) == expected


def test_strength_and_holder_words():
    assert map_words("es").band("strong") == "fuerte"
    assert map_words("en").band("none") == "no relationship"
    assert holders_text(("Ana", " Ben\n"), map_words("es")) == "nuestros: Ana, Ben"
    assert holders_text((), map_words("en")) == "ours: —"


def test_unexpected_strength_and_status_are_read_safely():
    odd = person(1, strength="STRONG ", status="Left")
    assert odd.band == "strong" and odd.departed
    assert person(2, strength="excellent").band == "none"


def test_box_overlap_ignores_touching_edges():
    a = Box(1, 0, 0, 2, 1)
    assert not a.overlaps(Box(2, 2, 0, 2, 1))
    assert not a.overlaps(Box(3, 0, 1, 2, 1))
    assert a.overlaps(Box(4, 1.9, 0.9, 2, 1))
