"""Tables of the shared success plans: an account's objectives and the actions that serve them."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from kambot.storage.models import utcnow

OBJECTIVE_STATUSES = ("on_track", "at_risk", "off_track", "done")
ACTION_STATUSES = ("open", "done", "dropped")


class PlanObjective(SQLModel, table=True):
    """One goal of an account's plan: what, its measure and target, by when, our owner, their sponsor."""

    __table_args__ = (
        UniqueConstraint("team_id", "account_id", "number"),  # "goal 2" is the account's second objective
        Index("ix_planobjective_team_status", "team_id", "status", "account_id"),  # the digest's "at risk"
    )
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id")
    number: int  # per account, as people type it ("objective 2")
    title: str = Field(max_length=500)
    measure: str | None = Field(default=None, max_length=200)
    target: str | None = Field(default=None, max_length=200)
    target_date: date | None = None
    owner: str | None = Field(default=None, max_length=32)  # one of us (Slack user id)
    sponsor_id: int | None = Field(default=None, foreign_key="contact.id")  # the customer's sponsor
    status: str = Field(default="on_track", max_length=10)
    created_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)


class PlanAction(SQLModel, table=True):
    """One step of an account's plan: what, whose (one of us or a contact), by when, open / done / dropped."""

    __table_args__ = (
        UniqueConstraint("team_id", "account_id", "number"),  # "done 2" closes the account's action 2
        Index("ix_planaction_team_status_due", "team_id", "status", "due", "account_id"),  # overdue, digest
        Index("ix_planaction_team_owner", "team_id", "owner_user", "status", "due"),  # an owner's reminder
    )
    id: int | None = Field(default=None, primary_key=True)
    team_id: str = Field(max_length=32)
    account_id: int = Field(foreign_key="account.id")
    number: int
    title: str = Field(max_length=500)
    owner_user: str | None = Field(default=None, max_length=32)  # one of us (Slack user id) ...
    owner_contact_id: int | None = Field(default=None, foreign_key="contact.id")  # ... or a customer contact
    due: date | None = None
    status: str = Field(default="open", max_length=10)
    objective_id: int | None = Field(default=None, foreign_key="planobjective.id")
    closed_by_touch: int | None = None  # no foreign key: Undo deletes the touch, the closed action stays
    closed_at: datetime | None = None
    created_by: str | None = Field(default=None, max_length=32)
    created_at: datetime = Field(default_factory=utcnow)
