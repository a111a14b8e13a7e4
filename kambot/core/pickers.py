"""Type-ahead choices for the account and contact pickers (Slack's external selects), as (id, label) pairs."""
from __future__ import annotations

import logging

from sqlalchemy import case, select
from sqlmodel import Session

from kambot.core.cache import Cache
from kambot.core.resolve import name_index
from kambot.domain.text import normalize_name
from kambot.storage.accounts import accounts_by_ids
from kambot.storage.models import Account, AccountName, Contact

log = logging.getLogger(__name__)
MAX_CHOICES = 100  # Slack shows at most 100 options
TYPO_MIN = 70  # a fuzzy hit below this similarity is noise in a picker


def _like(norm: str) -> str:
    # normalize_name leaves only [0-9a-z ], so no LIKE wildcard can come from the user
    return f"%{norm}%"


def account_choices(session: Session, *, team_id: str, query: str, user_id: str | None = None,
                    limit: int = MAX_CHOICES, cache: Cache | None = None) -> list[tuple[int, str]]:
    """Accounts whose name or alias contains the typed text (prefix and own first), then close typos."""
    norm = normalize_name(query)
    mine = [case((Account.owner == user_id, 0), else_=1)] if user_id else []
    if not norm:
        rows = session.execute(
            select(Account.id, Account.name).where(Account.team_id == team_id)
            .order_by(*mine, Account.name_norm).limit(limit)
        ).all()
        return [(r[0], r[1]) for r in rows]
    matching = select(AccountName.account_id).where(
        AccountName.team_id == team_id, AccountName.name_norm.like(_like(norm)))
    prefix = case((Account.name_norm.like(f"{norm}%"), 0), else_=1)
    rows = session.execute(
        select(Account.id, Account.name).where(Account.team_id == team_id, Account.id.in_(matching))
        .order_by(prefix, *mine, Account.name_norm).limit(limit)
    ).all()
    found = [(r[0], r[1]) for r in rows]
    if cache is not None and len(found) < limit:
        found += _typos(session, team_id, norm, cache, {i for i, _ in found}, limit - len(found))
    return found


def _typos(session: Session, team_id: str, norm: str, cache: Cache, seen: set[int], room: int) -> list[tuple[int, str]]:
    """Accounts the log command's trigram index finds close to the text ("Umbrela" -> Umbrella)."""
    try:
        hits = [h for h in name_index(session, team_id=team_id, cache=cache).search(norm)
                if _score(h) >= TYPO_MIN and h.account_id not in seen]
    except Exception:  # noqa: BLE001 - typo tolerance is a bonus; the substring matches above still stand
        log.exception("fuzzy account search failed")
        return []
    ids = list(dict.fromkeys(h.account_id for h in hits))[:room]
    accounts = accounts_by_ids(session, team_id=team_id, ids=ids)
    return [(i, accounts[i].name) for i in ids if i in accounts]


def contact_choices(session: Session, *, team_id: str, account_id: int | None, query: str,
                    limit: int = MAX_CHOICES) -> list[tuple[int, str]]:
    """Active contacts of the chosen account matching the typed text (any account when none is chosen)."""
    norm = normalize_name(query)
    where = [Contact.team_id == team_id, Contact.status == "active"]
    if account_id is not None:
        where.append(Contact.account_id == account_id)
    if norm:
        where.append(Contact.name_norm.like(_like(norm)))
    rows = session.execute(
        select(Contact.id, Contact.name, Contact.title, Account.name)
        .join(Account, Account.id == Contact.account_id).where(*where)
        .order_by(Contact.name_norm).limit(limit)
    ).all()
    return [(r[0], _contact_label(r[1], r[2], None if account_id is not None else r[3])) for r in rows]


def _score(hit) -> float:
    """A hit's similarity with prefix matching allowed (the index's API: a method, formerly an attribute)."""
    return hit.score(prefix=True) if callable(hit.score) else hit.score


def _contact_label(name: str, title: str | None, account: str | None) -> str:
    extra = " · ".join(x for x in (title, account) if x)
    return f"{name} ({extra})" if extra else name
