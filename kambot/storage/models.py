"""Database tables. Every row belongs to one Slack workspace (team_id); queries always filter by it."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

TIERS = ("A", "B", "C")
ROLES = (
    "decision_maker", "economic_buyer", "champion", "technical_buyer", "influencer", "user", "blocker",
)
SOURCES = ("command", "message", "shortcut", "import")
STATUSES = ("active", "left")
# A contact's stance towards us and their influence at the account: kambot's own judgement, never synced.
STANCES = ("mentor", "supporter", "neutral", "non_supporter", "detractor")
INFLUENCES = ("high", "medium", "low")


def utcnow() -> datetime:
    """Timestamp for created_at columns (the domain never calls this: it takes `now`)."""
    return datetime.now(timezone.utc)


class Team(SQLModel, table=True):
    """A Slack workspace; `accounts_version` changes whenever account names change (cache key)."""

    team_id: str = Field(primary_key=True, max_length=32)
    name: str = ""
    accounts_version: int = 0


class Account(SQLModel, table=True):
    """A customer account looked after by one owner."""

    __table_args__ = (UniqueConstraint("team_id", "name_norm"), Index("ix_account_team_owner", "team_id", "owner", "name_norm"),
                      Index("ix_account_team_crm", "team_id", "crm_id", unique=True))
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    name: str = Field(max_length=200)
    name_norm: str = Field(max_length=200)
    aliases: str = ""  # ";"-separated, as typed
    owner: str | None = Field(default=None, max_length=32)
    tier: str = Field(default="B", max_length=1)
    annual_revenue: float | None = None
    renewal_date: date | None = None
    industry: str | None = None
    cadence_days: int | None = None
    crm_id: str | None = Field(default=None, max_length=32)  # the CRM's id (Salesforce Account.Id) once synced
    created_at: datetime = Field(default_factory=utcnow)


class AccountName(SQLModel, table=True):
    """One normalised name or alias of an account, for exact lookups by any of them."""

    __table_args__ = (Index("ix_accountname_team_norm", "team_id", "name_norm"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id", index=True)
    name_norm: str = Field(max_length=200)


class Contact(SQLModel, table=True):
    """A person at a customer account."""

    __table_args__ = (
        Index("ix_contact_team_account", "team_id", "account_id", "name_norm"),  # one account's people, by name
        Index("ix_contact_team_name", "team_id", "name_norm"),
        Index("ix_contact_team_first", "team_id", "first_norm"),
        Index("ix_contact_team_email", "team_id", "email"),
        Index("ix_contact_reports_to", "reports_to_id"),  # deleting or re-parenting a manager stays fast
        Index("ix_contact_team_crm", "team_id", "crm_id", unique=True),
    )
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id")
    name: str = Field(max_length=200)
    name_norm: str = Field(max_length=200)
    first_norm: str = Field(max_length=100)
    title: str | None = None
    department: str | None = None
    email: str | None = Field(default=None, max_length=254)
    role: str | None = Field(default=None, max_length=20)
    reports_to_id: int | None = Field(default=None, foreign_key="contact.id")
    relationship_owner: str | None = Field(default=None, max_length=32)
    status: str = Field(default="active", max_length=10)
    stance: str | None = Field(default=None, max_length=16)  # STANCES; kambot-only (the CRM sync never writes it)
    influence: str | None = Field(default=None, max_length=8)  # INFLUENCES; kambot-only
    crm_id: str | None = Field(default=None, max_length=32)  # Salesforce Contact.Id once synced
    crm_reports_to: str | None = Field(default=None, max_length=32)  # ReportsToId, resolved after each sync
    crm_role: bool = Field(default=False, sa_column_kwargs={"server_default": "0"})  # role came from the CRM
    created_at: datetime = Field(default_factory=utcnow)
    # Running totals of the contact's touches (kambot.storage.contact_totals keeps them; domain.running_score
    # explains the weight): `/kam who` and the account card rank everyone from these three columns instead
    # of summing every touch. Every writer of touchpointcontact goes through contact_totals.
    touch_weight: float = Field(default=0.0, sa_column_kwargs={"server_default": "0"})
    touch_count: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    last_touched_on: date | None = None


class Touchpoint(SQLModel, table=True):
    """One interaction with an account: who, when, how, what was said, what happens next."""

    __table_args__ = (
        Index("ix_touch_team_account_day", "team_id", "account_id", "occurred_on"),
        Index("ix_touch_team_day", "team_id", "occurred_on"),
    )
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id")
    occurred_on: date
    kind: str = Field(default="other", max_length=10)
    summary: str = ""
    next_step: str | None = None
    next_step_due: date | None = None
    logged_by: str | None = Field(default=None, max_length=32)
    source: str = Field(default="command", max_length=10)
    created_at: datetime = Field(default_factory=utcnow)


class TouchpointContact(SQLModel, table=True):
    """A customer contact who took part in a touchpoint, with the touch's account, day and kind."""

    # The copies make "every contact's touches at an account since a day" one range scan of one index
    # (`/kam who` sums them per contact) instead of a join from touchpoint: on PostgreSQL that join was
    # planned as a scan of the whole link table, growing with the workspace. A touchpoint's account, day and
    # kind never change once written (Undo deletes; an import that changes them writes a new touch), so the
    # copies cannot drift; create_touchpoint and the importer fill them.
    __table_args__ = (
        Index("ix_tpcontact_contact", "contact_id", "touchpoint_id"),
        # A contact's last day, read from the index alone: the digest asks it for every champion and
        # decision maker untouched in its 90-day window (through the index above, one row read per link).
        # With the touch id, `/kam who` reads the touches of the people it names since a day from the index.
        Index("ix_tpcontact_contact_day", "contact_id", "occurred_on", "team_id", "touchpoint_id"),
        # account first (ids are global): a query filtering only by team must not be able to walk this index;
        # team_id last, so the team check is read from the index too.
        Index("ix_tpcontact_account_day", "account_id", "occurred_on", "contact_id", "kind", "touchpoint_id",
              "team_id"),
    )
    touchpoint_id: int = Field(foreign_key="touchpoint.id", primary_key=True)
    contact_id: int = Field(foreign_key="contact.id", primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int
    occurred_on: date
    kind: str = Field(max_length=10)


class Relationship(SQLModel, table=True):
    """How much one of our users has met one contact: running totals of the touches they both took part in.

    Our user is anyone on a touch's participants or its logger (load_touches' rule). Kept with the contact's
    own totals by kambot.storage.contact_totals, so `/kam who` explains the people it names ("mostly by
    @ana", "ask @ben, who met them on Feb 20") from a few rows instead of reading their touches.
    """

    # No foreign key: every row is derived from touchpointcontact rows, whose own key already checked the
    # contact; checking again per row cost 1.7 s of a 100,000-touch import on PostgreSQL (bench_import).
    contact_id: int = Field(primary_key=True)
    user_id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(max_length=32)
    touch_weight: float = 0.0
    touch_count: int = 0
    last_touched_on: date


class TouchpointParticipant(SQLModel, table=True):
    """One of our people (a Slack user id) who took part in a touchpoint."""

    __table_args__ = (Index("ix_tpparticipant_team_user", "team_id", "user_id"),)
    touchpoint_id: int = Field(foreign_key="touchpoint.id", primary_key=True)
    user_id: str = Field(primary_key=True, max_length=32)
    team_id: str = Field(max_length=32)


class UserProfile(SQLModel, table=True):
    """A Slack user's time zone, locale and name, cached from users.info."""

    team_id: str = Field(primary_key=True, max_length=32)
    user_id: str = Field(primary_key=True, max_length=32)
    name: str | None = None
    tz: str | None = Field(default=None, max_length=64)
    locale: str | None = Field(default=None, max_length=16)
    fetched_at: datetime = Field(default_factory=utcnow)


class ProcessedEvent(SQLModel, table=True):
    """A Slack delivery already handled (event_id) or a click already done (storage/claims.py): pruned after 2 days."""

    key: str = Field(primary_key=True, max_length=128)
    team_id: str | None = Field(default=None, max_length=32)
    received_at: datetime = Field(default_factory=utcnow, index=True)


class WatchedChannel(SQLModel, table=True):
    """A channel whose messages kambot reads for touchpoint reports."""

    team_id: str = Field(primary_key=True, max_length=32)
    channel_id: str = Field(primary_key=True, max_length=32)
    enabled_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class AccountChannel(SQLModel, table=True):
    """A Slack channel linked to one account (`/kam channel <account>`): commands there default to it and its
    touchpoint reports are read as in a watched channel. An account may have several channels."""

    __table_args__ = (Index("ix_accountchannel_team_account", "team_id", "account_id"),)
    team_id: str = Field(primary_key=True, max_length=32)
    channel_id: str = Field(primary_key=True, max_length=32)
    account_id: int = Field(foreign_key="account.id")
    linked_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)


class Draft(SQLModel, table=True):
    """A touchpoint understood from a message but not saved until its author says so."""

    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32, index=True)
    user_id: str = Field(max_length=32)
    channel_id: str | None = None
    message_ts: str | None = None
    text: str = ""
    status: str = Field(default="pending", max_length=10)  # pending | saved | discarded
    touchpoint_id: int | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Snooze(SQLModel, table=True):
    """An account's reminders are quiet until `until` (inclusive)."""

    team_id: str = Field(primary_key=True, max_length=32)
    account_id: int = Field(primary_key=True, foreign_key="account.id")
    until: date
    by_user: str | None = None


class ReminderLog(SQLModel, table=True):
    """An account was included in its owner's reminder on a given day."""

    __table_args__ = (Index("ix_reminderlog_team_account", "team_id", "account_id", "reminded_on"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id")
    owner: str = Field(max_length=32)
    reminded_on: date


class DigestSubscription(SQLModel, table=True):
    """A channel's weekly digest: which accounts, when, in which language and time zone."""

    __table_args__ = (UniqueConstraint("team_id", "channel_id"),)
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    channel_id: str = Field(max_length=32)
    scope: str = "all"  # all | mine:<user> | tier:<A> | owner:<user> | accounts:<id;id>
    weekday: int = 0  # Monday
    hour: int = 9
    tz: str = "UTC"
    lang: str = "en"
    created_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class Delivery(SQLModel, table=True):
    """A scheduled delivery, claimed by inserting its unique key before anything is sent."""

    key: str = Field(primary_key=True, max_length=160)  # e.g. remind:T1:U1:2026-11-27
    team_id: str = Field(max_length=32, index=True)
    kind: str = Field(max_length=16)  # reminder | digest
    status: str = Field(default="claimed", max_length=10)  # claimed | sent | failed
    attempts: int = 0
    claimed_by: str | None = None
    claimed_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
    error: str | None = None
