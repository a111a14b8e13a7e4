"""CSV header mapping: kambot's canonical headers and the ones Salesforce report exports use (plans: canonical only)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from kambot.domain.text import strip_accents

KINDS = ("accounts", "contacts", "touchpoints", "plans")

CANONICAL: dict[str, tuple[str, ...]] = {
    "accounts": ("name", "aliases", "owner", "tier", "annual_revenue", "renewal_date", "industry"),
    "contacts": ("account", "name", "title", "department", "email", "role", "reports_to", "relationship_owner",
                 "status", "stance", "influence"),
    "touchpoints": ("account", "occurred_on", "kind", "contacts", "participants", "summary", "next_step",
                    "next_step_due", "logged_by"),
    # One row per objective or action of an account's success plan. `due` is an action's due day or an
    # objective's target date; `owner` is one of us, `owner_contact` a customer contact owning an action,
    # `sponsor` the objective's sponsor among the account's contacts, `objective` the number of the
    # objective an action serves.
    "plans": ("account", "type", "number", "what", "measure", "target", "due", "owner", "owner_contact", "sponsor",
              "status", "objective"),
}

# A row needs these columns; "name" is also satisfied by First Name + Last Name, "summary" by Comments.
REQUIRED: dict[str, tuple[str, ...]] = {
    "accounts": ("name",),
    "contacts": ("account", "name"),
    "touchpoints": ("account", "occurred_on", "summary"),
    "plans": ("account", "type", "what"),
}

# Other spellings, written already normalised (see normalize_header). The same header can mean
# different fields per file: "Account Name" is the name in an accounts file and the account elsewhere.
_SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "accounts": {
        "name": ("account name", "account", "account: account name", "company", "company / account"),
        "aliases": ("alias", "also known as", "aka"),
        "owner": ("account owner", "account owner: full name"),
        "tier": ("account tier", "customer tier"),
        "annual_revenue": ("annual revenue", "revenue"),
        "renewal_date": ("renewal", "contract end date"),
    },
    "contacts": {
        "account": ("account name", "account: account name", "company", "company / account"),
        "name": ("full name", "contact: full name", "contact name", "contact"),
        "first_name": ("first name", "contact: first name"),
        "last_name": ("last name", "contact: last name"),
        "title": ("job title", "contact: title"),
        "email": ("e-mail", "email address", "contact: email"),
        "role": ("contact role", "buying role"),
        "reports_to": ("reports to: full name", "reports to name", "manager"),
        "relationship_owner": ("contact owner", "contact owner: full name", "owner"),
        "status": ("contact status",),
        "stance": ("postura", "attitude", "sentiment", "disposition"),
        "influence": ("influencia", "influence level", "power"),
    },
    "touchpoints": {
        "account": ("account name", "company / account", "account: account name", "company"),
        "occurred_on": ("date", "activity date", "due date", "start date"),
        "kind": ("type", "task type", "activity type", "task subtype", "event subtype", "subtype"),
        "contacts": ("contact", "name", "contact name", "contact: full name", "attendees"),
        "summary": ("subject",),
        "comments": ("comments", "full comments", "description"),
        "next_step_due": ("next step due date",),
        "logged_by": ("assigned", "assigned to", "assigned: full name", "created by"),
    },
    "plans": {
        "account": ("account name",),
        "type": ("row type", "kind"),
        "number": ("no", "#", "n"),
        "what": ("title", "description"),
        "due": ("due date", "target date", "by"),
        "owner_contact": ("owner contact", "contact owner"),
        "objective": ("objective number", "serves"),
    },
}

_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPACES = re.compile(r"\s+")


def normalize_header(header: str) -> str:
    """'\\ufeff Annual_Revenue ' / 'AnnualRevenue' / 'Tier__c' -> 'annual revenue' / 'tier'."""
    text = header.replace("\ufeff", "").strip()
    text = text[:-3] if text.endswith("__c") else text  # Salesforce custom fields: Tier__c
    text = _CAMEL.sub(" ", text).replace("_", " ")  # API names from Data Loader: AnnualRevenue
    return _SPACES.sub(" ", strip_accents(text).casefold()).strip()


def _lookup(kind: str) -> dict[str, str]:
    table = {normalize_header(field): field for field in CANONICAL[kind]}
    for field, spellings in _SYNONYMS[kind].items():
        for spelling in spellings:
            table.setdefault(spelling, field)
    return table


_LOOKUPS = {kind: _lookup(kind) for kind in KINDS}


@dataclass(frozen=True)
class HeaderMap:
    """Which column holds which field; `ignored` lists headers kambot does not use."""

    columns: tuple[tuple[int, str], ...]
    ignored: tuple[str, ...]
    width: int

    @property
    def fields(self) -> frozenset[str]:
        """The fields this file provides."""
        return frozenset(field for _, field in self.columns)

    def pick(self, cells: list[str]) -> dict[str, str]:
        """The row's values by field, stripped; short rows read as empty cells."""
        size = len(cells)
        return {field: cells[i].strip() if i < size else "" for i, field in self.columns}


def map_headers(kind: str, headers: list[str]) -> tuple[HeaderMap, list[str]]:
    """Match a header row to fields; returns the map and problems (missing or repeated columns)."""
    lookup, seen, columns, ignored, problems = _LOOKUPS[kind], {}, [], [], []
    for index, header in enumerate(headers):
        field = lookup.get(normalize_header(header))
        if field is None:
            if header.strip():
                ignored.append(header.strip())
        elif field in seen:
            # Salesforce reports can repeat a column (Account Name twice); the first one wins.
            ignored.append(header.strip())
        else:
            seen[field] = index
            columns.append((index, field))
    for field in REQUIRED[kind]:
        if field in seen or (field == "name" and {"first_name", "last_name"} & seen.keys()):
            continue
        if field == "summary" and "comments" in seen:
            continue
        problems.append(f"missing column '{field}' (found: {', '.join(h.strip() for h in headers) or 'nothing'})")
    return HeaderMap(tuple(columns), tuple(ignored), len(headers)), problems
