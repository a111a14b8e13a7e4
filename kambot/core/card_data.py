"""The account card's inputs in four small queries: people with scores, who was engaged, open next steps.

The card needs each person's decayed score (the contacts' running totals), the last day each person was
touched in the last 90 days, the account's last touch and its recent next steps; never who on our team took
part. Loading every touch with its contacts and participants (account_data.load_account, which `/kam map`
needs) cost ~45 ms on a 500-person, 20,000-touch account (bench/bench_who.py); these read index ranges
instead.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Date, bindparam, func, select
from sqlmodel import Session

from kambot.core.stored_relationships import account_relationships
from kambot.domain.recommend import Person
from kambot.storage.models import Account, Touchpoint, TouchpointContact
from kambot.storage.driver_rows import driver_rows, stored_day

_TEAM, _ACCOUNT = bindparam("team"), bindparam("account")
# Each contact's latest day since a day, and its latest touch id: one range of ix_tpcontact_account_day.
_LAST_SEEN = (select(TouchpointContact.contact_id, func.max(TouchpointContact.occurred_on),
                     func.max(TouchpointContact.touchpoint_id))
              .where(TouchpointContact.account_id == _ACCOUNT, TouchpointContact.team_id == _TEAM,
                     TouchpointContact.occurred_on >= bindparam("since", type_=Date))
              .group_by(TouchpointContact.contact_id))
_LAST_TOUCH = (select(func.max(Touchpoint.occurred_on))
               .where(Touchpoint.team_id == _TEAM, Touchpoint.account_id == _ACCOUNT))
_STEPS = (select(Touchpoint.next_step, Touchpoint.next_step_due, Touchpoint.occurred_on, Touchpoint.id)
          .where(Touchpoint.team_id == _TEAM, Touchpoint.account_id == _ACCOUNT,
                 Touchpoint.occurred_on >= bindparam("logged_since", type_=Date),
                 Touchpoint.next_step.is_not(None), Touchpoint.next_step != ""))


@dataclass(frozen=True)
class NextStep:
    """A next step as logged with its touch."""

    text: str
    due: date | None
    logged_on: date


@dataclass
class CardData:
    """One account as the card reads it."""

    account: Account
    people: list[Person]
    scores: dict[int, float]  # decayed score of each person touched within the horizon
    last_seen: dict[int, date]  # contact id -> latest touch day within the engaged window, latest first
    last_touch: date | None  # the account's latest touch, however old
    steps: list[NextStep]  # next steps logged within the steps window, latest logged first

    @property
    def active(self) -> list[Person]:
        """The people still at the customer."""
        return [p for p in self.people if not p.departed]


def load_card(session: Session, *, account: Account, today: date, engaged_days: int,
              steps_days: int) -> CardData:
    """Read what the card shows about one account (touches since today - N days, for each window)."""
    conn, key = session.connection(), {"team": account.team_id, "account": account.id}
    people, relationships = account_relationships(session, team_id=account.team_id, account_id=account.id,
                                                  today=today)
    seen = driver_rows(conn, _LAST_SEEN, key | {"since": today - timedelta(days=engaged_days)})
    seen.sort(key=lambda row: (stored_day(row[1]), row[2], -row[0]), reverse=True)  # latest touch, its people in order
    last = driver_rows(conn, _LAST_TOUCH, key)[0][0]
    steps = driver_rows(conn, _STEPS, key | {"logged_since": today - timedelta(days=steps_days)})
    steps.sort(key=lambda row: (stored_day(row[2]), row[3]), reverse=True)
    return CardData(
        account=account, people=people, scores=relationships.scores,
        last_seen={contact_id: stored_day(day) for contact_id, day, _ in seen},
        last_touch=stored_day(last) if last is not None else None,
        steps=[NextStep(text, stored_day(due) if due is not None else None, stored_day(day))
               for text, due, day, _ in steps],
    )
