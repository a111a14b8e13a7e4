"""How a file names stored rows: accounts by name or alias, contacts by name or email, resolved to ids."""
from __future__ import annotations

from functools import lru_cache
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.engine import Connection

from kambot.domain.text import normalize_name
from kambot.storage.bulk import chunks, in_values
from kambot.storage.models import Account, AccountName, Contact

norm_name = lru_cache(maxsize=100_000)(normalize_name)  # files name the same accounts and people over and over


def person_key(text: str) -> str:
    """How a file names a contact: by email when it has an @, else by normalised full name."""
    return text.strip().lower() if "@" in text else norm_name(text)


class AccountIds:
    """Account names or aliases (as written in the file) to ids, cached; one query per batch of new names."""

    def __init__(self, conn: Connection, team: str):
        self.conn, self.team, self.cache = conn, team, {}

    def lookup(self, names: Iterable[str]) -> None:
        """Resolve the names not yet cached."""
        missing = {name: norm_name(name) for name in set(names) - self.cache.keys()}
        found: dict[str, dict[int, bool]] = {}
        for part in chunks(sorted(set(missing.values()))):
            for norm, account_id, own in self.conn.execute(
                select(AccountName.name_norm, AccountName.account_id, Account.name_norm == AccountName.name_norm)
                .join(Account, Account.id == AccountName.account_id)
                .where(AccountName.team_id == self.team, in_values(self.conn, AccountName.name_norm, part))
            ):
                found.setdefault(norm, {})[account_id] = bool(own)
        for name, norm in missing.items():
            ids = found.get(norm, {})
            exact = [i for i, own in ids.items() if own]  # its own name beats another account's alias
            if exact or len(ids) == 1:
                self.cache[name] = (exact or list(ids))[0], None
            elif not ids:
                self.cache[name] = None, f"unknown account '{name}'"
            else:
                self.cache[name] = None, (f"account '{name}' is ambiguous: an alias of {len(ids)} accounts "
                                          "(use its name)")

    def get(self, name: str) -> tuple[int | None, str | None]:
        """(account id, None) or (None, what is wrong), for a name passed to lookup()."""
        return self.cache[name]


class ContactIds:
    """The contacts of an account by normalised name and by email, loaded once per account."""

    def __init__(self, conn: Connection, team: str):
        self.conn, self.team, self.by_account = conn, team, {}

    def load(self, account_ids: Iterable[int]) -> None:
        """Load the contacts of the accounts not yet loaded."""
        missing = sorted(set(account_ids) - self.by_account.keys())
        for account_id in missing:
            self.by_account[account_id] = {}
        for part in chunks(missing):
            for contact_id, account_id, norm, email in self.conn.execute(
                select(Contact.id, Contact.account_id, Contact.name_norm, Contact.email)
                .where(Contact.team_id == self.team, in_values(self.conn, Contact.account_id, part))
                .order_by(Contact.id)
            ):
                people = self.by_account[account_id]
                people.setdefault(norm, []).append(contact_id)
                if email:  # never equal to a name: names are normalised to letters, digits and spaces
                    people.setdefault(email, []).append(contact_id)

    def ids(self, account_id: int, account: str, names: Iterable[str]) -> tuple[list[int], list[str]]:
        """Ids of the named contacts, and what could not be matched."""
        people, ids, errors = self.by_account[account_id], [], []
        for name in names:
            hits = people.get(person_key(name), ())
            if len(hits) == 1:
                ids.append(hits[0])
            elif not hits:
                errors.append(f"'{name}' is not a contact at {account}")
            else:
                errors.append(f"'{name}' matches {len(hits)} contacts at {account}; write their email instead")
        return ids, errors
