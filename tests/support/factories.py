"""Object factories for the tests: accounts, contacts and touchpoints, one at a time or in bulk.

Each factory takes a session (rows join its transaction) or an engine (rows are committed at once), and
returns the rows it made (sessions do not expire them on commit, so ids and fields stay readable).
Defaults make a valid row: team T1, owner U1, tier B, a call summarised "x".
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import date
from typing import Iterable, Iterator

from sqlalchemy import insert, select
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import Account, AccountName, Contact, Touchpoint
from kambot.storage.plan_models import PlanAction, PlanObjective
from kambot.storage.plans import add_action, add_objective
from kambot.storage.touchpoints import create_touchpoint
from tests.conftest import FROZEN_NOW

Db = Session | Engine


@contextmanager
def writing(db: Db) -> Iterator[Session]:
    """The session to write in: the one given, or a new one on the engine, committed at the end."""
    if isinstance(db, Session):
        yield db
        db.flush()
    else:
        with session_scope(db) as session:
            yield session


def _account_id(account: Account | int) -> int:
    return account if isinstance(account, int) else account.id


def _team(session: Session, account: Account | int, team: str | None) -> str:
    if team is not None:
        return team
    if isinstance(account, Account):
        return account.team_id
    return session.get(Account, account).team_id


def make_account(db: Db, name: str = "Acme", *, team: str = "T1", owner: str | None = "U1", tier: str = "B",
                 contacts: Iterable[str | dict] = (), touched: Iterable[date] = (), **fields) -> Account:
    """An account (any create_account field), with contacts (names or field dicts) and a call on each `touched`
    day by its owner with its first contact."""
    with writing(db) as session:
        account = create_account(session, team_id=team, name=name, owner=owner, tier=tier, **fields)
        people = make_contacts(session, account, contacts)
        for day in touched:
            make_touch(session, account, on=day, by=owner, summary="call", contacts=people[:1],
                       participants=[owner] if owner else [])
        return account


def make_accounts(db: Db, rows: Iterable[str | dict], **common) -> list[Account]:
    """Several accounts: each a name or a dict of make_account arguments, over the `common` ones."""
    with writing(db) as session:
        return [make_account(session, **(common | ({"name": row} if isinstance(row, str) else row))) for row in rows]


def make_objective(db: Db, account: Account | int, title: str = "Expand to 3 plants", *, team: str | None = None,
                   **fields) -> PlanObjective:
    """An objective of the account's plan (any add_objective field), numbered after the last one."""
    with writing(db) as session:
        return add_objective(session, team_id=_team(session, account, team), account_id=_account_id(account),
                             title=title, **fields)


def make_action(db: Db, account: Account | int, title: str = "ROI study", *, team: str | None = None,
                **fields) -> PlanAction:
    """An action of the account's plan (any add_action field: owner_user, due, status...), numbered after the last."""
    with writing(db) as session:
        return add_action(session, team_id=_team(session, account, team), account_id=_account_id(account),
                          title=title, **fields)


def make_contact(db: Db, account: Account | int, name: str = "Maria Lopez", *, team: str | None = None,
                 **fields) -> Contact:
    """A person at an account (any create_contact field)."""
    with writing(db) as session:
        return create_contact(session, team_id=_team(session, account, team), account_id=_account_id(account),
                              name=name, **fields)


def make_contacts(db: Db, account: Account | int, people: Iterable[str | dict], *, team: str | None = None
                  ) -> list[Contact]:
    """People at an account: each a name or a dict of make_contact arguments."""
    with writing(db) as session:
        return [make_contact(session, account, team=team, **({"name": p} if isinstance(p, str) else p))
                for p in people]


def make_touch(db: Db, account: Account | int, *, on: date, by: str | None = "U1", team: str | None = None,
               kind: str = "call", summary: str = "x", contacts: Iterable[Contact | int] = (),
               **fields) -> Touchpoint:
    """A logged touchpoint (any create_touchpoint field: next_step, next_step_due, participants, source…)."""
    with writing(db) as session:
        ids = [c if isinstance(c, int) else c.id for c in contacts]
        return create_touchpoint(session, team_id=_team(session, account, team), account_id=_account_id(account),
                                 occurred_on=on, kind=kind, summary=summary, logged_by=by, contact_ids=ids, **fields)


def make_touches(db: Db, account: Account | int, days: Iterable[date], **fields) -> list[Touchpoint]:
    """One touchpoint on each day, with the same make_touch arguments."""
    with writing(db) as session:
        return [make_touch(session, account, on=day, **fields) for day in days]


def bulk_accounts(engine: Engine, count: int, *, team: str = "T1", owner: str = "U1", prefix: str = "Account") -> None:
    """Many accounts in two statements (names and their lookup rows): "<prefix> 00000", "<prefix> 00001"…"""
    rows = [{"team_id": team, "name": f"{prefix} {i:05d}", "name_norm": f"{prefix.lower()} {i:05d}", "owner": owner,
             "tier": "ABC"[i % 3], "aliases": "", "created_at": FROZEN_NOW} for i in range(count)]
    with engine.begin() as conn:
        conn.execute(insert(Account), rows)
        ids = conn.execute(select(Account.id, Account.name_norm).where(Account.team_id == team)).all()
        conn.execute(insert(AccountName), [{"team_id": team, "account_id": i, "name_norm": n} for i, n in ids])
