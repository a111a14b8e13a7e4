"""The Core's read-only entry points for the doors: the Home tab, the log form's pickers, watched channels."""
from __future__ import annotations

import logging
from typing import Callable, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.core.cache import Cache
from kambot.core.context import Context
from kambot.core.home import HomeData, build_home
from kambot.core.pickers import account_choices, contact_choices
from kambot.storage.channels import is_watched
from kambot.storage.db import session_scope

log = logging.getLogger(__name__)
T = TypeVar("T")
Choices = list[tuple[int, str]]  # (id, label) pairs, best first


class Reads:
    """Answers that change nothing, each in its own short transaction (mixed into the Core)."""

    engine: Engine
    cache: Cache

    def home(self, ctx: Context) -> HomeData:
        """What the user's App Home shows today: their accounts, most overdue first, and next steps."""
        return self._read(lambda s: build_home(s, team_id=ctx.team_id, user_id=ctx.user_id, today=ctx.today))

    def is_watched(self, *, team_id: str, channel_id: str) -> bool:
        """Whether kambot reads this channel for touchpoint reports."""
        return self._read(lambda s: is_watched(s, team_id=team_id, channel_id=channel_id))

    def account_choices(self, *, team_id: str, user_id: str | None, query: str) -> Choices:
        """Accounts for a type-ahead picker (the asker's own first); none when the lookup fails."""
        return self._choices("account", lambda s: account_choices(
            s, team_id=team_id, query=query, user_id=user_id, cache=self.cache))

    def contact_choices(self, *, team_id: str, account_id: int | None, query: str) -> Choices:
        """Contacts for a type-ahead picker (of the chosen account, if any); none when the lookup fails."""
        return self._choices("contact", lambda s: contact_choices(
            s, team_id=team_id, query=query, account_id=account_id))

    def _read(self, read: Callable[[Session], T]) -> T:
        with session_scope(self.engine) as session:
            return read(session)

    def _choices(self, what: str, read: Callable[[Session], Choices]) -> Choices:
        try:
            return self._read(read)
        except Exception:  # noqa: BLE001 - an empty list beats a picker stuck on "loading"
            log.exception("%s choices failed", what)
            return []
