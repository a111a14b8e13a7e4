"""Account queries. Every function takes the team id: no query crosses workspaces."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Sequence

from sqlalchemy import bindparam, delete, func, select, union_all, update
from sqlmodel import Session

from kambot.domain.text import normalize_name, strip_controls
from kambot.storage.models import Account, AccountName, Contact, Team


def split_aliases(aliases: str | Iterable[str] | None) -> list[str]:
    """Aliases as a clean list, from 'ACME; Acme Inc' or a list."""
    if not aliases:
        return []
    items = aliases.split(";") if isinstance(aliases, str) else list(aliases)
    return [a.strip() for a in items if a and a.strip()]


def ensure_team(session: Session, *, team_id: str) -> Team:
    """The team row, created on first use."""
    team = session.get(Team, team_id)
    if team is None:
        team = Team(team_id=team_id)
        session.add(team)
        session.flush()
    return team


def accounts_version(session: Session, *, team_id: str) -> int:
    """A number that changes whenever the team's account names change (cache validation)."""
    value = session.execute(select(Team.accounts_version).where(Team.team_id == team_id)).scalar()
    return value or 0


def _bump_version(session: Session, team_id: str) -> None:
    ensure_team(session, team_id=team_id)
    session.execute(update(Team).where(Team.team_id == team_id).values(accounts_version=Team.accounts_version + 1))


def _write_names(session: Session, account: Account) -> None:
    """Replace the lookup names of an account: its name and each alias, normalised."""
    session.execute(delete(AccountName).where(AccountName.account_id == account.id))
    norms = {account.name_norm, *(normalize_name(a) for a in split_aliases(account.aliases))}
    for norm in sorted(n for n in norms if n):
        session.add(AccountName(team_id=account.team_id, account_id=account.id, name_norm=norm))


def create_account(session: Session, *, team_id: str, name: str, aliases: str | Sequence[str] = "",
                   owner: str | None = None, tier: str = "B", annual_revenue: float | None = None,
                   renewal_date: date | None = None, industry: str | None = None,
                   cadence_days: int | None = None) -> Account:
    """Add an account and its lookup names (control characters never stored)."""
    name, industry = strip_controls(name), strip_controls(industry)
    aliases = strip_controls(aliases) if isinstance(aliases, str) else [strip_controls(a) for a in aliases]
    account = Account(
        team_id=team_id, name=name.strip(), name_norm=normalize_name(name), aliases=";".join(split_aliases(aliases)),
        owner=owner, tier=tier, annual_revenue=annual_revenue, renewal_date=renewal_date, industry=industry,
        cadence_days=cadence_days,
    )
    session.add(account)
    session.flush()
    _write_names(session, account)
    _bump_version(session, team_id)
    return account


def update_account(session: Session, account: Account, **changes) -> Account:
    """Change fields of an account; names are re-indexed when the name or aliases change."""
    changes = {k: strip_controls(v) if isinstance(v, str) else v for k, v in changes.items()}
    if "aliases" in changes:
        changes["aliases"] = ";".join(split_aliases(changes["aliases"]))
    if "name" in changes:
        changes["name"] = changes["name"].strip()
        changes["name_norm"] = normalize_name(changes["name"])
    renamed = any(changes.get(k, getattr(account, k)) != getattr(account, k) for k in ("name", "aliases"))
    for key, value in changes.items():
        setattr(account, key, value)
    session.add(account)
    session.flush()
    if renamed:
        _write_names(session, account)
        _bump_version(session, account.team_id)
    return account


def get_account(session: Session, *, team_id: str, account_id: int) -> Account | None:
    """One account of this team, or None (also None when the id belongs to another team)."""
    account = session.get(Account, account_id)
    return account if account is not None and account.team_id == team_id else None


def account_by_name(session: Session, *, team_id: str, name: str) -> Account | None:
    """The account whose exact normalised name is `name` (aliases not considered)."""
    return session.execute(
        select(Account).where(Account.team_id == team_id, Account.name_norm == normalize_name(name))
    ).scalar_one_or_none()


def accounts_by_norms(session: Session, *, team_id: str, norms: Iterable[str]) -> dict[str, list[int]]:
    """Account ids for each normalised name or alias found among `norms`."""
    norms = sorted({n for n in norms if n})
    if not norms:
        return {}
    rows = session.execute(
        select(AccountName.name_norm, AccountName.account_id)
        .where(AccountName.team_id == team_id, AccountName.name_norm.in_(norms))
    ).all()
    found: dict[str, list[int]] = {}
    for norm, account_id in rows:
        found.setdefault(norm, []).append(account_id)
    return found


# One round trip, each half on its (team_id, name_norm) index; built once so SQLAlchemy skips compiling it.
_KNOWN_NAMES = union_all(
    select(AccountName.name_norm).where(AccountName.team_id == bindparam("team"),
                                        AccountName.name_norm.in_(bindparam("norms", expanding=True))),
    select(Contact.name_norm).where(Contact.team_id == bindparam("team"),
                                    Contact.name_norm.in_(bindparam("norms", expanding=True))),
)


def known_names(session: Session, *, team_id: str, norms: Iterable[str]) -> set[str]:
    """Which normalised phrases are an account's name or alias or a contact's full name in the team."""
    norms = sorted({n for n in norms if n})
    if not norms:
        return set()
    return set(session.execute(_KNOWN_NAMES, {"team": team_id, "norms": norms}).scalars())


def all_account_names(session: Session, *, team_id: str) -> list[tuple[str, int]]:
    """Every (normalised name or alias, account id) of the team, for fuzzy matching."""
    return [tuple(r) for r in session.execute(
        select(AccountName.name_norm, AccountName.account_id).where(AccountName.team_id == team_id)
    ).all()]


def accounts_by_ids(session: Session, *, team_id: str, ids: Iterable[int]) -> dict[int, Account]:
    """Accounts by id, in one query."""
    ids = sorted(set(ids))
    if not ids:
        return {}
    rows = session.execute(select(Account).where(Account.team_id == team_id, Account.id.in_(ids))).scalars()
    return {a.id: a for a in rows}


def list_accounts(session: Session, *, team_id: str, owner: str | None = None) -> list[Account]:
    """The team's accounts (optionally one owner's), by name."""
    query = select(Account).where(Account.team_id == team_id)
    if owner:
        query = query.where(Account.owner == owner)
    return list(session.execute(query.order_by(Account.name_norm)).scalars())


def count_accounts(session: Session, *, team_id: str) -> int:
    """How many accounts the team has."""
    return session.execute(select(func.count()).select_from(Account).where(Account.team_id == team_id)).scalar_one()
