"""How a request is answered: token endpoint, auth, usage count, scripted faults, then the REST resource."""

from __future__ import annotations

import re
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import unquote

from kambot.testing.fake_salesforce import bulk, composite, rest
from kambot.testing.fake_salesforce.errors import NOT_FOUND, ApiError
from kambot.testing.fake_salesforce.http import Answer, DropConnection, SfCall

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce.api import FakeSalesforce

DATA_PATH = re.compile(r"^/services/data/v(\d+\.\d)(?:/(.*))?$")
TOKEN_PATH = "/services/oauth2/token"
EXPIRED = ApiError(401, "INVALID_SESSION_ID", "Session expired or invalid")
OLDEST_VERSION = 31.0


def handle(fake: FakeSalesforce, call: SfCall, raw: bytes) -> Answer:
    """Decide the answer to a request, record the call and return the answer."""
    crash = None
    try:
        answer, crash = _answer(fake, call, raw)
    except Exception:  # a bug in the fake: answer like Salesforce's own 500, keep the trace for the test
        call.error = traceback.format_exc()
        answer = Answer(500, ApiError(500, "UNKNOWN_EXCEPTION", "fake Salesforce failed").body())
    call.status, call.response = answer.status, answer.body
    fake.record_call(call)
    if crash is not None:
        try:
            crash()
        except BaseException:
            raise DropConnection() from None
    return answer


def _answer(fake: FakeSalesforce, call: SfCall, raw: bytes) -> tuple[Answer, Callable[[], object] | None]:
    path = call.path.rstrip("/")
    if path == TOKEN_PATH:
        if call.method != "POST":
            return Answer(405, [{"errorCode": "METHOD_NOT_ALLOWED", "message": "use POST"}]), None
        status, body = fake.sessions.login(raw, call.headers, fake.instance_url)
        return Answer(status, body), None
    if path == "/services/data":
        return Answer(200, [{"label": "Fake", "url": f"/services/data/v{fake.api_version}",
                             "version": fake.api_version}]), None
    match = DATA_PATH.match(call.path)
    if not match:
        return Answer(404, [{"errorCode": "NOT_FOUND", "message": NOT_FOUND}]), None
    if not fake.sessions.valid(call.token):
        return Answer(401, EXPIRED.body()), None
    usage = {"Sforce-Limit-Info": fake.count_api_call()}
    time.sleep(fake.faults.delay())
    refusal = fake.faults.refusal()
    if refusal is not None:
        return Answer(refusal.status, refusal.body(), usage), None
    version, rest_of = match.group(1), match.group(2) or ""
    try:
        if not OLDEST_VERSION <= float(version) <= float(fake.api_version):
            raise ApiError(404, "NOT_FOUND", NOT_FOUND)
        req = rest.Request(call, version, [unquote(p) for p in rest_of.split("/") if p])
        with fake.store.lock:
            answer = _route(fake, req)
    except ApiError as exc:
        answer = Answer(exc.status, exc.body())
    answer.headers.update(usage)
    return answer, fake.faults.crash_due()


def _route(fake: FakeSalesforce, req: rest.Request) -> Answer:
    parts, method = req.parts, req.method
    if not parts:
        return Answer(200, {name: f"/services/data/v{req.version}/{name}"
                            for name in ("sobjects", "query", "queryAll", "composite", "jobs", "limits")})
    head = parts[0]
    if head in ("query", "queryAll") and method == "GET":
        return Answer(200, rest.query(fake, req))
    if head == "sobjects":
        status, body = rest.sobjects(fake, req)
        return Answer(status, body)
    if head == "composite" and parts[1:2] == ["sobjects"]:
        return Answer(200, composite.handle(fake, req))
    if head == "jobs" and len(parts) >= 2:
        return bulk.handle(fake, req)
    if parts == ["limits"] and method == "GET":
        return Answer(200, rest.limits(fake))
    raise ApiError(404, "NOT_FOUND", NOT_FOUND)
