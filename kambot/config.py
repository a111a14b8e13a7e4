"""Settings: the one place that reads the environment, validated at start."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
TEMPLATES_DIR = ROOT / "templates"
DEFAULT_DATABASE_URL = f"sqlite:///{DATA_DIR / 'kambot.db'}"
DEFAULT_SCOPES = (
    "commands,chat:write,chat:write.public,im:write,im:history,users:read,users:read.email,app_mentions:read,"
    "channels:history,channels:read,groups:history,files:write"
)


class ConfigError(ValueError):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True)
class Settings:
    """Everything kambot reads from its environment."""

    database_url: str = DEFAULT_DATABASE_URL
    slack_bot_token: str | None = None
    slack_signing_secret: str | None = None
    slack_app_token: str | None = None
    slack_client_id: str | None = None
    slack_client_secret: str | None = None
    slack_scopes: tuple[str, ...] = tuple(DEFAULT_SCOPES.split(","))
    slack_api_url: str = "https://slack.com/api/"
    default_team: str = "T_DEMO"
    default_tz: str = "UTC"
    db_pool_size: int = 5
    db_max_overflow: int = 10
    log_level: str = "INFO"
    http_host: str = "0.0.0.0"  # platforms (Heroku, Cloud Run) route to every interface
    http_port: int = 3000
    extra: dict[str, str] = field(default_factory=dict)

    @property
    def has_socket_mode(self) -> bool:
        """Both tokens needed for Socket Mode are set."""
        return bool(self.slack_app_token and self.slack_bot_token)

    @property
    def has_oauth(self) -> bool:
        """Multi-workspace install through OAuth is configured."""
        return bool(self.slack_client_id and self.slack_client_secret)

    @property
    def has_slack(self) -> bool:
        """Some Slack credentials are configured."""
        return bool(self.slack_bot_token or self.has_oauth)


def _int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, got {raw!r}") from exc


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings from the environment (or a given mapping, for tests)."""
    env = os.environ if env is None else env
    api_url = env.get("SLACK_API_URL") or "https://slack.com/api/"
    if not api_url.endswith("/"):
        api_url += "/"
    database_url = env.get("DATABASE_URL") or DEFAULT_DATABASE_URL
    if database_url.startswith("postgres://"):  # Heroku-style URLs: use the psycopg 3 driver
        database_url = "postgresql+psycopg://" + database_url[len("postgres://"):]
    elif database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    scopes = env.get("SLACK_SCOPES") or DEFAULT_SCOPES
    return Settings(
        database_url=database_url,
        slack_bot_token=env.get("SLACK_BOT_TOKEN") or None,
        slack_signing_secret=env.get("SLACK_SIGNING_SECRET") or None,
        slack_app_token=env.get("SLACK_APP_TOKEN") or None,
        slack_client_id=env.get("SLACK_CLIENT_ID") or None,
        slack_client_secret=env.get("SLACK_CLIENT_SECRET") or None,
        slack_scopes=tuple(s.strip() for s in scopes.split(",") if s.strip()),
        slack_api_url=api_url,
        default_team=env.get("KAMBOT_TEAM") or "T_DEMO",
        default_tz=env.get("KAMBOT_TZ") or "UTC",
        db_pool_size=_int(env, "DB_POOL_SIZE", 5),
        db_max_overflow=_int(env, "DB_MAX_OVERFLOW", 10),
        log_level=(env.get("LOG_LEVEL") or "INFO").upper(),
        http_host=env.get("HOST") or "0.0.0.0",
        http_port=_int(env, "PORT", 3000),
    )
