"""The token endpoint (client credentials and JWT bearer) and the sessions it hands out."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import threading
import time
from urllib.parse import parse_qs

import jwt

JWT_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
ORG_ID = "00DKB0000000001"
AUDIENCES = ("https://login.salesforce.com", "https://test.salesforce.com")


class Sessions:
    """Tokens issued, which are still good, and who may ask for one."""

    def __init__(self, api_user_id: str) -> None:
        self.client_id = "3MVG9fake" + secrets.token_urlsafe(24)
        self.client_secret = secrets.token_hex(32)
        self.api_user_id = api_user_id
        self.jwt_users: dict[str, str] = {}  # username -> public key PEM
        self._tokens: dict[str, bool] = {}  # token -> still valid
        self._lock = threading.Lock()

    def add_jwt_user(self, username: str, public_key_pem: str | bytes) -> None:
        """Let username log in with JWTs signed by the private half of public_key_pem."""
        pem = public_key_pem.decode() if isinstance(public_key_pem, bytes) else public_key_pem
        self.jwt_users[username] = pem

    def valid(self, token: str | None) -> bool:
        """Whether a bearer token is one this org issued and has not expired."""
        with self._lock:
            return bool(token) and self._tokens.get(token, False)

    def expire_all(self) -> None:
        """Every token issued so far now answers INVALID_SESSION_ID; new logins work."""
        with self._lock:
            self._tokens = dict.fromkeys(self._tokens, False)

    def issue(self) -> str:
        """A fresh access token in Salesforce's shape (org id, '!', opaque part)."""
        token = f"{ORG_ID}!AQ{secrets.token_urlsafe(72)}"
        with self._lock:
            self._tokens[token] = True
        return token

    def login(self, form: bytes, headers: dict, instance_url: str) -> tuple[int, dict]:
        """Answer a POST to /services/oauth2/token: (status, JSON body)."""
        params = {k: v[0] for k, v in parse_qs(form.decode("utf-8", "replace"), keep_blank_values=True).items()}
        grant = params.get("grant_type")
        if grant == "client_credentials":
            client_id, secret = params.get("client_id"), params.get("client_secret")
            basic = headers.get("Authorization", "")
            if basic.startswith("Basic "):  # the credentials may come as HTTP Basic instead of in the form
                client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
            if client_id != self.client_id or secret != self.client_secret:
                return 400, {"error": "invalid_client", "error_description": "invalid client credentials"}
        elif grant == JWT_GRANT:
            problem = self._check_jwt(params.get("assertion", ""), instance_url)
            if problem:
                return 400, problem
        else:
            return 400, {"error": "unsupported_grant_type", "error_description": "grant type not supported"}
        issued = str(int(time.time() * 1000))
        identity = f"{instance_url}/id/{ORG_ID}AAA/{self.api_user_id}"
        signature = base64.b64encode(hmac.new(self.client_secret.encode(), (identity + issued).encode(),
                                              hashlib.sha256).digest()).decode()
        return 200, {"access_token": self.issue(), "instance_url": instance_url, "id": identity,
                     "token_type": "Bearer", "issued_at": issued, "signature": signature, "scope": "api"}

    def _check_jwt(self, assertion: str, instance_url: str) -> dict | None:
        try:
            claims = jwt.decode(assertion, options={"verify_signature": False})
        except jwt.PyJWTError:
            return {"error": "invalid_grant", "error_description": "invalid assertion"}
        if claims.get("iss") != self.client_id:
            return {"error": "invalid_client_id", "error_description": "client identifier invalid"}
        key = self.jwt_users.get(claims.get("sub", ""))
        if key is None:
            return {"error": "invalid_grant", "error_description": "user hasn't approved this consumer"}
        try:
            claims = jwt.decode(assertion, key, algorithms=["RS256"], options={"require": ["exp", "aud", "iss", "sub"],
                                                                            "verify_aud": False})
        except jwt.ExpiredSignatureError:
            return {"error": "invalid_grant", "error_description": "expired authorization code"}
        except jwt.PyJWTError:
            return {"error": "invalid_grant", "error_description": "invalid assertion"}
        # The audience is checked loosely: any Salesforce login host (My Domain too), or this fake itself.
        audience = str(claims["aud"]).rstrip("/")
        if audience not in (*AUDIENCES, instance_url) and not audience.endswith(".salesforce.com"):
            return {"error": "invalid_grant", "error_description": "audience is invalid"}
        return None
