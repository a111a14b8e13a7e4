"""Logging in to Salesforce: OAuth 2.0 client credentials, or the JWT bearer flow with a private key."""
from __future__ import annotations

import time
from dataclasses import dataclass

import jwt
import requests

from kambot.crm.port import CrmAuthError, CrmUnavailable

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@dataclass(frozen=True)
class Credentials:
    """What one team's connection logs in with (the secret is never logged or shown)."""

    login_url: str
    client_id: str
    client_secret: str | None = None
    username: str | None = None
    private_key_file: str | None = None

    def __repr__(self) -> str:  # a stray log line must not print the secret
        return f"Credentials(login_url={self.login_url!r}, client_id={self.client_id[:6]!r}…)"

    @property
    def flow(self) -> str:
        """'jwt' when a user and key are set, else 'client_credentials'."""
        return "jwt" if self.username and self.private_key_file else "client_credentials"


@dataclass(frozen=True)
class Token:
    """An access token and the instance it is good for."""

    access_token: str
    instance_url: str

    def __repr__(self) -> str:
        return f"Token(instance_url={self.instance_url!r})"


def _grant(creds: Credentials) -> dict[str, str]:
    if creds.flow == "client_credentials":
        return {"grant_type": "client_credentials", "client_id": creds.client_id,
                "client_secret": creds.client_secret or ""}
    with open(creds.private_key_file or "", "rb") as handle:
        key = handle.read()
    claims = {"iss": creds.client_id, "sub": creds.username, "aud": creds.login_url, "exp": int(time.time()) + 180}
    return {"grant_type": JWT_GRANT, "assertion": jwt.encode(claims, key, algorithm="RS256")}


def log_in(session: requests.Session, creds: Credentials, *, timeout: float) -> Token:
    """A fresh token from the org's token endpoint; refusals say what Salesforce answered, never the secret."""
    try:
        data = _grant(creds)
    except OSError as exc:
        raise CrmAuthError(f"cannot read the private key file {creds.private_key_file}: {exc.strerror}") from None
    try:
        answer = session.post(f"{creds.login_url}/services/oauth2/token", data=data, timeout=timeout)
    except requests.RequestException as exc:
        raise CrmUnavailable(f"Salesforce login did not answer: {type(exc).__name__}") from None
    if answer.status_code >= 500:
        raise CrmUnavailable(f"Salesforce login answered {answer.status_code}")
    body = _json(answer)
    if answer.status_code != 200 or "access_token" not in body:
        reason = body.get("error_description") or body.get("error") or f"HTTP {answer.status_code}"
        raise CrmAuthError(f"Salesforce refused the login ({creds.flow}): {reason}")
    return Token(body["access_token"], body["instance_url"].rstrip("/"))


def _json(answer: requests.Response) -> dict:
    try:
        body = answer.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}
