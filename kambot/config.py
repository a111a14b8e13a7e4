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
class SalesforceSettings:
    """How kambot reaches a Salesforce org and maps it (defaults for `bot.py salesforce connect`)."""

    login_url: str = "https://login.salesforce.com"
    client_id: str | None = None
    client_secret: str | None = None
    username: str | None = None  # JWT bearer flow: with private_key_file
    private_key_file: str | None = None
    api_version: str = "62.0"
    tier_field: str | None = None  # e.g. Tier__c: its A/B/C (or 1/2/3) becomes the account's tier
    renewal_source: str = "contract"  # contract: Contract.EndDate | opportunity: open renewal CloseDate
    meetings_as: str = "event"  # meetings, meals and events become Events (or Tasks)
    external_id_field: str = "Kambot_Key__c"  # used for upserts when the org has it on Task and Event
    push_contacts: bool = False
    ca_bundle: str | None = None  # a private CA (a proxy, or the tests' fake)
    sync_minutes: int = 15
    timeout_seconds: int = 30
    push_lease_seconds: int = 300  # a push silent this long is taken to have crashed: its records go to another

    @property
    def configured(self) -> bool:
        """Either login flow has what it needs."""
        return bool(self.client_id and (self.client_secret or (self.username and self.private_key_file)))


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
    salesforce: SalesforceSettings = field(default_factory=SalesforceSettings)
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


def _login_url(env: Mapping[str, str]) -> str:
    """SALESFORCE_LOGIN_URL, else SALESFORCE_DOMAIN as simple-salesforce names it (login, test, acme.my)."""
    url = env.get("SALESFORCE_LOGIN_URL") or env.get("SALESFORCE_INSTANCE_URL")
    if not url:
        domain = env.get("SALESFORCE_DOMAIN") or "login"
        url = domain if "://" in domain else f"https://{domain}.salesforce.com"
    if not url.startswith("https://"):
        raise ConfigError(f"SALESFORCE_LOGIN_URL must start with https://, got {url!r}")
    return url.rstrip("/")


def _choice(env: Mapping[str, str], name: str, default: str, options: tuple[str, ...]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in options:
        raise ConfigError(f"{name} must be one of {', '.join(options)}, got {value!r}")
    return value


def _salesforce(env: Mapping[str, str]) -> SalesforceSettings:
    version = (env.get("SALESFORCE_API_VERSION") or "62.0").lstrip("vV")
    if not version.replace(".", "", 1).isdigit():
        raise ConfigError(f"SALESFORCE_API_VERSION must look like 62.0, got {version!r}")
    return SalesforceSettings(
        login_url=_login_url(env),
        client_id=env.get("SALESFORCE_CLIENT_ID") or None,
        client_secret=env.get("SALESFORCE_CLIENT_SECRET") or None,
        username=env.get("SALESFORCE_USERNAME") or None,
        private_key_file=env.get("SALESFORCE_PRIVATE_KEY_FILE") or None,
        api_version=version,
        tier_field=env.get("SALESFORCE_TIER_FIELD") or None,
        renewal_source=_choice(env, "SALESFORCE_RENEWAL_SOURCE", "contract", ("contract", "opportunity")),
        meetings_as=_choice(env, "SALESFORCE_MEETINGS_AS", "event", ("event", "task")),
        external_id_field=env.get("SALESFORCE_EXTERNAL_ID_FIELD") or "Kambot_Key__c",
        push_contacts=(env.get("SALESFORCE_PUSH_CONTACTS") or "").lower() in ("1", "true", "yes", "on"),
        ca_bundle=env.get("SALESFORCE_CA_BUNDLE") or None,
        sync_minutes=_int(env, "SALESFORCE_SYNC_MINUTES", 15),
        timeout_seconds=_int(env, "SALESFORCE_TIMEOUT_SECONDS", 30),
        push_lease_seconds=_int(env, "SALESFORCE_PUSH_LEASE_SECONDS", 300),
    )


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
        salesforce=_salesforce(env),
    )
