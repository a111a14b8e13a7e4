"""Salesforce record ids: 15 case-sensitive characters plus the 3-character case-safe suffix."""

from __future__ import annotations

import re

# The real key prefixes, so code that sniffs an id's type (WhoId: 003 contact, 00Q lead) sees what it would see.
KEY_PREFIX = {
    "Account": "001", "Contact": "003", "User": "005", "Opportunity": "006", "OpportunityContactRole": "00K",
    "Task": "00T", "Event": "00U", "Contract": "800", "TaskRelation": "0RT", "Lead": "00Q",
}
OBJECT_OF_PREFIX = {prefix: name for name, prefix in KEY_PREFIX.items()}
_SUFFIX_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"
_ID_SHAPE = re.compile(r"^[a-zA-Z0-9]{15}(?:[A-Z0-5]{3})?$")
# "KB" stands where Salesforce puts the pod; it also puts capitals in the first chunk, as real ids have.
POD = "KB0"


def suffix(id15: str) -> str:
    """The three checksum characters Salesforce appends to a 15-character id."""
    out = []
    for chunk in range(3):
        bits = 0
        for i, ch in enumerate(id15[chunk * 5:chunk * 5 + 5]):
            if "A" <= ch <= "Z":
                bits |= 1 << i
        out.append(_SUFFIX_CHARS[bits])
    return "".join(out)


def make_id(prefix: str, number: int) -> str:
    """The 18-character id of the number-th record with this key prefix."""
    id15 = f"{prefix}{POD}{number:09d}"
    return id15 + suffix(id15)


def fast_ids(prefix: str, start: int, count: int) -> list[str]:
    """make_id for a run of numbers; the counter is digits only, so the suffix is the same for all."""
    tail = suffix(f"{prefix}{POD}000000000")
    head = prefix + POD
    return [f"{head}{n:09d}{tail}" for n in range(start, start + count)]


def to18(value: str) -> str | None:
    """The 18-character form of a 15- or 18-character id, or None if value is not shaped like an id."""
    if not isinstance(value, str) or not _ID_SHAPE.match(value):
        return None
    return value if len(value) == 18 else value + suffix(value)


def object_of(record_id: str) -> str | None:
    """Which object an id belongs to, by its key prefix."""
    return OBJECT_OF_PREFIX.get(record_id[:3])
