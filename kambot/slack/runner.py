"""Running the Slack door: HTTP (`bot.py serve`) or Socket Mode (`bot.py socket`), with settings checked first."""
from __future__ import annotations

import logging
import signal

from sqlalchemy.engine import Engine

from kambot.config import Settings

log = logging.getLogger(__name__)


def missing_settings(settings: Settings, mode: str) -> list[str]:
    """What must be set before `mode` can run, as messages that name the variable and where to find it."""
    problems = []
    if mode == "serve" and not settings.slack_signing_secret:
        problems.append("SLACK_SIGNING_SECRET is not set (Slack app > Basic Information > Signing Secret)")
    if mode == "socket" and not settings.slack_app_token:
        problems.append("SLACK_APP_TOKEN is not set (Basic Information > App-Level Tokens, scope connections:write)")
    if mode == "socket" and not settings.slack_bot_token:
        problems.append("SLACK_BOT_TOKEN is not set (OAuth & Permissions > Bot User OAuth Token, xoxb-...)")
    if mode == "serve" and not (settings.slack_bot_token or settings.has_oauth):
        problems.append("set SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and SLACK_CLIENT_SECRET (OAuth)")
    return problems


def _stop_on_sigterm() -> None:
    def stop(signum, frame):
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # supervisors may signal twice (child and group)
        raise KeyboardInterrupt  # unwinds serve_forever so the socket and database pool close cleanly

    signal.signal(signal.SIGTERM, stop)


def _warm_up() -> None:
    """Load the date parser now, so the first person to log a touchpoint does not wait for it."""
    try:
        from kambot.domain.parsing.line import warm_up

        warm_up()
    except Exception:  # noqa: BLE001 - a cold parser is slow, not broken
        log.warning("parser warm-up failed", exc_info=True)


def run(settings: Settings, engine: Engine, *, mode: str = "serve", port: int | None = None,
        host: str | None = None) -> int:
    """Serve Slack until stopped; 2 when settings are missing or Slack refuses the credentials."""
    problems = missing_settings(settings, mode)
    if problems:
        for problem in problems:
            log.error("cannot start '%s': %s", mode, problem)
        log.error("see docs/slack.md, 'Connect to Slack'")
        return 2
    from slack_bolt.error import BoltError
    from slack_sdk.errors import SlackApiError

    from kambot.app import build_core, freeze_startup_objects
    from kambot.slack.app import create_app

    oauth = mode == "serve" and settings.has_oauth
    try:
        app = create_app(settings=settings, core=build_core(settings, engine), oauth=oauth)
    except (BoltError, SlackApiError) as exc:  # Bolt checks the token with auth.test at start
        log.error("Slack refused the credentials (%s): check SLACK_BOT_TOKEN and SLACK_API_URL", exc)
        return 2
    except OSError as exc:
        log.error("cannot reach Slack at %s (%s): check SLACK_API_URL and the network", settings.slack_api_url, exc)
        return 2
    except ImportError as exc:
        log.error("OAuth needs an extra package: %s (pip install greenlet)", exc)
        return 2
    _warm_up()
    freeze_startup_objects()
    _stop_on_sigterm()
    if mode == "socket":
        from slack_bolt.adapter.socket_mode import SocketModeHandler

        log.info("kambot: connecting to Slack over Socket Mode")
        try:
            SocketModeHandler(app, settings.slack_app_token).start()
        except KeyboardInterrupt:
            pass
        return 0
    from kambot.slack.wsgi import make_http_server

    server = make_http_server(app, host or settings.http_host, port if port is not None else settings.http_port)
    log.info("kambot listening on http://%s:%s/slack/events (health: /healthz)", *server.server_address[:2])
    try:
        server.serve_forever(poll_interval=0.5)
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
        engine.dispose()
    return 0
