"""FakeSalesforce: a Salesforce org on https://127.0.0.1 that simple-salesforce talks to as it would to the real one.

The pieces: http (TLS server, SfCall records), auth (token endpoint), rest (query, sObjects), collections
(sObject Collections), bulk (Bulk API 2.0 query), rules (what a write must pass), store and soql_* (the data).
"""

from __future__ import annotations

import itertools
import threading
from collections.abc import Callable, Iterable
from datetime import datetime
from typing import TYPE_CHECKING

import requests

from kambot.testing.fake_salesforce import dispatch, rest
from kambot.testing.fake_salesforce.auth import Sessions
from kambot.testing.fake_salesforce.clock import Clock
from kambot.testing.fake_salesforce.errors import RecordError
from kambot.testing.fake_salesforce.faults import Faults
from kambot.testing.fake_salesforce.http import Answer, SfCall, TlsServer, handler_for
from kambot.testing.fake_salesforce.ids import make_id, to18
from kambot.testing.fake_salesforce.rules import Rejection, Rules
from kambot.testing.fake_salesforce.schema import NO_DELETE, Schema
from kambot.testing.fake_salesforce.store import Store

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce import bulk

__all__ = ["FakeSalesforce", "SfCall"]
SAFETY_SECONDS = 30 * 60


class FakeSalesforce:
    """A threaded HTTPS fake of one Salesforce org; starts on creation, stops on close() or leaving `with`."""

    def __init__(self, api_version: str = "62.0", *, page_size: int = 2000,
                 api_usage: tuple[int, int] = (0, 100_000)) -> None:
        self.api_version = api_version
        self.page_size = page_size  # query batch size: records per page before nextRecordsUrl
        self.bulk_polls_in_progress = 0  # how many job polls answer InProgress before JobComplete
        self.schema = Schema()
        self._clock = Clock()
        self.store = Store(self.schema, self._clock)
        self.api_user_id = make_id("005", 0)  # the connected app's run-as user; owns what the API creates
        self.sessions = Sessions(self.api_user_id)
        self.rules = Rules(self.store, self.api_user_id)
        self.faults = Faults()
        self.cursors: dict[str, rest.Cursor] = {}
        self.jobs: dict[str, bulk.Job] = {}
        self._serial = itertools.count(1)
        self._lock = threading.Lock()
        self._calls: list[SfCall] = []
        self._used, self._max = api_usage
        self._stopped = False
        self._server = TlsServer(handler_for(self))
        self.port = self._server.server_address[1]
        self.ca_file = self._server.ca_file
        # A short poll interval keeps close() (and so each test's teardown) fast.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-salesforce",
                                        daemon=True)
        self._thread.start()
        self._timer = threading.Timer(SAFETY_SECONDS, self.close)  # a leaked fake must not outlive the run
        self._timer.daemon = True
        self._timer.start()

    def __enter__(self) -> FakeSalesforce:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the server; safe to call twice."""
        with self._lock:
            if self._stopped:
                return
            self._stopped = True
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()
        self._server.close_connections()

    # -- where and who -----------------------------------------------------------------------------------
    @property
    def instance_url(self) -> str:
        """https://127.0.0.1:PORT, also the login URL (token endpoint at /services/oauth2/token)."""
        return f"https://127.0.0.1:{self.port}"

    @property
    def token_url(self) -> str:
        """Where to POST for an access token."""
        return self.instance_url + dispatch.TOKEN_PATH

    @property
    def client_id(self) -> str:
        """The connected app's consumer key (client credentials, and the iss of a JWT)."""
        return self.sessions.client_id

    @property
    def client_secret(self) -> str:
        """The consumer secret the client-credentials flow must send."""
        return self.sessions.client_secret

    def add_jwt_user(self, username: str, public_key_pem: str | bytes) -> None:
        """Let username log in by JWT bearer with assertions signed by the matching private key."""
        self.sessions.add_jwt_user(username, public_key_pem)

    def session(self) -> requests.Session:
        """A requests.Session that trusts this fake's certificate.

        trust_env is off because requests lets REQUESTS_CA_BUNDLE (set on many machines) override session.verify.
        """
        session = requests.Session()
        session.verify = self.ca_file
        session.trust_env = False
        return session

    def token(self) -> str:
        """A valid access token without going through HTTP (for tests about something else)."""
        return self.sessions.issue()

    # -- org settings ------------------------------------------------------------------------------------
    @property
    def shared_activities(self) -> bool:
        """Whether TaskRelation exists (Shared Activities on); without it TaskRelation is INVALID_TYPE."""
        return self.schema.shared_activities

    @shared_activities.setter
    def shared_activities(self, value: bool) -> None:
        self.schema.shared_activities = bool(value)

    @property
    def external_id_fields(self) -> dict[str, str]:
        """Object -> its external id field, shown in describe and usable for upsert; {} = an org without."""
        return self.schema.external_id_fields

    @external_id_fields.setter
    def external_id_fields(self, value: dict[str, str]) -> None:
        self.schema.external_id_fields = value

    @property
    def api_usage(self) -> tuple[int, int]:
        """(used, max) daily API requests, as Sforce-Limit-Info reports them; used grows per REST call."""
        with self._lock:
            return self._used, self._max

    @api_usage.setter
    def api_usage(self, value: tuple[int, int]) -> None:
        with self._lock:
            self._used, self._max = int(value[0]), int(value[1])

    @property
    def clock(self) -> datetime:
        """The org's now, which SystemModstamp comes from; assign a datetime to freeze it there."""
        return self._clock.now()

    @clock.setter
    def clock(self, moment: datetime) -> None:
        self._clock.set(moment)

    def tick(self, seconds: float = 1) -> None:
        """Move the org's clock forward."""
        self._clock.tick(seconds)

    @property
    def whole_seconds(self) -> bool:
        """Stamp whole seconds like real Salesforce (writes in one second tie) instead of unique milliseconds."""
        return self._clock.whole_seconds

    @whole_seconds.setter
    def whole_seconds(self, value: bool) -> None:
        self._clock.whole_seconds = bool(value)

    def serial(self) -> int:
        """A number unique within this fake (query cursors, bulk jobs)."""
        return next(self._serial)

    # -- data, from the test's side (no API rules: this is the org as it already is) -----------------------
    def _object(self, obj: str) -> str:
        name = self.schema.object_name(obj) if obj != "TaskRelation" else "TaskRelation"
        if name is None:
            raise KeyError(f"the fake Salesforce has no object {obj!r}")
        return name

    def _values(self, obj: str, fields: dict) -> dict:
        try:
            return self.store.fields_of(obj, fields, custom_ok=True)
        except RecordError as exc:
            raise ValueError(f"{obj}: {exc.message}") from None

    def insert(self, obj: str, fields: dict) -> str:
        """Create a record as if it had always been there; returns its 18-character Id."""
        obj = self._object(obj)
        with self.store.lock:
            return self.store.create(obj, self._values(obj, fields))["Id"]

    def insert_many(self, obj: str, rows: Iterable[dict]) -> list[str]:
        """insert for many rows at once, sharing one SystemModstamp (1,000,000 contacts load in seconds)."""
        obj = self._object(obj)
        with self.store.lock:
            return self.store.create_many(obj, rows)

    def _live(self, obj: str, record_id: str) -> tuple[str, str]:
        obj = self._object(obj)
        normal = to18(record_id)
        if normal is None or normal not in self.store.tables[obj]:
            raise KeyError(f"no {obj} {record_id}")
        return obj, normal

    def update(self, obj: str, record_id: str, fields: dict) -> None:
        """Change fields of a record; bumps SystemModstamp and LastModifiedDate."""
        obj, normal = self._live(obj, record_id)
        with self.store.lock:
            self.store.change(obj, normal, self._values(obj, fields))

    def delete(self, obj: str, record_id: str) -> None:
        """Soft-delete: query hides the record, queryAll shows it with IsDeleted = true."""
        obj, normal = self._live(obj, record_id)
        if obj in NO_DELETE:
            raise ValueError(f"{obj} records cannot be deleted (deactivate them)")
        with self.store.lock:
            self.store.mark_deleted(obj, normal)

    def records(self, obj: str, *, include_deleted: bool = False) -> list[dict]:
        """Copies of the current rows of obj, in creation order."""
        obj = self._object(obj)
        with self.store.lock:
            return [dict(r) for r in self.store.tables[obj].values() if include_deleted or not r.get("IsDeleted")]

    def record(self, obj: str, record_id: str) -> dict | None:
        """A copy of one record (deleted ones too), or None."""
        obj = self._object(obj)
        normal = to18(record_id)
        row = self.store.tables[obj].get(normal) if normal else None
        return dict(row) if row is not None else None

    # -- misbehaviour ----------------------------------------------------------------------------------------
    def expire_sessions(self) -> None:
        """Every token issued so far answers 401 INVALID_SESSION_ID from now on; new logins work."""
        self.sessions.expire_all()

    def fail_next(self, n: int = 1, status: int = 500) -> None:
        """The next n REST answers are status (500 UNKNOWN_EXCEPTION, 503 SERVER_UNAVAILABLE...)."""
        self.faults.fail(n, status)

    def limit_exceeded(self, n: int = 1) -> None:
        """The next n REST answers are 403 REQUEST_LIMIT_EXCEEDED."""
        self.faults.limit(n)

    def slow(self, seconds: float, n: int = 1) -> None:
        """The next n REST requests wait `seconds` before they are handled (for client timeouts)."""
        self.faults.slow(seconds, n)

    def die_after(self, n_requests: int, callback: Callable[[], object]) -> None:
        """Call callback() once the n-th REST request from now is processed, before its answer is sent.

        If callback raises, the connection is dropped unanswered: the write happened, the client never heard.
        """
        self.faults.crash_after(n_requests, callback)

    def reject(self, obj: str, test: Callable[[dict], bool], code: str = "FIELD_CUSTOM_VALIDATION_EXCEPTION",
               message: str = "Rejected by a validation rule", fields: list[str] | None = None,
               times: int | None = None) -> None:
        """Refuse API writes of obj records for which test(record) is true (a validation rule); times=None: always."""
        self.rules.rejections.append(Rejection(self._object(obj), test, code, message, list(fields or []), times))

    # -- what happened -------------------------------------------------------------------------------------
    @property
    def calls(self) -> list[SfCall]:
        """Every request received, in order (token requests too)."""
        with self._lock:
            return list(self._calls)

    def api_calls(self, path_contains: str | None = None) -> int:
        """How many REST requests (not token requests) arrived, optionally only those whose path has a part."""
        return sum(1 for c in self.calls if c.path.startswith("/services/data/")
                   and (path_contains is None or path_contains in c.path))

    def record_call(self, call: SfCall) -> None:
        """Add a finished call to the log (before its answer goes out, so a client never sees it missing)."""
        with self._lock:
            self._calls.append(call)

    def count_api_call(self) -> str:
        """Count one REST request against the daily allowance; the Sforce-Limit-Info value to send."""
        with self._lock:
            self._used += 1
            return f"api-usage={self._used}/{self._max}"

    def internal_errors(self) -> list[SfCall]:
        """Calls the fake itself failed on (a bug in the fake, answered 500)."""
        return [c for c in self.calls if c.error]

    def handle(self, call: SfCall, raw: bytes) -> Answer:
        """Decide the answer to a request and record the call (see dispatch)."""
        return dispatch.handle(self, call, raw)
