"""Users' time zones and locales: memory, then the UserProfile table, then users.info (never on the ack path)."""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta
from typing import Callable

from sqlalchemy.engine import Engine
from slack_sdk import WebClient

from kambot.domain.profile import Profile
from kambot.storage.profiles import read_profile, save_profile

log = logging.getLogger(__name__)
TTL = timedelta(hours=12)  # people rarely move time zones; a day-old answer is still almost always right


class Profiles:
    """A read-through cache of users.info; safe to share between threads and processes."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime], ttl: timedelta = TTL):
        self._engine, self._clock, self._ttl = engine, clock, ttl
        self._memory: dict[tuple[str, str], Profile] = {}
        self._lock = threading.Lock()

    def peek(self, team_id: str, user_id: str) -> Profile | None:
        """The profile known without asking Slack (possibly stale), or None: safe before the ack."""
        key = (team_id, user_id)
        with self._lock:
            found = self._memory.get(key)
        if found is not None:
            return found
        found = read_profile(self._engine, team_id=team_id, user_id=user_id)
        if found is None:
            return None
        with self._lock:
            self._memory[key] = found
        return found

    def get(self, client: WebClient, team_id: str, user_id: str) -> Profile | None:
        """A fresh profile, asking users.info when the cached one is missing or older than the TTL."""
        known = self.peek(team_id, user_id)
        if known is not None and self._clock() - known.fetched_at < self._ttl:
            return known
        try:
            user = client.users_info(user=user_id, include_locale=True)["user"]
        except Exception as exc:  # noqa: BLE001 - a stale or default zone beats no answer at all
            log.warning("users.info failed for %s/%s: %s", team_id, user_id, exc)
            return known
        fresh = Profile(user.get("tz"), user.get("locale"), self._clock())
        self._save(team_id, user_id, fresh, user.get("real_name") or user.get("name"))
        return fresh

    def names(self, client: WebClient, team_id: str, user_ids: list[str]) -> dict[str, str]:
        """Names of colleagues kambot has no name for (users.info each, then kept in the UserProfile table)."""
        found: dict[str, str] = {}
        for user_id in user_ids:
            try:
                user = client.users_info(user=user_id, include_locale=True)["user"]
            except Exception as exc:  # noqa: BLE001 - the id is shown instead; nothing else depends on it
                log.warning("users.info failed for %s/%s: %s", team_id, user_id, exc)
                continue
            name = (user.get("real_name") or user.get("name") or "").strip()
            self._save(team_id, user_id, Profile(user.get("tz"), user.get("locale"), self._clock()), name or None)
            if name:
                found[user_id] = name
        return found

    def _save(self, team_id: str, user_id: str, profile: Profile, name: str | None) -> None:
        with self._lock:
            self._memory[(team_id, user_id)] = profile
        save_profile(self._engine, team_id=team_id, user_id=user_id, profile=profile, name=name)
