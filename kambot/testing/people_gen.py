"""Deterministic realistic account maps for tests and the benchmark (wide team, chain, cycle...)."""
from __future__ import annotations

import random

from kambot.orgmap.model import MapPerson

OUTSIDE = 10**6  # a reports_to id that is not on the map
ROLES = ("decision_maker", "economic_buyer", "champion", "technical_buyer", "influencer", "user", "blocker")
FIRST = ("María", "José", "Ana", "Luis", "Carmen", "Jorge", "Lucía", "Pedro", "Elena", "Raúl", "Sofía",
         "Tomás", "Inés", "Diego", "Paula", "Íñigo", "Noa", "Chen", "Priya", "Olu", "Kai", "Zoë")
LAST = ("García", "Núñez", "López", "Martín", "O'Brien", "Fernández-Villaverde", "Ruiz", "Sato", "Kowalski",
        "Ibáñez", "Okafor", "Dubois", "Schmidt", "Ng", "Álvarez de Toledo y Mendoza", "Petrov")
TITLES = {
    0: ("Chief Executive Officer", "Managing Director", "Director General"),
    1: ("VP Procurement", "Chief Financial Officer", "CTO", "VP Operations", "Chief Information Officer"),
    2: ("Director of IT Infrastructure", "Head of Strategic Sourcing", "Finance Director", "Plant Manager"),
    3: ("Category Manager", "Senior Buyer", "IT Architect", "Controller", "Project Manager", "Analyst",
        "Senior Manager, Global Procurement Excellence and Supplier Risk (EMEA & LATAM)"),
}
HOLDERS = ("Ana", "Ben", "Carla", "Dev", "Émile")


def make_people(n: int, seed: int = 7) -> list[MapPerson]:
    """n people: a CEO tree with VPs/directors/ICs, a wide flat team, a deep chain, extra roots, a cycle."""
    rng = random.Random(seed)
    links: list[tuple[int | None, int]] = []  # (reports_to, level) per person, id = index + 1

    def add(boss: int | None, level: int) -> int:
        links.append((boss, level))
        return len(links)

    if n < 8:
        ceo = add(None, 0)
        while len(links) < n:
            add(rng.randint(ceo, len(links)), 3)
        return [_person(i + 1, b, lvl, rng) for i, (b, lvl) in enumerate(links)]
    ceo = add(None, 0)
    wide_boss = add(ceo, 1)
    for _ in range(min(60, max(6, n * 2 // 5))):  # the wide flat team (60 reports at 150 people)
        add(wide_boss, 3)
    boss = ceo
    for depth in range(min(8, max(3, n // 12))):  # a deep chain of single reports
        boss = add(boss, min(depth + 1, 3))
    first = add(None, 2)  # a cycle of three: first -> third -> second -> first
    second = add(first, 2)
    third = add(second, 2)
    links[first - 1] = (third, 2)
    add(second, 3)
    outsider = add(OUTSIDE, 2)  # their manager is not on the map
    add(outsider, 3)
    add(None, 1)  # someone nobody reports to, with no manager either
    vps: list[int] = []
    directors: list[int] = []
    second_root = None
    while len(links) < n:
        roll = rng.random()
        if second_root is None and len(links) > n // 2:
            second_root = add(None, 0)  # a separate subsidiary with its own tree
            vps.append(second_root)
        elif not vps or (roll < 0.08 and len(vps) < 6):
            vps.append(add(ceo, 1))
        elif not directors or roll < 0.3:
            directors.append(add(rng.choice(vps), 2))
        else:
            add(rng.choice(directors), 3)
    return [_person(i + 1, b, lvl, rng) for i, (b, lvl) in enumerate(links[:n])]


def _person(pid: int, boss: int | None, level: int, rng: random.Random) -> MapPerson:
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    if pid % 37 == 5:
        name = "Bob $\\frac{Tables$ Ünal"  # mathtext would choke on this if it were parsed
    return MapPerson(
        id=pid,
        name=name,
        title=rng.choice(TITLES[level]) if rng.random() > 0.08 else None,
        role=rng.choice(ROLES) if rng.random() > 0.3 else None,
        reports_to=boss,
        status="left" if pid % 9 == 3 else "active",
        strength=rng.choice(("strong", "medium", "weak", "none")),
        holders=tuple(rng.sample(HOLDERS, rng.choice((0, 1, 1, 2, 3)))),
    )


def person(pid: int, boss: int | None = None, **fields) -> MapPerson:
    """A hand-written person with plain defaults, for small exact tests."""
    values = dict(name=f"Person {pid}", title=None, role=None, status="active", strength="none", holders=())
    values.update(fields)
    return MapPerson(id=pid, reports_to=boss, **values)


def wide_flat(reports: int) -> list[MapPerson]:
    """One manager with many direct reports and nobody below them."""
    return [person(1, name="Boss")] + [person(i, 1, name=f"Report {i}") for i in range(2, reports + 2)]


def deep_chain(depth: int) -> list[MapPerson]:
    """Each person reports to the previous one."""
    return [person(i, i - 1 if i > 1 else None, name=f"Level {i}") for i in range(1, depth + 1)]


def loners(count: int) -> list[MapPerson]:
    """People with no manager and no reports (contacts whose place in the org is unknown)."""
    return [person(i, None, name=f"Loner {i}") for i in range(1, count + 1)]
