"""Command-line interface: parses arguments and hands each command to its door or job."""
from __future__ import annotations

import argparse
import sys
from datetime import datetime, timezone

from kambot.config import ConfigError, Settings, load_settings

DEMO_TEAM = "T_DEMO"
DEMO_USER = "U_ANA"


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bot.py", description="kambot: a Slack assistant for key account managers.")
    sub = parser.add_subparsers(dest="command")
    shell = sub.add_parser("shell", help="talk to kambot in the terminal (lines from a terminal or a pipe)")
    shell.add_argument("--user", default=DEMO_USER, help="your Slack user id (default %(default)s)")
    shell.add_argument("--team", default=None, help="workspace id (default: the demo workspace)")
    shell.add_argument("--tz", default=None, help="your time zone, e.g. Europe/Madrid (default: this machine's)")
    shell.add_argument("--lang", default="en", choices=("en", "es"), help="preferred language when unclear")
    shell.add_argument("--json", action="store_true", help="print each reply as the Slack message payload")
    serve = sub.add_parser("serve", help="run the Slack app over HTTP (Bolt's /slack/events)")
    serve.add_argument("--port", type=int, default=None, help="port (default $PORT or 3000)")
    serve.add_argument("--host", default=None, help="address to bind (default 0.0.0.0, or $HOST)")
    sub.add_parser("socket", help="run the Slack app over Socket Mode (needs SLACK_APP_TOKEN)")
    for name, helptext in (("import", "import accounts, contacts, touchpoints or plans from CSV"),):
        imp = sub.add_parser(name, help=helptext)
        imp.add_argument("kind", choices=("accounts", "contacts", "touchpoints", "plans"))
        imp.add_argument("file", help="CSV file (canonical or Salesforce report headers); - for stdin")
        imp.add_argument("--team", default=None)
        imp.add_argument("--skip-invalid", action="store_true", help="import the good rows, list the bad ones")
        imp.add_argument("--strict", action="store_true",
                         help="refuse the whole file when an owner (name or email) matches no Slack user")
    exp = sub.add_parser("export", help="export accounts, contacts, touchpoints or plans as CSV")
    exp.add_argument("kind", choices=("accounts", "contacts", "touchpoints", "plans"))
    exp.add_argument("--team", default=None)
    exp.add_argument("-o", "--output", default=None, help="file to write (default stdout)")
    demo = sub.add_parser("demo", help="reset the demo workspace from data/demo")
    demo.add_argument("--team", default=DEMO_TEAM)
    remind = sub.add_parser("remind", help="send the going-cold reminders that are due now")
    remind.add_argument("--dry-run", action="store_true", help="send and record nothing")
    remind.add_argument("--json", action="store_true", help="print one JSON object per account reminded")
    remind.add_argument("--team", default=None)
    digest = sub.add_parser("digest", help="print or post the weekly digest now")
    digest.add_argument("--dry-run", action="store_true", help="print instead of posting")
    digest.add_argument("--channel", default=None, help="only this channel's subscription")
    digest.add_argument("--team", default=None)
    sub.add_parser("scheduler", help="send reminders and digests when due, sync Salesforce (checks every minute)")
    sf = sub.add_parser("salesforce", help="connect a workspace to its Salesforce org, sync it, push touches")
    sf.add_argument("action", choices=("connect", "status", "sync", "push"))
    sf.add_argument("--team", default=None, help="workspace id (default: KAMBOT_TEAM or the demo workspace)")
    sf.add_argument("--full", action="store_true", help="read everything again, not only what changed")
    sf.add_argument("--dry-run", action="store_true", help="read from Salesforce, save nothing")
    return parser


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _local_tz() -> str:
    try:
        from tzlocal import get_localzone_name

        return get_localzone_name() or "UTC"
    except Exception:  # noqa: BLE001 - an odd machine setup just means UTC
        return "UTC"


def _engine(settings: Settings):
    from kambot.app import build_engine

    return build_engine(settings)


def _shell(settings: Settings, args, *, announce: bool) -> int:
    from kambot.app import build_core
    from kambot.importexport.demo import ensure_demo
    from kambot.shell.repl import run_shell
    from kambot.slack.blocks import reply_payload

    core = build_core(settings)
    team = args.team or settings.default_team
    if team == DEMO_TEAM:
        ensure_demo(core.engine, team=team, today=_now().date())
    if announce:
        print("No Slack credentials set (SLACK_BOT_TOKEN / SLACK_APP_TOKEN), so kambot runs here in the "
              "terminal on the demo workspace. See README, 'Connect to Slack'.", file=sys.stderr)
    tz = getattr(args, "tz", None) or _local_tz()
    as_json = reply_payload if getattr(args, "json", False) else None  # --json shows what Slack would get
    return run_shell(core, team=team, user=getattr(args, "user", DEMO_USER), tz=tz,
                     lang=getattr(args, "lang", "en"), as_json=as_json)


def main(argv: list[str] | None = None) -> int:
    """Run one CLI command; returns the process exit status."""
    argv = sys.argv[1:] if argv is None else argv
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    from kambot.app import configure_logging

    configure_logging(settings)
    command = args.command
    if command is None:
        if settings.has_socket_mode:
            command = "socket"
        else:
            args = _parser().parse_args(["shell"])
            return _shell(settings, args, announce=True)
    if command == "shell":
        return _shell(settings, args, announce=False)
    if command in ("serve", "socket"):
        from kambot.slack import runner

        return runner.run(settings, _engine(settings), mode=command, port=getattr(args, "port", None),
                          host=getattr(args, "host", None))
    if command in ("import", "export"):
        from kambot.importexport import cli as io_cli

        team = args.team or settings.default_team
        if command == "import":
            engine = _engine(settings)
            directory = None
            if settings.has_slack:  # owners named in the file are looked up in the team's Slack
                from kambot.slack.directory import slack_directory

                directory = slack_directory(settings, engine, team)
            return io_cli.run_import(engine, args.kind, args.file, team=team, skip_invalid=args.skip_invalid,
                                     strict=args.strict, directory=directory)
        return io_cli.run_export(_engine(settings), args.kind, team=team, output=args.output)
    if command == "demo":
        from kambot.importexport.demo import reset_demo

        counts = reset_demo(_engine(settings), team=args.team, today=_now().date())
        print(f"demo workspace {args.team} reset: " + ", ".join(f"{n} {k}" for k, n in counts.items()))
        return 0
    if command == "salesforce":
        from kambot.jobs import crm_cli

        engine = _engine(settings)
        team = args.team or settings.default_team
        directory = None
        if settings.has_slack and args.action == "sync":  # Salesforce users are matched to Slack users by email
            from kambot.slack.directory import slack_directory

            directory = slack_directory(settings, engine, team)
        return crm_cli.run(args.action, settings.salesforce, engine, team=team, now=_now(), full=args.full,
                           dry_run=args.dry_run, directory=directory)
    if command in ("remind", "digest", "scheduler"):
        from kambot.jobs import cli as jobs_cli
        from kambot.slack.messenger import SlackMessenger

        engine = _engine(settings)
        from kambot.slack.directory import slack_directory

        return jobs_cli.run(command, settings, engine, args, now=_now(),
                            slack=lambda: SlackMessenger(settings, engine),
                            directory=lambda team: slack_directory(settings, engine, team))
    return 2
