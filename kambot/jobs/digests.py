"""The weekly digest: posted to each subscribed channel once per ISO week, on the subscription's clock."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.engine import Engine

from kambot.domain.schedule import digest_due, zone_named
from kambot.jobs.deliveries import Claims, digest_key
from kambot.jobs.safe import attempt
from kambot.core.digest_render import render_digest
from kambot.core.i18n import channel_link, render
from kambot.core.reply import Reply
from kambot.jobs.messenger import Messenger
from kambot.storage.db import session_scope
from kambot.storage.models import DigestSubscription


@dataclass
class DigestOutcome:
    """What happened to one subscription's digest: sent, retry, failed, taken or dry_run."""

    team_id: str
    channel_id: str
    week: str
    status: str
    messages: int = 0
    error: str | None = None


def iso_week(day: date) -> str:
    """'2026-W48', the period key of a digest."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def subscriptions(engine: Engine, *, team_id: str | None = None,
                  channel_id: str | None = None) -> list[DigestSubscription]:
    """Digest subscriptions, optionally of one team and/or one channel, in a stable order."""
    query = select(DigestSubscription)
    if team_id:
        query = query.where(DigestSubscription.team_id == team_id)
    if channel_id:
        query = query.where(DigestSubscription.channel_id == channel_id)
    with session_scope(engine) as session:
        return list(session.execute(query.order_by(DigestSubscription.team_id, DigestSubscription.id)).scalars())


def digest_replies(engine: Engine, subscription: DigestSubscription, today: date) -> list[Reply]:
    """The digest as one or more messages (render_digest splits what one message cannot hold)."""
    with session_scope(engine) as session:
        return render_digest(session, team_id=subscription.team_id, subscription=subscription, today=today,
                             lang=subscription.lang or "en")


class DigestJob:
    """Posts due digests, each under a claim (or only prints them, for --dry-run)."""

    def __init__(self, engine: Engine, messenger: Messenger, claims: Claims, *, record: bool = True):
        self.engine, self.messenger, self.claims, self.record = engine, messenger, claims, record

    def run(self, now: datetime, *, gate: bool = True, team_id: str | None = None,
            channel_id: str | None = None, subs: list[DigestSubscription] | None = None) -> list[DigestOutcome]:
        """Deliver every due digest (gate=False: this week's, now); one channel's failure stops no other."""
        due: dict[str, tuple[DigestSubscription, str, date]] = {}
        for sub in subs if subs is not None else subscriptions(self.engine, team_id=team_id, channel_id=channel_id):
            tz = zone_named(sub.tz)
            week = digest_due(now, tz, sub.weekday, sub.hour) if gate else iso_week(now.astimezone(tz).date())
            if week is None:
                continue
            key = digest_key(sub.team_id, sub.id, week) if sub.id is not None else f"adhoc:{sub.channel_id}"
            due[key] = (sub, week, now.astimezone(tz).date())
        if self.record:
            open_keys = self.claims.open_keys([k for k in due if not k.startswith("adhoc:")], now)
            due = {k: v for k, v in due.items() if k in open_keys or k.startswith("adhoc:")}
        outcomes = []
        for key, (sub, week, today) in due.items():
            found = attempt(f"digest {sub.team_id}/{sub.channel_id}", self.deliver, key, sub, week, today, now)
            outcomes.append(found or DigestOutcome(sub.team_id, sub.channel_id, week, "failed", 0, "internal error"))
        return outcomes

    def deliver(self, key: str, sub: DigestSubscription, week: str, today: date, now: datetime) -> DigestOutcome:
        """Claim the subscription's week, then post every part of the digest."""
        posted: list[str | None] = []

        def send() -> None:
            # A retry after a failure part-way posts every part again: a digest is read as a whole.
            posted.clear()
            for reply in digest_replies(self.engine, sub, today):
                posted.append(self.messenger.post_channel(sub.team_id, sub.channel_id, reply))

        if not self.record or key.startswith("adhoc:"):  # a one-off for a channel nobody subscribed
            try:
                send()
            except Exception as exc:  # noqa: BLE001 - reported to the caller, who goes on with the rest
                return DigestOutcome(sub.team_id, sub.channel_id, week, "failed", len(posted),
                                     getattr(exc, "error", None) or str(exc))
            return DigestOutcome(sub.team_id, sub.channel_id, week, "dry_run" if not self.record else "sent",
                                 len(posted))
        status, error = self.claims.deliver(key, team_id=sub.team_id, kind="digest", now=now, send=send)
        if error == "not_in_channel" and sub.created_by:
            self.tell_subscriber(sub, now)
        return DigestOutcome(sub.team_id, sub.channel_id, week, status, len(posted), error)

    def tell_subscriber(self, sub: DigestSubscription, now: datetime) -> None:
        """The bot was removed from the channel: DM whoever subscribed it, once (every retry fails the same way)."""
        lang = sub.lang or "en"
        reply = Reply(text=render("digest_not_in_channel", lang, channel=channel_link(sub.channel_id)), lang=lang)
        self.claims.deliver(f"notice:not_in_channel:{sub.team_id}:{sub.id}", team_id=sub.team_id, kind="notice",
                            now=now, send=lambda: self.messenger.send_dm(sub.team_id, sub.created_by, reply))
