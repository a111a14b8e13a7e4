"""The account map's input (MapPerson), its geometry (Box, Edge, MapLayout), forest and labels."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

from kambot.orgmap.words import MapWords

STRENGTHS = ("strong", "medium", "weak", "none")
STANCES = ("mentor", "supporter", "neutral", "non_supporter", "detractor")
INFLUENCES = ("high", "medium", "low")

@dataclass(frozen=True)
class MapPerson:
    """One contact at the customer, as the map needs it."""

    id: int
    name: str
    title: str | None
    role: str | None  # decision_maker, economic_buyer, champion, technical_buyer, influencer, user, blocker
    reports_to: int | None  # manager id; unknown ids make a root, cycles are broken
    status: str  # "active" | "left"
    strength: str  # "strong" | "medium" | "weak" | "none"
    holders: tuple[str, ...]  # display names of OUR people who hold the relationship
    stance: str | None = None  # one of STANCES: a badge on the box
    influence: str | None = None  # one of INFLUENCES: the box's border (thick for high)

    @property
    def departed(self) -> bool:
        """True when the person has left the customer."""
        return (self.status or "").strip().lower() == "left"

    @property
    def band(self) -> str:
        """The strength as one of STRENGTHS (anything unexpected counts as "none")."""
        value = (self.strength or "").strip().lower()
        return value if value in STRENGTHS else "none"


@dataclass(frozen=True)
class Box:
    """Where one person is drawn: top-left corner (y grows downward), width and height in inches."""

    person_id: int
    x: float
    y: float
    w: float
    h: float
    departed: bool = False

    def overlaps(self, other: "Box") -> bool:
        """True when the two rectangles share interior area (touching edges do not count)."""
        return (
            self.x < other.x + other.w
            and other.x < self.x + self.w
            and self.y < other.y + other.h
            and other.y < self.y + self.h
        )


@dataclass(frozen=True)
class Edge:
    """A reporting line: an orthogonal polyline from the manager's box to the report's box."""

    parent_id: int
    child_id: int
    points: tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class MapLayout:
    """Everything needed to draw the map; pure data, in inches, y downward."""

    account_name: str
    boxes: tuple[Box, ...]
    edges: tuple[Edge, ...]
    width: float
    height: float
    roots: tuple[int, ...]
    broken: tuple[int, ...]  # people whose reports_to closed a cycle and was ignored

    def box(self, person_id: int) -> Box:
        """The box of one person (KeyError when not on the map)."""
        for box in self.boxes:
            if box.person_id == person_id:
                return box
        raise KeyError(person_id)


@dataclass(frozen=True)
class Forest:
    """The reporting forest: roots and children in input order, with broken cycle links."""

    roots: tuple[int, ...]
    children: dict[int, tuple[int, ...]]
    broken: tuple[int, ...]


def build_forest(people: Sequence[MapPerson]) -> Forest:
    """Turn reports_to links into a forest: unknown managers make roots, each cycle loses one link."""
    order = {p.id: i for i, p in enumerate(people)}
    if len(order) != len(people):
        raise ValueError("duplicate person ids on the account map")
    parent = {
        p.id: p.reports_to if p.reports_to in order and p.reports_to != p.id else None for p in people
    }
    broken: list[int] = []
    done: set[int] = set()
    for person in people:
        path: list[int] = []
        on_path: set[int] = set()
        node: int | None = person.id
        while node is not None and node not in done and node not in on_path:
            path.append(node)
            on_path.add(node)
            node = parent[node]
        if node is not None and node in on_path:
            cycle = path[path.index(node):]
            # Cut at the person listed first, so the same data always gives the same picture.
            cut = min(cycle, key=order.__getitem__)
            parent[cut] = None
            broken.append(cut)
        done.update(path)
    children: dict[int, list[int]] = {p.id: [] for p in people}
    roots: list[int] = []
    for person in people:
        boss = parent[person.id]
        (roots if boss is None else children[boss]).append(person.id)
    return Forest(tuple(roots), {k: tuple(v) for k, v in children.items()}, tuple(broken))


def clean(text: str | None) -> str:
    """One line of text: newlines and runs of spaces collapsed, None as ''."""
    return " ".join((text or "").split())


def holders_text(holders: Iterable[str], words: MapWords) -> str:
    """'ours: Ana, Ben' / 'nuestros: Ana, Ben' ('—' when nobody on our side holds it)."""
    names = ", ".join(n for n in (clean(h) for h in holders) if n) or words.nobody
    return f"{words.ours}: {names}"
