"""What kambot reads from and writes to a CRM, in its own terms (no CRM's field names), and the pure mappings."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

# Salesforce's OpportunityContactRole values -> kambot's buying roles. Executive Sponsor is the senior person
# who backs us inside the customer: the champion of kambot's map. Evaluators weigh the options: influencers.
CRM_ROLES = {
    "decision maker": "decision_maker",
    "economic buyer": "economic_buyer",
    "economic decision maker": "economic_buyer",
    "executive sponsor": "champion",
    "technical buyer": "technical_buyer",
    "evaluator": "influencer",
    "influencer": "influencer",
    "business user": "user",
}
# When a contact holds several roles (on several opportunities), the map shows the weightiest.
ROLE_RANK = ("decision_maker", "economic_buyer", "champion", "technical_buyer", "influencer", "user")
MEETING_KINDS = frozenset({"meeting", "meal", "event"})
_TIER_CODE = re.compile(r"(?:tier\s*)?([abc123])(?:\b|$)", re.IGNORECASE)  # "A", "Tier 2", "3 - small"
_TIER_WORDS = {"key": "A", "strategic": "A", "platinum": "A", "gold": "B", "silver": "C", "bronze": "C"}


@dataclass(frozen=True)
class CrmAccount:
    """An account as the CRM holds it."""

    crm_id: str
    name: str
    owner_crm_id: str | None = None
    annual_revenue: float | None = None
    industry: str | None = None
    tier: str | None = None  # already mapped to A/B/C, or None: keep kambot's
    deleted: bool = False
    modstamp: str = ""


@dataclass(frozen=True)
class CrmContact:
    """A person at an account, as the CRM holds them."""

    crm_id: str
    account_crm_id: str | None
    name: str
    title: str | None = None
    department: str | None = None
    email: str | None = None
    reports_to_crm_id: str | None = None
    owner_crm_id: str | None = None
    deleted: bool = False
    modstamp: str = ""


@dataclass(frozen=True)
class CrmUser:
    """A CRM user: owners of accounts, contacts and activities."""

    crm_id: str
    email: str | None
    name: str | None = None
    active: bool = True


@dataclass(frozen=True)
class CrmRole:
    """A contact's buying role on one opportunity, already mapped to kambot's role."""

    contact_crm_id: str
    role: str


@dataclass(frozen=True)
class CrmRenewal:
    """The next renewal day of an account."""

    account_crm_id: str
    day: date


@dataclass(frozen=True)
class Activity:
    """One record kambot owes the CRM: a completed touch (task or event) or an open next step."""

    key: str  # unique and stable: the External ID, or the marker in the description
    sobject: str  # Task | Event
    fields: dict = field(default_factory=dict)
    also_with: tuple[str, ...] = ()  # more contacts (CRM ids): TaskRelations where Shared Activities is on


@dataclass(frozen=True)
class WriteResult:
    """The CRM's answer for one record: its id, or why it was refused."""

    key: str
    crm_id: str | None = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        """The record is in the CRM."""
        return self.crm_id is not None and self.error is None


def map_role(crm_role: str | None) -> str | None:
    """kambot's role for a CRM role name (None for Other and unknown ones)."""
    return CRM_ROLES.get((crm_role or "").strip().lower())


def best_role(roles: list[str]) -> str | None:
    """The weightiest of a contact's roles."""
    ranked = [r for r in ROLE_RANK if r in roles]
    return ranked[0] if ranked else None


def map_tier(value: object) -> str | None:
    """A/B/C from a CRM tier value ('A', 'Tier 1', 2, 'Strategic'...), None when it says nothing we know."""
    text = "" if value is None else str(value).strip().lower().removesuffix(".0")
    code = _TIER_CODE.match(text)
    if code:
        return {"1": "A", "2": "B", "3": "C"}.get(code.group(1), code.group(1).upper())
    return _TIER_WORDS.get(text)


def outbox_key(team_id: str, touch_id: int, token: str, part: str) -> str:
    """The stable key of one record owed for a touch ('touch' or 'next'); the token tells apart touches that
    reuse an id after an Undo (SQLite hands the highest id out again)."""
    return f"kambot:{team_id}:{touch_id}:{token}:{part}"


def marker_line(key: str) -> str:
    """The line added to a description so a resend after a crash can find the record already made."""
    return f"[{key}]"


def find_marker(description: str | None) -> str | None:
    """The kambot key in a description, if any."""
    found = re.search(r"\[(kambot:[^\]\s]+)\]", description or "")
    return found.group(1) if found else None


def subject_of(kind_label: str, account: str, summary: str) -> str:
    """A Task subject: 'Call: Acme — renewal terms' within Salesforce's 255 characters."""
    head = f"{kind_label}: {account}"
    text = f"{head} — {summary}" if summary else head
    return text if len(text) <= 255 else text[:254] + "…"


def event_times(day: date, minutes: int = 30) -> tuple[str, str]:
    """An all-day touch as a half-hour event at noon UTC (the day is what matters; noon survives time zones)."""
    start = datetime(day.year, day.month, day.day, 12, 0)
    end = datetime(day.year, day.month, day.day, 12, minutes)
    return start.strftime("%Y-%m-%dT%H:%M:%SZ"), end.strftime("%Y-%m-%dT%H:%M:%SZ")
