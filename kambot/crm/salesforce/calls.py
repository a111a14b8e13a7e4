"""One logged-in simple-salesforce client, re-logged in when the session expires, its failures translated."""
from __future__ import annotations

import logging
from typing import Any, Callable, TypeVar

import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import SalesforceError, SalesforceExpiredSession

from kambot.crm.port import CrmError, CrmLimitReached, CrmUnavailable
from kambot.crm.salesforce.login import Credentials, log_in

log = logging.getLogger(__name__)
T = TypeVar("T")


def error_code(exc: SalesforceError) -> str:
    """The first errorCode of a Salesforce error answer ('' when it has none)."""
    content = exc.content
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return str(content[0].get("errorCode") or "")
    return ""


def error_message(exc: SalesforceError) -> str:
    """The first message of a Salesforce error answer, short enough to show a person."""
    content = exc.content
    if isinstance(content, list) and content and isinstance(content[0], dict):
        return str(content[0].get("message") or error_code(exc))[:300]
    return f"HTTP {exc.status}"


class _Session(requests.Session):
    """A requests session whose configured CA bundle wins over REQUESTS_CA_BUNDLE in the environment."""

    ca_bundle: str | None = None

    def merge_environment_settings(self, url, proxies, stream, verify, cert):  # noqa: ANN001 - requests' API
        merged = super().merge_environment_settings(url, proxies, stream, verify, cert)
        if self.ca_bundle:
            merged["verify"] = self.ca_bundle
        return merged


class Connection:
    """simple-salesforce on one org: logs in lazily, again on INVALID_SESSION_ID, and maps errors to the port's."""

    def __init__(self, creds: Credentials, *, api_version: str, ca_bundle: str | None = None, timeout: float = 30):
        self.creds, self.api_version, self.timeout = creds, api_version, timeout
        self.session = _Session()
        self.session.ca_bundle = ca_bundle
        self._client: Salesforce | None = None
        self.logins = 0

    def client(self) -> Salesforce:
        """The logged-in client (logging in on first use)."""
        if self._client is None:
            token = log_in(self.session, self.creds, timeout=self.timeout)
            self.logins += 1
            self._client = Salesforce(instance_url=token.instance_url, session_id=token.access_token,
                                      session=self.session, version=self.api_version)
        return self._client

    def usage(self) -> tuple[int, int] | None:
        """API requests used and allowed, from the newest Sforce-Limit-Info header."""
        usage = self._client.api_usage.get("api-usage") if self._client else None
        return (usage.used, usage.total) if usage else None

    def call(self, work: Callable[[Salesforce], T]) -> T:
        """Run `work` on the client; an expired session logs in once more; other failures become CrmErrors."""
        for attempt in (1, 2):
            try:
                return work(self.client())
            except SalesforceExpiredSession:
                log.info("Salesforce session expired: logging in again")
                self._client = None
                if attempt == 2:
                    raise CrmError("Salesforce refused a fresh session (INVALID_SESSION_ID)") from None
            except SalesforceError as exc:
                raise translate(exc) from None
            except requests.RequestException as exc:  # timeouts, refused or dropped connections
                raise CrmUnavailable(f"Salesforce did not answer: {type(exc).__name__}") from None
        raise AssertionError("unreachable")

    def rest(self, method: str, path: str, **kwargs: Any) -> Any:
        """A REST call relative to /services/data/vNN.N/."""
        return self.call(lambda sf: sf.restful(path, method=method, timeout=self.timeout, **kwargs))


def translate(exc: SalesforceError) -> CrmError:
    """A simple-salesforce error as the port's error kinds."""
    code = error_code(exc)
    if code == "REQUEST_LIMIT_EXCEEDED":
        return CrmLimitReached("the org's daily API request limit is used up (REQUEST_LIMIT_EXCEEDED)")
    if exc.status is not None and exc.status >= 500:
        return CrmUnavailable(f"Salesforce answered {exc.status}")
    return CrmError(f"Salesforce refused the request: {code or exc.status}: {error_message(exc)}")
