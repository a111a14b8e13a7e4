"""`bot.py remind | digest | scheduler`: the jobs from the command line."""
from __future__ import annotations

import io
import json
import sys
from datetime import datetime
from typing import Callable

from sqlalchemy.engine import Engine

from kambot.config import Settings
from kambot.jobs.crm_schedule import CrmSchedule
from kambot.jobs.deliveries import Claims
from kambot.jobs.digests import DigestJob, subscriptions
from kambot.jobs.reminders import ReminderJob, teams_with_owners
from kambot.jobs.scheduler import Scheduler
from kambot.jobs.messenger import Messenger
from kambot.jobs.print_messenger import PrintMessenger
from kambot.storage.models import DigestSubscription

NEEDS_TOKEN = ("kambot {command} sends Slack messages and needs a bot token: set SLACK_BOT_TOKEN (or "
               "SLACK_CLIENT_ID and SLACK_CLIENT_SECRET for workspaces installed through OAuth){hint}.")


SlackFactory = Callable[[], Messenger]  # the Slack door's messenger, built by the composing CLI


def run(command: str, settings: Settings, engine: Engine, args, *, now: datetime,
        slack: SlackFactory | None = None, directory=lambda _team: None) -> int:
    """Run one job command; returns the exit status (non-zero when something could not be delivered)."""
    dry_run = bool(getattr(args, "dry_run", False))
    if not dry_run and (slack is None or not settings.has_slack):
        hint = ", or add --dry-run to see what would be sent" if command != "scheduler" else ""
        print(NEEDS_TOKEN.format(command=command, hint=hint), file=sys.stderr)
        return 2
    if command == "remind":
        return remind(settings, engine, slack, now=now, dry_run=dry_run, as_json=bool(args.json), team=args.team)
    if command == "digest":
        return digest(settings, engine, slack, now=now, dry_run=dry_run, channel=args.channel, team=args.team)
    if command == "scheduler":
        messenger = slack()

        def crm(claims: Claims) -> CrmSchedule:  # each connected workspace's org: pushed each tick, synced every few
            return CrmSchedule(engine, settings.salesforce, claims, messenger, directory_for=directory)
        scheduler = Scheduler(engine, messenger, default_tz=settings.default_tz, crm=crm)
        print(f"kambot scheduler {scheduler.claims.worker}: checking every minute (Ctrl-C to stop)", file=sys.stderr)
        return scheduler.run_forever()
    print(f"unknown job command {command!r}", file=sys.stderr)
    return 2


def _messenger(engine: Engine, slack: SlackFactory | None, *, dry_run: bool, quiet: bool = False) -> Messenger:
    if dry_run:  # with --json only the JSON goes to stdout
        return PrintMessenger(engine, io.StringIO() if quiet else sys.stdout)
    assert slack is not None, "run() refuses a real send without the Slack door's messenger"
    return slack()


def remind(settings: Settings, engine: Engine, slack: SlackFactory | None, *, now: datetime, dry_run: bool,
           as_json: bool, team: str | None) -> int:
    """Send (or show) today's reminders now, whatever the hour: still one per owner per local day, claimed."""
    messenger = _messenger(engine, slack, dry_run=dry_run, quiet=as_json)
    job = ReminderJob(engine, messenger, Claims(engine), default_tz=settings.default_tz, record=not dry_run)
    outcomes = []
    for team_id in [team] if team else teams_with_owners(engine):
        outcomes += job.run(team_id, now, gate=False)
    shown = [o for o in outcomes if o.status in ("sent", "dry_run")]
    if as_json:
        print(json.dumps([row for o in shown for row in o.json_rows()], ensure_ascii=False, indent=2))
    else:
        verb = "would be sent (dry run: nothing sent or recorded)" if dry_run else "sent"
        accounts = sum(len(o.items) for o in shown)
        actions = sum(len(o.actions) for o in shown)
        plans = f" and {actions} plan action(s)" if actions else ""
        print(f"{len(shown)} reminder(s) about {accounts} account(s){plans} {verb}.")
    return _report_failures([(f"{o.team_id}/{o.owner}", o) for o in outcomes])


def digest(settings: Settings, engine: Engine, slack: SlackFactory | None, *, now: datetime, dry_run: bool,
           channel: str | None, team: str | None) -> int:
    """Print or post this week's digest now, for every subscription (or one channel's)."""
    subs = subscriptions(engine, team_id=team, channel_id=channel)
    if channel and not subs:  # a channel nobody subscribed: a one-off digest of the whole team
        subs = [DigestSubscription(team_id=team or settings.default_team, channel_id=channel, tz=settings.default_tz)]
    if not subs:
        print("No digest subscriptions yet: subscribe a channel, or pass --channel C… for a one-off digest.")
        return 0
    messenger = _messenger(engine, slack, dry_run=dry_run)
    outcomes = DigestJob(engine, messenger, Claims(engine), record=not dry_run).run(now, gate=False, subs=subs)
    done = {(o.team_id, o.channel_id) for o in outcomes}
    for sub in subs:
        if (sub.team_id, sub.channel_id) not in done:
            print(f"#{sub.channel_id}: this week's digest was already posted (it goes out once a week).")
    for o in outcomes:
        if o.status in ("sent", "dry_run"):
            verb = "printed" if dry_run else "posted"
            print(f"#{o.channel_id}: digest {o.week} {verb} ({o.messages} message(s)).", file=sys.stderr)
    return _report_failures([(f"#{o.team_id}/{o.channel_id}", o) for o in outcomes])


def _report_failures(outcomes: list) -> int:
    failed = [(name, o) for name, o in outcomes if o.status in ("failed", "retry")]
    for name, o in failed:
        later = " (the scheduler will retry)" if o.status == "retry" else ""
        print(f"{name}: not delivered: {o.error}{later}", file=sys.stderr)
    return 1 if failed else 0
