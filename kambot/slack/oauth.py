"""Installing kambot in many workspaces: OAuth with installations and states kept in kambot's own database."""
from __future__ import annotations

import logging
from urllib.parse import urljoin

from slack_bolt.authorization.authorize import InstallationStoreAuthorize
from slack_bolt.oauth.oauth_settings import OAuthSettings
from slack_sdk import WebClient
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DatabaseError

from kambot.config import Settings

log = logging.getLogger(__name__)
INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600


def authorize_url(api_url: str) -> str:
    """The OAuth authorize page next to the API: slack.com or slack-gov.com (GovSlack) alike."""
    return urljoin(api_url, "../oauth/v2/authorize")


def _create(store) -> None:
    try:
        store.create_tables()
    except DatabaseError:
        log.info("%s tables already created by another process", type(store).__name__)


def oauth_parts(settings: Settings, engine: Engine, client: WebClient) -> tuple[OAuthSettings, InstallationStoreAuthorize]:
    """OAuth settings and a cached authorize step, both on kambot's engine (tables created on first start)."""
    # Imported here: the SQLAlchemy stores need greenlet, which only OAuth deployments must install.
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore
    from slack_sdk.oauth.state_store.sqlalchemy import SQLAlchemyOAuthStateStore

    installations = SQLAlchemyInstallationStore(client_id=settings.slack_client_id, engine=engine)
    states = SQLAlchemyOAuthStateStore(expiration_seconds=STATE_SECONDS, engine=engine)
    _create(installations)
    _create(states)
    oauth = OAuthSettings(
        client_id=settings.slack_client_id, client_secret=settings.slack_client_secret,
        scopes=list(settings.slack_scopes), user_scopes=[], installation_store=installations,
        state_store=states, install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        authorization_url=authorize_url(settings.slack_api_url), state_expiration_seconds=STATE_SECONDS,
    )
    # cache_enabled: without it Bolt calls auth.test on every request, on the ack path.
    authorize = InstallationStoreAuthorize(
        logger=logging.getLogger("kambot.slack.authorize"), installation_store=installations,
        client_id=settings.slack_client_id, client_secret=settings.slack_client_secret, cache_enabled=True,
        client=client,
    )
    return oauth, authorize
