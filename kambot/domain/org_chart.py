"""An account's org chart among its active people, and the shortest way through it to someone."""
from __future__ import annotations

from typing import Callable, Sequence

from kambot.domain.recommend_model import Person


class OrgChart:
    """The org chart among active people; a departed manager is skipped over to the next one up."""

    def __init__(self, people: Sequence[Person]) -> None:
        self.by_id = {p.id: p for p in people}
        self.active = {p.id: p for p in people if not p.departed}
        self.manager = {pid: self.active_manager(p) for pid, p in self.active.items()}
        self.neighbours: dict[int, list[int]] = {pid: [] for pid in self.active}
        self.depth = dict.fromkeys(self.active, 0)
        self.reports = dict.fromkeys(self.active, 0)  # everyone below, directly or not
        for pid, boss in self.manager.items():
            if boss is not None and boss != pid:
                self.neighbours[pid].append(boss)
                self.neighbours[boss].append(pid)
            seen = {pid}
            while boss is not None and boss not in seen:  # a cycle in the data must not hang us
                seen.add(boss)
                self.depth[pid] += 1
                self.reports[boss] += 1
                boss = self.manager[boss]

    def active_manager(self, person: Person) -> int | None:
        """The nearest active manager above someone (unknown ids end the chain)."""
        boss = person.reports_to
        if boss is None or (boss in self.active and boss != person.id):  # the usual case, asked 500 times
            return boss
        seen = {person.id}
        while boss is not None and boss not in seen:
            seen.add(boss)
            if boss in self.active:
                return boss
            above = self.by_id.get(boss)
            if above is None:
                return None
            boss = above.reports_to
        return None

    def path_to(self, target: int, known: set[int], prefer: Callable[[int], tuple]) -> tuple[int, ...] | None:
        """Shortest path to target from the nearest known person (ties: the lowest prefer(id))."""
        parent: dict[int, int | None] = {target: None}
        level = [target]
        while level:
            found = [pid for pid in level if pid in known and pid != target]
            if found:
                start = min(found, key=prefer)
                path = [start]
                while parent[path[-1]] is not None:
                    path.append(parent[path[-1]])
                return tuple(path)
            following = []
            for pid in level:
                for other in self.neighbours[pid]:
                    if other not in parent:
                        parent[other] = pid
                        following.append(other)
            level = following
        return None
