"""Channel queries: which channels kambot reads for touchpoint reports, and which account a channel is linked to."""
from __future__ import annotations

from sqlalchemy import select
from sqlmodel import Session

from kambot.storage.models import Account, AccountChannel, WatchedChannel


def is_watched(session: Session, *, team_id: str, channel_id: str | None) -> bool:
    """Whether kambot reads this channel for touchpoint reports (watched, or linked to an account)."""
    if not channel_id:
        return False
    return (session.get(WatchedChannel, (team_id, channel_id)) is not None
            or session.get(AccountChannel, (team_id, channel_id)) is not None)


def linked_account(session: Session, *, team_id: str, channel_id: str | None) -> Account | None:
    """The account this channel is linked to, if any."""
    if not channel_id or channel_id.startswith("D"):
        return None
    return session.execute(select(Account).join(AccountChannel, AccountChannel.account_id == Account.id).where(
        AccountChannel.team_id == team_id, AccountChannel.channel_id == channel_id,
        Account.team_id == team_id)).scalar_one_or_none()


def account_channels(session: Session, *, team_id: str, account_id: int) -> list[str]:
    """The channels linked to one account, oldest link first."""
    return list(session.execute(select(AccountChannel.channel_id).where(
        AccountChannel.team_id == team_id, AccountChannel.account_id == account_id)
        .order_by(AccountChannel.created_at, AccountChannel.channel_id)).scalars())
