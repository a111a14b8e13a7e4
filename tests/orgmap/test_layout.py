"""The layout places everyone once, never overlaps, routes lines around boxes and stays near 3:2."""
from __future__ import annotations

import itertools

import pytest

from kambot.orgmap import layout
from kambot.orgmap.layout import BOX_W
from kambot.orgmap.model import build_forest
from kambot.testing.people_gen import OUTSIDE, deep_chain, loners, make_people, person, wide_flat

SCENARIOS = {
    "3": make_people(3),
    "30": make_people(30),
    "150": make_people(150),
    "150-other-seed": make_people(150, seed=99),
    "wide-flat-60": wide_flat(60),
    "wide-flat-149": wide_flat(149),
    "deep-chain-40": deep_chain(40),
    "loners-40": loners(40),
    "cycle-only": [person(1, 3), person(2, 1), person(3, 2), person(4, OUTSIDE)],
}


@pytest.fixture(scope="module", params=sorted(SCENARIOS))
def case(request):
    people = SCENARIOS[request.param]
    return people, layout(people, account_name="Acme")


def test_every_person_is_placed_exactly_once(case):
    people, plan = case
    assert sorted(b.person_id for b in plan.boxes) == sorted(p.id for p in people)


def test_no_two_boxes_overlap(case):
    _, plan = case
    clashes = [(a.person_id, b.person_id) for a, b in itertools.combinations(plan.boxes, 2) if a.overlaps(b)]
    assert clashes == []


def test_boxes_stay_inside_the_drawing(case):
    _, plan = case
    for b in plan.boxes:
        assert b.x >= -1e-9 and b.y >= -1e-9
        assert b.x + b.w <= plan.width + 1e-9 and b.y + b.h <= plan.height + 1e-9


def test_departed_people_are_flagged(case):
    people, plan = case
    assert {b.person_id for b in plan.boxes if b.departed} == {p.id for p in people if p.departed}


def test_one_line_per_reporting_link(case):
    people, plan = case
    forest = build_forest(people)
    expected = sorted((boss, kid) for boss, kids in forest.children.items() for kid in kids)
    assert sorted((e.parent_id, e.child_id) for e in plan.edges) == expected


def test_lines_leave_the_manager_and_reach_the_report(case):
    _, plan = case
    for edge in plan.edges:
        boss, kid = plan.box(edge.parent_id), plan.box(edge.child_id)
        (x0, y0), (x1, y1) = edge.points[0], edge.points[-1]
        assert y0 == pytest.approx(boss.y + boss.h) and boss.x < x0 < boss.x + boss.w
        on_top = y1 == pytest.approx(kid.y) and kid.x < x1 < kid.x + kid.w
        on_left = x1 == pytest.approx(kid.x) and kid.y < y1 < kid.y + kid.h
        assert on_top or on_left, edge


def test_lines_are_orthogonal_and_never_cross_a_box(case):
    _, plan = case
    for edge in plan.edges:
        for (x1, y1), (x2, y2) in zip(edge.points, edge.points[1:]):
            assert x1 == x2 or y1 == y2, edge
            for b in plan.boxes:
                inside_x = min(x1, x2) < b.x + b.w - 1e-9 and max(x1, x2) > b.x + 1e-9
                inside_y = min(y1, y2) < b.y + b.h - 1e-9 and max(y1, y2) > b.y + 1e-9
                assert not (inside_x and inside_y), (edge, b)


@pytest.mark.parametrize("name", ["150", "150-other-seed", "wide-flat-60", "wide-flat-149", "loners-40", "30"])
def test_shape_stays_reasonable(name):
    plan = layout(SCENARIOS[name], account_name="Acme")
    assert 0.5 <= plan.width / plan.height <= 3.0


def test_a_wide_flat_team_is_not_one_long_strip():
    plan = layout(wide_flat(60), account_name="Acme")
    rows = {round(b.y, 6) for b in plan.boxes}
    assert plan.width < 15 * BOX_W
    assert len(rows) >= 4


def test_a_small_team_sits_centred_under_its_manager():
    plan = layout([person(1), person(2, 1), person(3, 1)], account_name="Acme")
    boss, a, b = plan.box(1), plan.box(2), plan.box(3)
    assert a.y == b.y > boss.y + boss.h
    assert boss.x + boss.w / 2 == pytest.approx((a.x + b.x + a.w) / 2)


def test_layout_is_deterministic():
    people = make_people(150)
    assert layout(people, account_name="A") == layout(list(people), account_name="A")


def test_no_people_gives_an_empty_layout():
    plan = layout([], account_name="Acme")
    assert plan.boxes == () and plan.edges == () and plan.account_name == "Acme"
