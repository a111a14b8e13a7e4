"""The Slack app factory: settings + core in, a Bolt App with every listener out (nothing read from the environment)."""
from __future__ import annotations

import logging
import os
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Callable, Iterator

from slack_bolt import App
from slack_sdk import WebClient

from kambot.config import Settings
from kambot.core.dispatch import Core
from kambot.slack.clients import web_client, with_rate_limit_retry
from kambot.slack.dedupe import Dedupe
from kambot.slack.deps import Deps
from kambot.slack.listeners import register_listeners
from kambot.slack.profiles import Profiles

log = logging.getLogger(__name__)
NOT_INSTALLED = ("kambot is not installed in this workspace any more. Ask a Slack admin to add it again. / "
                 "kambot ya no está instalado en este espacio de trabajo: pide a un administrador que lo reinstale.")
WORKERS = 16  # lazy listeners run here after the ack; Slack's 3-second budget only covers the ack part


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


def _log_error(error: Exception, body: dict) -> None:
    log.error("unhandled error in a Slack listener (%s): %s", body.get("type"), error, exc_info=error)


# Bolt falls back on these when an argument is missing, and builds an OAuth flow of its own when it sees a
# client id and secret. kambot's settings come from config.py alone, so Bolt is built without them in sight.
BOLT_READS = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET",
              "SLACK_VERIFICATION_TOKEN", "SLACK_SCOPES", "SLACK_USER_SCOPES", "SLACK_INSTALL_PATH",
              "SLACK_REDIRECT_URI_PATH", "SLACK_REDIRECT_URI")


@contextmanager
def _without_slack_environment() -> Iterator[None]:
    """Hide Bolt's environment variables while the App is built (startup only, once per process)."""
    hidden = {name: os.environ.pop(name) for name in BOLT_READS if name in os.environ}
    try:
        yield
    finally:
        os.environ.update(hidden)


def create_app(*, settings: Settings, core: Core, client: WebClient | None = None, oauth: bool = False,
               clock: Callable[[], datetime] = _utcnow) -> App:
    """Build the Bolt app: one workspace with settings.slack_bot_token, or many through OAuth."""
    # process_before_response: each listener's small ack part runs on the request thread and answers at once
    # (no polling); its lazy part (the real work) runs on the pool afterwards. See listeners/lazy.py.
    common = dict(name="kambot", signing_secret=settings.slack_signing_secret or "", process_before_response=True,
                  logger=logging.getLogger("kambot.bolt"),
                  listener_executor=ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="kambot-slack"))
    if oauth:
        from kambot.slack.oauth import oauth_parts

        client = with_rate_limit_retry(client or web_client(settings))
        oauth_settings, authorize = oauth_parts(settings, core.engine, client)
        with _without_slack_environment():
            app = App(client=client, oauth_settings=oauth_settings, authorize=authorize,
                      user_facing_authorize_error_message=NOT_INSTALLED, **common)
        app.enable_token_revocation_listeners()  # app_uninstalled / tokens_revoked delete installations
    else:
        client = with_rate_limit_retry(client or web_client(settings, settings.slack_bot_token))
        with _without_slack_environment():
            app = App(client=client, **common)
    app.use(Dedupe(core.engine, clock).middleware)  # after Bolt's signature check, before any listener
    deps = Deps(settings=settings, core=core, clock=clock, profiles=Profiles(core.engine, clock))
    register_listeners(app, deps)
    app.error(_log_error)
    return app
