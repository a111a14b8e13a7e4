"""Tables of the CRM bridge: each team's connection, its CRM users, and the outbox of writes to the CRM."""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kambot.storage.models import utcnow

OUTBOX_STATUSES = ("pending", "sending", "sent", "refused", "cancelled")


class CrmConnection(SQLModel, table=True):
    """One Slack workspace's link to its CRM org: how to log in, where the sync is, what went wrong last."""

    team_id: str = Field(primary_key=True, max_length=32)
    provider: str = Field(default="salesforce", max_length=16)
    login_url: str = ""
    client_id: str | None = None
    # Stored like Slack's bot tokens are in the installation store: the process needs it to log in again.
    client_secret: str | None = None
    username: str | None = None  # JWT bearer: the Salesforce user the connected app acts as
    private_key_file: str | None = None
    push_enabled: bool = True
    push_contacts: bool = False  # contact edits made in Slack go back to the CRM
    cursors: str = "{}"  # JSON: object -> last SystemModstamp read
    last_sync_at: datetime | None = None
    last_push_at: datetime | None = None
    paused_until: datetime | None = None  # over the org's API limit: nothing is asked until then
    last_error: str | None = None
    api_used: int | None = None
    api_max: int | None = None
    counts: str = "{}"  # JSON: what the last sync read and wrote
    created_at: datetime = Field(default_factory=utcnow)


class CrmUser(SQLModel, table=True):
    """A CRM user (an owner of accounts, contacts and tasks) and the Slack user they are, when known."""

    __table_args__ = (Index("ix_crmuser_team_slack", "team_id", "slack_user_id"),)
    team_id: str = Field(primary_key=True, max_length=32)
    crm_id: str = Field(primary_key=True, max_length=32)
    email: str | None = Field(default=None, max_length=254)
    name: str | None = None
    active: bool = True
    slack_user_id: str | None = Field(default=None, max_length=32)


class CrmOutbox(SQLModel, table=True):
    """One write owed to the CRM, recorded in the same transaction as the touch it comes from."""

    __table_args__ = (
        UniqueConstraint("key"),
        Index("ix_crmoutbox_team_status", "team_id", "status", "next_attempt_at"),
        Index("ix_crmoutbox_touch", "team_id", "touchpoint_id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    key: str = Field(max_length=80)  # kambot:<team>:<touch>:<part>: the External ID / marker in the CRM
    op: str = Field(default="create", max_length=8)  # create | delete
    part: str = Field(max_length=8)  # touch: the touch itself | next: its next step
    touchpoint_id: int | None = None  # no foreign key: Undo deletes the touch, the outbox row stays
    payload: str = "{}"  # JSON of the record to create (kambot ids; CRM ids are looked up when sending)
    status: str = Field(default="pending", max_length=10)
    attempts: int = 0
    next_attempt_at: datetime = Field(default_factory=utcnow)
    claimed_by: str | None = Field(default=None, max_length=64)
    claimed_at: datetime | None = None
    crm_id: str | None = Field(default=None, max_length=32)
    error: str | None = None
    notified: bool = False
    created_at: datetime = Field(default_factory=utcnow)
    sent_at: datetime | None = None
