"""The CRM port: what the sync and the outbox need from any CRM, and the failures they handle."""
from __future__ import annotations

from datetime import datetime, timedelta
from typing import Iterable, Iterator, Protocol

from kambot.domain.crm import Activity, CrmAccount, CrmContact, CrmRenewal, CrmRole, CrmUser, WriteResult


class CrmError(Exception):
    """The CRM could not do what was asked; the message is safe to show (never a secret)."""


class CrmUnavailable(CrmError):
    """5xx, a timeout, a dropped connection: try again later with backoff."""


class CrmLimitReached(CrmError):
    """The org's API request limit is used up: ask nothing until `until` (None: the caller's default pause)."""

    def __init__(self, message: str, until: datetime | None = None):
        super().__init__(message)
        self.until = until


# Salesforce's daily limit is a rolling 24 hours: requests free up hour by hour, so an hour's pause is enough.
LIMIT_PAUSE = timedelta(hours=1)


class CrmAuthError(CrmError):
    """Logging in was refused (wrong client id, secret or key): a person must fix the connection."""


class CrmClient(Protocol):
    """One org, logged in: reads in pages, writes in batches."""

    batch_size: int  # records per write request

    def usage(self) -> tuple[int, int] | None:
        """API requests used and allowed today, from the last answer."""

    def count(self, sobject: str, since: str | None) -> int:
        """How many records of an object changed since the cursor (all when None): for progress."""

    def accounts(self, since: str | None, *, bulk: bool = False) -> Iterator[list[CrmAccount]]:
        """Accounts changed since the cursor, oldest change first, page by page (deleted ones too)."""

    def contacts(self, since: str | None, *, bulk: bool = False) -> Iterator[list[CrmContact]]:
        """Contacts changed since the cursor, oldest change first, page by page (deleted ones too)."""

    def users(self) -> list[CrmUser]:
        """Every user of the org."""

    def role_changes(self, since: str | None) -> Iterator[tuple[list[str], str]]:
        """Pages of contact ids whose buying roles changed since the cursor, with the page's last modstamp."""

    def roles_of(self, contact_crm_ids: list[str]) -> list[CrmRole]:
        """The current buying roles of these contacts."""

    def renewals(self, account_crm_ids: list[str] | None) -> list[CrmRenewal]:
        """The next renewal day of these accounts (every account when None)."""

    def has_external_id(self, sobject: str) -> bool:
        """Whether upserts by kambot's External ID field work for this object."""

    def create(self, activities: list[Activity], *, upsert: bool) -> list[WriteResult]:
        """Create (or upsert by key) up to batch_size records; one result per activity, in order."""

    def find(self, activities: list[Activity]) -> dict[str, str]:
        """Records already made for these activities (key -> CRM id), found by their marker."""

    def delete(self, crm_ids: Iterable[str]) -> list[WriteResult]:
        """Delete records by id; an id already gone counts as deleted."""

    def update(self, activities: list[Activity]) -> list[WriteResult]:
        """Change up to batch_size existing records (each activity's fields hold its Id)."""
