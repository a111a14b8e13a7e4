"""A tidy org-chart layout that wraps wide teams into stacked rows so the picture stays near 3:2."""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Sequence

from kambot.orgmap.model import Box, Edge, Forest, MapLayout, MapPerson, build_forest

BOX_W = 2.3  # inches at 100 % scale; the renderer draws one layout unit as one inch
BOX_H = 0.95
H_GAP = 0.3  # between neighbouring subtrees
V_GAP = 0.6  # manager to a single row of reports: room for the bus line
T_GAP = 0.4  # between stacked rows of reports: room for each row's bus line
S_GAP = 0.22  # between boxes hanging in one column
INDENT = 0.4  # lane left of stacked rows where the trunk line runs
ROOT_GAP = 0.8  # between rows of separate trees
ASPECT = 1.5  # target width / height of the whole picture (Slack's viewer is landscape)
FRAME = (0.6, 1.6)  # what the renderer adds around the layout (margins, title, legend)
SLACK = 1.05  # candidates this close to the best aspect compete on area instead

_WIDTHS = (1, 2, 3, 4, 5, 6, 7, 8, 10, 12, 14, 16, 20, 24, 30, 40, 60, 10**6)  # in boxes
_CAPS = (1, 2, 3, 4, 5, 6, 8, 10, 12, 16, 10**6)  # most leaf reports in a row / leaf columns


@dataclass
class _Block:
    """A laid-out subtree in its own coordinates; the root box sits at (root_x, 0)."""

    pid: int | None
    w: float
    h: float
    root_x: float = 0.0
    parts: list[tuple["_Block", float, float]] = field(default_factory=list)
    trunk: float = 0.0  # x where lines leave the root box (its centre, or the side trunk)
    style: str = "row"  # row: one centred row | hang: leaf columns | comb: stacked rows

    @property
    def anchor(self) -> float:
        """x of the root box centre, where the incoming line lands."""
        return self.root_x + BOX_W / 2


def layout(people: Sequence[MapPerson], *, account_name: str) -> MapLayout:
    """Place every person once, trees side by side, big teams wrapped; pure and deterministic."""
    forest = build_forest(people)
    departed = {p.id for p in people if p.departed}
    if not people:
        return MapLayout(account_name, (), (), 0.0, 0.0, (), ())
    best = _choose(forest)
    boxes: list[Box] = []
    edges: list[Edge] = []
    stack = [(best, 0.0, 0.0)]
    while stack:
        block, ox, oy = stack.pop()
        if block.pid is not None:
            boxes.append(Box(block.pid, ox + block.root_x, oy, BOX_W, BOX_H, block.pid in departed))
        for kid, kx, ky in block.parts if block.pid is not None else ():
            points = _simplify([(ox + x, oy + y) for x, y in _route(block, kid, kx, ky)])
            edges.append(Edge(block.pid, kid.pid, points))
        stack.extend((part, ox + dx, oy + dy) for part, dx, dy in reversed(block.parts))
    return MapLayout(account_name, tuple(boxes), tuple(edges), best.w, best.h, forest.roots, forest.broken)


def _choose(forest: Forest) -> _Block:
    """Try row widths and leaf caps; keep the most compact picture with a landscape-ish shape."""
    tried: dict[tuple[int, int], _Block] = {}
    plan = _plan(forest)
    teams: dict[tuple, _Block] = {}  # leaf-only teams repeat across tries: lay each shape out once
    for boxes in _WIDTHS:
        for cap in _CAPS:
            key = (boxes, min(cap, boxes))
            if key not in tried:
                tried[key] = _place(forest, plan, boxes * (BOX_W + H_GAP) - H_GAP, key[1], teams)

    def shape(block: _Block) -> float:
        return max((block.w + FRAME[0]) / ASPECT, block.h + FRAME[1])

    limit = min(shape(b) for b in tried.values()) * SLACK
    # Among near-equal shapes, the smallest area wins; ties favour wider rows (the classic look).
    fits = [(b.w * b.h, -k[1], -k[0], b) for k, b in tried.items() if shape(b) <= limit]
    return min(fits, key=lambda t: t[:3])[3]


def _place(forest: Forest, plan: list[tuple[int, list[int]]], wmax: float, cap: int, teams: dict) -> _Block:
    """Lay out the whole forest for one row width and leaf cap (blocks are never changed once built)."""
    blocks: dict[int, _Block] = {}
    for pid, kid_ids in plan:
        kids = [blocks[c] for c in kid_ids]
        if not kids:
            blocks[pid] = _Block(pid, BOX_W, BOX_H)
        elif all(not kid.parts for kid in kids):
            blocks[pid] = _leaf_team(pid, kids, wmax, cap, teams)
        else:
            blocks[pid] = _team(pid, _pack(kids, wmax))
    trees = [blocks[r] for r in _ordered(forest.roots, forest)]
    return _stack_rows(_pack(trees, wmax))


def _plan(forest: Forest) -> list[tuple[int, list[int]]]:
    """Everyone after all their reports, each with reports in drawing order; shared by all tries."""
    order: list[int] = []
    stack = list(forest.roots)
    while stack:  # iterative, so a 1,000-deep chain cannot hit the recursion limit
        pid = stack.pop()
        order.append(pid)
        stack.extend(forest.children[pid])
    return [(pid, _ordered(forest.children[pid], forest)) for pid in reversed(order)]


def _ordered(ids: Sequence[int], forest: Forest) -> list[int]:
    """Managers before individual contributors, so leaves pack together at the end of a row."""
    return [i for i in ids if forest.children[i]] + [i for i in ids if not forest.children[i]]


def _pack(blocks: list[_Block], wmax: float) -> list[list[_Block]]:
    """Split blocks, in order, into rows no wider than wmax (a wider block gets a row of its own)."""
    rows: list[list[_Block]] = [[]]
    width = 0.0
    for block in blocks:
        if rows[-1] and width + H_GAP + block.w > wmax + 1e-9:
            rows.append([])
        width = (width + H_GAP if rows[-1] else 0.0) + block.w
        rows[-1].append(block)
    return rows


def _leaf_team(pid: int, leaves: list[_Block], wmax: float, cap: int, teams: dict) -> _Block:
    """Only individual contributors: one centred row when few, else balanced hanging columns."""
    if len(leaves) <= max(1, min(cap, int((wmax + H_GAP + 1e-9) // (BOX_W + H_GAP)))):
        key: tuple = (pid, 0)
    else:
        fit = int((wmax + H_GAP + 1e-9) // (INDENT + BOX_W + H_GAP))
        depth = math.ceil(len(leaves) / max(1, min(cap, fit, len(leaves))))
        key = (pid, depth)  # 7 people in columns of 4 + 3, not 6 + 1
    if key not in teams:
        teams[key] = _hang(_Block(pid, BOX_W, BOX_H), leaves, key[1]) if key[1] else _team(pid, [leaves])
    return teams[key]


def _team(pid: int, rows: list[list[_Block]]) -> _Block:
    """A manager with reports: one centred row when they fit, else stacked rows off a side trunk."""
    block = _Block(pid, BOX_W, BOX_H)
    if len(rows) > 1:
        return _comb(block, rows)
    kids = rows[0]
    top, x = BOX_H + V_GAP, 0.0
    for kid in kids:
        block.parts.append((kid, x, top))
        x += kid.w + H_GAP
    first, last = block.parts[0], block.parts[-1]
    block.trunk = (first[1] + first[0].anchor + last[1] + last[0].anchor) / 2
    block.root_x = block.trunk - BOX_W / 2
    block.w = max(x - H_GAP, block.root_x + BOX_W)
    block.h = top + max(kid.h for kid in kids)
    return block


def _hang(block: _Block, leaves: list[_Block], depth: int) -> _Block:
    """Individual contributors in columns of depth boxes, each box hanging off its column's spine."""
    cols = math.ceil(len(leaves) / depth)
    top = BOX_H + V_GAP
    for i, leaf in enumerate(leaves):
        col, row = divmod(i, depth)  # column-major: read down, then across
        block.parts.append((leaf, col * (INDENT + BOX_W + H_GAP) + INDENT, top + row * (BOX_H + S_GAP)))
    block.w = cols * (INDENT + BOX_W + H_GAP) - H_GAP
    block.h = top + depth * (BOX_H + S_GAP) - S_GAP
    block.trunk = block.w / 2
    block.root_x = block.trunk - BOX_W / 2
    block.style = "hang"
    return block


def _comb(block: _Block, rows: list[list[_Block]]) -> _Block:
    """Reports too wide for one row: rows stacked under the manager, fed by a trunk on the left."""
    block.trunk, block.style, y = INDENT / 2, "comb", BOX_H + T_GAP
    for row in rows:
        x = INDENT
        for kid in row:
            block.parts.append((kid, x, y))
            x += kid.w + H_GAP
        block.w = max(block.w, x - H_GAP)
        y += max(kid.h for kid in row) + T_GAP
    block.h = y - T_GAP
    return block


def _stack_rows(rows: list[list[_Block]]) -> _Block:
    """Separate trees: rows one under another, each row centred, no lines between them."""
    widths = [sum(b.w for b in row) + H_GAP * (len(row) - 1) for row in rows]
    forest = _Block(None, max(widths), 0.0)
    y = 0.0
    for row, width in zip(rows, widths):
        x = (forest.w - width) / 2
        for block in row:
            forest.parts.append((block, x, y))
            x += block.w + H_GAP
        y += max(b.h for b in row) + ROOT_GAP
    forest.h = y - ROOT_GAP
    return forest


def _route(block: _Block, kid: _Block, kx: float, ky: float) -> list[tuple[float, float]]:
    """The line from a manager to one report, in the manager's block coordinates."""
    start = (block.trunk, BOX_H)
    if block.style == "hang":  # along the bus, down the column spine, into the box's left side
        bar, spine, middle = BOX_H + V_GAP / 2, kx - INDENT / 2, ky + BOX_H / 2
        return [start, (start[0], bar), (spine, bar), (spine, middle), (kx, middle)]
    bar = ky - (T_GAP if block.style == "comb" else V_GAP) / 2
    end = (kx + kid.anchor, ky)
    return [start, (start[0], bar), (end[0], bar), end]


def _simplify(points: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """Drop repeated points and corners that are not corners, so straight drops are one segment."""
    out: list[tuple[float, float]] = []
    for p in points:
        if out and p == out[-1]:
            continue
        if len(out) >= 2 and (out[-2][0] == out[-1][0] == p[0] or out[-2][1] == out[-1][1] == p[1]):
            out[-1] = p
        else:
            out.append(p)
    return tuple(out)
