"""Going-cold reminders: one DM a day per owner bundling their stale accounts, then their plan actions due,
at 9:00 on their own clock."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, union
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Session

from kambot.core.i18n import label, render
from kambot.core.reply import Button, Item, Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.stored_relationships import account_relationships
from kambot.domain.profile import lang_from_locale
from kambot.domain.recommend import approach_text, recommend
from kambot.domain.reminders import DueAction, ReminderItem
from kambot.domain.schedule import reminder_due, zone_named
from kambot.domain.text import Mrkdwn
from kambot.jobs.deliveries import Claims, reminder_key
from kambot.jobs.reminder_scan import due_actions, scan
from kambot.jobs.safe import attempt
from kambot.jobs.messenger import Messenger
from kambot.storage.accounts import accounts_by_ids
from kambot.storage.db import session_scope
from kambot.storage.models import Account, ReminderLog
from kambot.storage.plan_models import PlanAction

SHOWN = 20  # 1 intro + 20 x (section + buttons) + 1 "more" note = 42 Slack blocks, under its 50
ACTIONS_SHOWN = 15  # plan actions listed in one section after the accounts (+ 1 block: 43 at most)
ACTIONS_TEXT = 2900  # that section's text stays under Slack's 3,000 characters, "and N more" included
TITLE_CHARS = 200  # a long action title is cut in the list (the plan shows it whole)


@dataclass
class Outcome:
    """What happened to one owner's reminder: sent, retry, failed, taken (by another worker) or dry_run."""

    team_id: str
    owner: str
    day: date
    status: str
    items: list[ReminderItem] = field(default_factory=list)
    error: str | None = None
    actions: list[DueAction] = field(default_factory=list)

    def json_rows(self) -> list[dict[str, Any]]:
        """One object per account, then per plan action, in the reminder, as `remind --json` prints them."""
        return [*({"owner": self.owner, "account": i.name, "days_since_last_touch": i.days_since_last_touch,
                   "tier": i.tier} for i in self.items),
                *({"owner": self.owner, "account": a.account, "action": a.number, "title": a.title,
                   "due": a.due.isoformat()} for a in self.actions)]


def owners_of(session: Session, *, team_id: str) -> list[str]:
    """Everyone who owns at least one account or one open plan action in the team."""
    query = union(
        select(Account.owner).where(Account.team_id == team_id, Account.owner.is_not(None)),
        select(PlanAction.owner_user).where(PlanAction.team_id == team_id, PlanAction.owner_user.is_not(None),
                                            PlanAction.status == "open"))
    return sorted(session.execute(query).scalars())


def teams_with_owners(engine: Engine) -> list[str]:
    """Teams that have owned accounts or owned open plan actions, hence possibly reminders."""
    with session_scope(engine) as session:
        query = union(select(Account.team_id).where(Account.owner.is_not(None)),
                      select(PlanAction.team_id).where(PlanAction.owner_user.is_not(None),
                                                       PlanAction.status == "open"))
        return sorted(session.execute(query).scalars())


def _contact(session: Session, account: Account, owner: str, today: date, lang: str) -> dict | None:
    """The person to contact next at the account, why, and the way in (the who answer's top pick)."""
    people, relationships = account_relationships(session, team_id=account.team_id, account_id=account.id,
                                                  today=today)
    if not people:
        return None
    top = recommend(people, relationships, asker=owner, today=today, topic=None).top
    if top is None:
        return None
    role = "_".join((top.person.role or "").lower().split())
    return {"name": top.person.name, "role": label(lang, "role", role) if role else "", "reason": top.reason_code,
            "how": Mrkdwn(approach_text(top, {p.id: p for p in people}, lang, today=today))}


def actions_text(actions: list[DueAction], *, today: date, lang: str, heading: bool,
                 shown: int = ACTIONS_SHOWN) -> str:
    """The plan actions due, one line each, as many as fit one Slack section; the rest only counted."""
    def text(count: int) -> str:
        lines = [{"account": a.account, "number": a.number, "title": _cut(a.title, TITLE_CHARS), "due": a.due,
                  "late": (today - a.due).days} for a in actions[:count]]
        return render("reminder_actions", lang, actions=lines, hidden=len(actions) - count, heading=heading)

    count = min(shown, len(actions))
    found = text(count)
    while count > 1 and len(found) > ACTIONS_TEXT:
        count -= 1
        found = text(count)
    return found


def _cut(value: str, limit: int) -> str:
    return value if len(value) <= limit else value[: limit - 1].rstrip() + "…"


def reminder_reply(session: Session, *, team_id: str, owner: str, items: list[ReminderItem], today: date,
                   lang: str, shown: int = SHOWN, actions: list[DueAction] | None = None) -> Reply:
    """The DM: an intro, then per account a line with its buttons; past `shown` accounts only a count; then
    the owner's plan actions due (overdue or within a week) in one section."""
    actions = actions or []
    intro = render("reminder", lang, count=len(items), names=[i.name for i in items[:3]], actions=len(actions))
    accounts = accounts_by_ids(session, team_id=team_id, ids=[i.account_id for i in items[:shown]])
    entries = []
    for item in items[:shown]:
        account = accounts.get(item.account_id)
        contact = _contact(session, account, owner, today, lang) if account is not None else None
        text = render("reminder_account", lang, account=item.name, tier=item.tier, days=item.days_since_last_touch,
                      cadence=item.cadence_days, contact=contact)
        value = str(item.account_id)
        entries.append(Item(key=value, text=text, buttons=(
            Button(label(lang, "button", "log_touch"), "reminder_log_touch", value, style="primary"),
            Button(label(lang, "button", "snooze_week"), "reminder_snooze_week", value),
            Button(label(lang, "button", "snooze_month"), "reminder_snooze_month", value),
        )))
    more = render("reminder_more", lang, count=len(items) - shown) if len(items) > shown else None
    if actions:  # after the accounts: their "and N more" stays with them, the actions close the message
        if more:
            entries.append(Item(key="more", text=more))
        entries.append(Item(key="plan_actions", text=actions_text(actions, today=today, lang=lang,
                                                                  heading=bool(items))))
        more = None
    return Reply(text=intro, kind=ReplyKind.REMINDER, items=entries, note=more, lang=lang,
                 data={"actions": [(a.account_id, a.number) for a in actions]})


class ReminderJob:
    """Finds due reminders and delivers each owner's DM under a claim (or only prints, for --dry-run)."""

    def __init__(self, engine: Engine, messenger: Messenger, claims: Claims, *, default_tz: str = "UTC",
                 record: bool = True, shown: int = SHOWN):
        self.engine, self.messenger, self.claims = engine, messenger, claims
        self.default_tz, self.record, self.shown = default_tz, record, shown
        self._people: dict[tuple[str, str, date], tuple[ZoneInfo, str]] = {}  # refreshed once a UTC day
        self._nothing: set[str] = set()  # keys found with nothing due: no rescans every minute all day

    def person(self, team_id: str, owner: str, now: datetime) -> tuple[ZoneInfo, str]:
        """The owner's time zone and language (users.info when unknown; the default zone when Slack fails)."""
        key = (team_id, owner, now.date())
        if key not in self._people:
            if self._people and next(iter(self._people))[2] != key[2]:
                self._people.clear()  # a new UTC day: forget yesterday's answers
                self._nothing.clear()
            profile = attempt(f"users.info {team_id}/{owner}", self.messenger.user_profile, team_id, owner)
            self._people[key] = (zone_named(profile.tz if profile else None, self.default_tz),
                                 lang_from_locale(profile.locale if profile else None))
        return self._people[key]

    def due_days(self, team_id: str, now: datetime, *, gate: bool) -> dict[str, date]:
        """Owner -> local day whose reminder is still to deliver (gate: only from 9:00 on weekdays)."""
        with session_scope(self.engine) as session:
            owners = owners_of(session, team_id=team_id)
        days: dict[str, date] = {}
        for owner in owners:
            tz, _lang = self.person(team_id, owner, now)
            period = reminder_due(now, tz) if gate else now.astimezone(tz).date().isoformat()
            if period is not None:
                days[owner] = date.fromisoformat(period)
        keys = {reminder_key(team_id, o, d.isoformat()): o for o, d in days.items()}
        if self.record:
            still = self.claims.open_keys(keys, now) - self._nothing
        else:  # a dry run shows what is due now: everything not already delivered today
            done = {k for k, row in self.claims.rows(keys).items() if row.status in ("sent", "failed")}
            still = set(keys) - done
        return {keys[k]: days[keys[k]] for k in still}

    def run(self, team_id: str, now: datetime, *, gate: bool = True) -> list[Outcome]:
        """Deliver every due reminder of one team; one owner's failure never stops the others."""
        days = self.due_days(team_id, now, gate=gate)
        if not days:
            return []
        with session_scope(self.engine) as session:
            due = scan(session, team_id=team_id, days=days)
            plans = due_actions(session, team_id=team_id, days=days)
        for owner in set(days) - set(due) - set(plans):
            self._nothing.add(reminder_key(team_id, owner, days[owner].isoformat()))
        outcomes = []
        for owner in sorted(set(due) | set(plans)):
            items, actions = due.get(owner, []), plans.get(owner, [])
            found = attempt(f"reminder {team_id}/{owner}", self.deliver, team_id, owner, days[owner], items, now,
                            actions)
            outcomes.append(found or Outcome(team_id, owner, days[owner], "failed", items, "internal error",
                                             actions))
        return outcomes

    def deliver(self, team_id: str, owner: str, day: date, items: list[ReminderItem], now: datetime,
                actions: list[DueAction] | None = None) -> Outcome:
        """Claim the owner's day, send the DM, then log every account in it (quiet for a week).

        Plan actions are not logged: one due comes back in the next day's DM until it is done or dropped.
        """
        _tz, lang = self.person(team_id, owner, now)
        actions = actions or []

        def send() -> None:
            with session_scope(self.engine) as session:
                reply = reminder_reply(session, team_id=team_id, owner=owner, items=items, today=day,
                                       lang=lang, shown=self.shown, actions=actions)
            self.messenger.send_dm(team_id, owner, reply)

        if not self.record:
            send()
            return Outcome(team_id, owner, day, "dry_run", items, actions=actions)

        def remember(conn: Connection) -> None:
            # Every account of the bundle, the ones summarised as "and N more" too: the DM was about all
            # of them, so all are quiet for the week. One executemany, whatever the bundle's size.
            rows = [{"team_id": team_id, "account_id": i.account_id, "owner": owner, "reminded_on": day}
                    for i in items]
            if rows:  # an owner with only plan actions due has no account to keep quiet
                conn.execute(insert(ReminderLog.__table__), rows)

        status, error = self.claims.deliver(reminder_key(team_id, owner, day.isoformat()), team_id=team_id,
                                            kind="reminder", now=now, send=send, after=remember)
        return Outcome(team_id, owner, day, status, items, error, actions)
