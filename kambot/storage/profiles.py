"""Stored Slack user profiles (time zone, locale, display name), read and written by one query each."""
from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.domain.profile import Profile
from kambot.storage.db import aware, session_scope
from kambot.storage.models import UserProfile


def stored_profile(session: Session, *, team_id: str, user_id: str) -> Profile | None:
    """The profile stored for the user, or None."""
    row = session.get(UserProfile, (team_id, user_id))
    return None if row is None else Profile(row.tz, row.locale, aware(row.fetched_at))


def save_profile(engine: Engine, *, team_id: str, user_id: str, profile: Profile, name: str | None) -> None:
    """Store (or refresh) a user's profile; a concurrent insert of the same user by another process wins."""
    try:
        with session_scope(engine) as session:
            row = session.get(UserProfile, (team_id, user_id)) or UserProfile(team_id=team_id, user_id=user_id)
            row.tz, row.locale, row.name, row.fetched_at = profile.tz, profile.locale, name, profile.fetched_at
            session.add(row)
    except IntegrityError:
        pass  # another process stored the same user a moment ago; either copy will do


def read_profile(engine: Engine, *, team_id: str, user_id: str) -> Profile | None:
    """The stored profile in a session of its own."""
    with session_scope(engine) as session:
        return stored_profile(session, team_id=team_id, user_id=user_id)


def stored_name(session: Session, *, team_id: str, user_id: str) -> str | None:
    """The user's name as Slack last told us, or None."""
    row = session.get(UserProfile, (team_id, user_id))
    return row.name if row is not None else None
