"""The account map as an indented text tree (├── / └──) for terminals and Slack code blocks."""
from __future__ import annotations

from typing import Sequence

from kambot.orgmap.model import MapPerson, build_forest, clean, holders_text
from kambot.orgmap.words import MapWords


def text_tree(people: Sequence[MapPerson], *, words: MapWords) -> str:
    """One line per person under their manager; plain text (escape it before putting it in mrkdwn)."""
    forest = build_forest(people)
    by_id = {p.id: p for p in people}
    lines: list[str] = []
    # (person, prefix for their line, prefix for their reports); a stack, so deep chains cannot overflow.
    stack = [(root, "", "") for root in reversed(forest.roots)]
    while stack:
        pid, lead, indent = stack.pop()
        lines.append(lead + _line(by_id[pid], words))
        kids = forest.children[pid]
        for i, kid in reversed(list(enumerate(kids))):
            last = i == len(kids) - 1
            branch, trunk = ("└── ", "    ") if last else ("├── ", "│   ")
            stack.append((kid, indent + branch, indent + trunk))
    return "\n".join(lines)


def _line(person: MapPerson, words: MapWords) -> str:
    """'Ana Ruiz (left) — CFO · Decision maker · Supporter · high influence · strong · ours: Ben' with empty parts left out."""
    name = clean(person.name) or "?"
    if person.departed:
        name += " " + words.left
    title = clean(person.title)
    head = f"{name} — {title}" if title else name
    role = words.role(person.role)
    parts = [head, role, words.stance(person.stance), words.influence(person.influence), words.band(person.band),
             holders_text(person.holders, words)]
    return " · ".join(p for p in parts if p)
