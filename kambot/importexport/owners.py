"""Owners named in a file (Slack ids, emails or people's names) to Slack user ids, through a user directory."""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Iterable, Protocol

from kambot.domain.text import normalize_name

# The record fields that hold our people (Slack users), per kind of file.
PEOPLE_FIELDS: dict[str, tuple[str, ...]] = {
    "accounts": ("owner",),
    "contacts": ("relationship_owner",),
    "touchpoints": ("logged_by", "participants"),
    "plans": ("owner",),
}
# U04DIALEE, W012A3CDE (Enterprise Grid), and the demo's U_ANA; a digit or an underscore keeps a
# one-word name in capitals ("URSULA") from passing for an id.
_SLACK_ID = re.compile(r"[UW](?=[A-Z0-9_]*[0-9_])[A-Z0-9_]{1,31}")


@dataclass(frozen=True)
class Member:
    """A workspace user as users.list describes them."""

    id: str
    real_name: str = ""
    display_name: str = ""
    deleted: bool = False
    is_bot: bool = False


class DirectoryError(Exception):
    """Slack could not be asked (bad token, missing scope...); the message says what Slack answered."""


class UserDirectory(Protocol):
    """Who is who in the workspace: what an import needs from Slack."""

    def user_by_email(self, email: str) -> str | None:
        """The id of the user with this email, or None when nobody has it."""

    def members(self) -> Iterable[Member]:
        """Every user of the workspace (all pages)."""


def is_slack_id(text: str) -> bool:
    """Whether the text is already a Slack user id."""
    return _SLACK_ID.fullmatch(text) is not None


def name_index(members: Iterable[Member]) -> dict[str, set[str]]:
    """Normalised real and display names (accents, case and punctuation folded) -> ids of active people."""
    index: dict[str, set[str]] = {}
    for member in members:
        if member.deleted or member.is_bot:
            continue
        for name in {normalize_name(member.real_name), normalize_name(member.display_name)} - {""}:
            index.setdefault(name, set()).add(member.id)
    return index


def match_name(index: dict[str, set[str]], name: str) -> tuple[str | None, int]:
    """(the one user with this name, 1), or (None, how many users have it: 0, or 2 and more)."""
    ids = index.get(normalize_name(name), set())
    return (next(iter(ids)), 1) if len(ids) == 1 else (None, len(ids))


class Owners:
    """Resolves each distinct owner text once per import, and counts the rows whose owner matched nobody."""

    def __init__(self, directory: UserDirectory | None):
        self.directory = directory
        self.ids: dict[str, str | None] = {}  # owner text -> Slack id or None
        self.cells: dict[str | tuple, tuple] = {}  # a cell's value -> (what it becomes, the texts nobody matched)
        self.index: dict[str, set[str]] | None = None  # users.list, read on the first name that needs it
        self.unmatched: Counter[str] = Counter()  # text -> rows
        self.ambiguous: dict[str, int] = {}  # text -> how many users share that name

    def user_id(self, text: str) -> str | None:
        """The Slack id for an owner text, or None when nobody matches it (not counted: see apply)."""
        if "@" in text:
            text = text.strip().lower()  # emails ignore case: BEN@ and ben@ are one person, asked once
        if text not in self.ids:
            self.ids[text] = self._find(text)
        return self.ids[text]

    def _cell(self, value: str | tuple) -> tuple:
        if isinstance(value, tuple):  # participants: the ones that match, in order
            found = [(text, self.user_id(text)) for text in value]
            return (tuple(dict.fromkeys(i for _, i in found if i)),
                    tuple(text.strip().lower() if "@" in text else text for text, i in found if i is None))
        found = self.user_id(value)
        return found, () if found else (value.strip().lower() if "@" in value else value,)

    def _find(self, text: str) -> str | None:
        if is_slack_id(text):
            return text
        if self.directory is None:
            return None
        if "@" in text:
            return self.directory.user_by_email(text)
        if self.index is None:
            self.index = name_index(self.directory.members())
        found, count = match_name(self.index, text)
        if count > 1:
            self.ambiguous[text] = count
        return found

    def apply(self, kind: str, record: dict) -> None:
        """Replace the record's owner texts by Slack ids; an owner nobody matches is left empty, and counted."""
        for field in PEOPLE_FIELDS[kind]:
            value = record.get(field)
            if not value:
                continue
            cell = self.cells.get(value)
            if cell is None:  # most files name the same few owners on every row: resolve each cell once
                cell = self.cells[value] = self._cell(value)
            record[field] = cell[0]
            for text in cell[1]:
                self.unmatched[text] += 1
