"""A fake Slack Web API on 127.0.0.1 that records calls and answers like Slack."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest

SAFETY_SECONDS = 15 * 60
# slack_sdk sends these as JSON strings inside form bodies (or callers pass strings in JSON bodies).
JSON_FIELDS = ("blocks", "attachments", "files", "view", "metadata", "user_auth_blocks")


@dataclass
class Call:
    """One request the fake received, in arrival order."""

    method: str
    params: dict
    json: dict | None
    headers: dict
    raw: bytes
    at: float
    path: str = ""
    status: int = 200
    response: dict | None = None
    rejection: str | None = None

    @property
    def token(self) -> str | None:
        """Bearer token the caller sent, if any."""
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else None


@dataclass
class _Script:
    kind: str  # "fail" or "rate_limit"
    times: int
    error: str = ""
    channel: str | None = None
    retry_after: int = 1
    status: int = 200
    extra: dict = field(default_factory=dict)


class FakeSlack:
    """Threaded fake of slack.com/api plus upload URLs and response_urls; starts on creation."""

    def __init__(self, *, team_id: str = "T1", bot_user_id: str = "UBOT") -> None:
        self.team_id, self.bot_user_id = team_id, bot_user_id
        self._cond = threading.Condition()
        self._calls: list[Call] = []
        self._scripts: dict[str, list[_Script]] = {}
        self._delays: dict[str, float] = {}
        self._overrides: dict[str, dict] = {}
        self._users: dict[str, dict] = {}
        self._counter = 0
        self._stopped = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _handler_for(self))
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}/"
        self.base_url = self.url + "api/"
        # A short poll interval keeps stop() (and so each test's teardown) fast.
        self._thread = threading.Thread(target=self._server.serve_forever, args=(0.02,), name="fake-slack",
                                        daemon=True)
        self._thread.start()
        # A leaked fake must not outlive the test run.
        self._timer = threading.Timer(SAFETY_SECONDS, self.stop)
        self._timer.daemon = True
        self._timer.start()

    def __enter__(self) -> FakeSlack:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """Shut the server down; safe to call twice."""
        with self._cond:
            if self._stopped:
                return
            self._stopped = True
        self._timer.cancel()
        self._server.shutdown()
        self._server.server_close()

    # -- scripting ---------------------------------------------------------------------------------
    def response_url(self, name: str = "default") -> str:
        """A response_url served by this fake; posts are recorded as method "response_url"."""
        return f"{self.url}response/{name}"

    def set_user(self, uid: str, *, tz: str = "America/New_York", locale: str = "en-US",
                 name: str | None = None, **extra: Any) -> None:
        """Configure what users.info answers for uid."""
        self._users[uid] = {"tz": tz, "locale": locale, "name": name or uid.lower(), **extra}

    def respond(self, method: str, **fields: Any) -> None:
        """Merge fields into every successful answer to method (e.g. channel={...})."""
        self._overrides.setdefault(method, {}).update(fields)

    def fail(self, method: str, error: str = "not_in_channel", times: int = 1,
             channel: str | None = None, status: int = 200, **extra: Any) -> None:
        """Answer the next `times` calls of method (optionally to one channel) with ok=false."""
        self._script(method, _Script("fail", times, error, channel, status=status, extra=extra))

    def rate_limit(self, method: str, retry_after: int = 1, times: int = 2) -> None:
        """Answer the next `times` calls of method with HTTP 429 and Retry-After."""
        self._script(method, _Script("rate_limit", times, "ratelimited", retry_after=retry_after, status=429))

    def delay(self, method: str, seconds: float) -> None:
        """Sleep before answering every call of method."""
        self._delays[method] = seconds

    def _script(self, method: str, script: _Script) -> None:
        with self._cond:
            self._scripts.setdefault(method, []).append(script)

    def reset(self) -> None:
        """Forget calls, scripts, delays, overrides and users."""
        with self._cond:
            self._calls.clear()
            self._scripts.clear()
            self._delays.clear()
            self._overrides.clear()
            self._users.clear()

    # -- inspection --------------------------------------------------------------------------------
    def calls(self, method: str | None = None) -> list[Call]:
        """Recorded calls, optionally only those of one method."""
        with self._cond:
            return [c for c in self._calls if method is None or c.method == method]

    def last(self, method: str) -> Call:
        """The latest call of method; AssertionError if there is none."""
        found = self.calls(method)
        assert found, f"no {method} call; got {[c.method for c in self.calls()]}"
        return found[-1]

    def errors(self) -> list[Call]:
        """Calls rejected for breaking a Block Kit or message limit."""
        return [c for c in self.calls() if c.rejection]

    def wait_for(self, method: str, count: int = 1, timeout: float = 5) -> list[Call]:
        """Block until method was called count times (listeners run after the ack, in threads)."""
        with self._cond:
            done = self._cond.wait_for(lambda: len(self._matching(method)) >= count, timeout)
            found = self._matching(method)
        assert done, f"wanted {count} {method} call(s), got {len(found)}; all: {[c.method for c in self.calls()]}"
        return found

    def _matching(self, method: str) -> list[Call]:
        return [c for c in self._calls if c.method == method]

    # -- answering ---------------------------------------------------------------------------------
    def _next_id(self, prefix: str) -> str:
        with self._cond:
            self._counter += 1
            return f"{prefix}{self._counter:08d}"

    def _ts(self) -> str:
        # Increasing, and unique per server, like Slack message timestamps.
        return f"1700000000.{self._next_id('')[-6:]}"

    def _take_script(self, method: str, params: dict) -> _Script | None:
        with self._cond:
            channel = params.get("channel") or params.get("channel_id")
            for script in self._scripts.get(method, []):
                if script.times > 0 and (script.channel is None or script.channel == channel):
                    script.times -= 1
                    return script
        return None

    def handle(self, call: Call) -> tuple[int, dict[str, str], bytes]:
        """Decide the answer to a parsed call, record it and return (status, headers, body)."""
        time.sleep(self._delays.get(call.method, 0))
        headers = {"Content-Type": "application/json; charset=utf-8"}
        script = self._take_script(call.method, call.params)
        if script is not None:
            call.status, call.response = script.status, {"ok": False, "error": script.error, **script.extra}
            if script.kind == "rate_limit":
                headers["Retry-After"] = str(script.retry_after)
        elif (problem := _limit_problem(call.method, call.params)) is not None:
            call.rejection, error = problem
            call.status = 400 if call.method == "response_url" else 200
            call.response = {"ok": False, "error": error, "response_metadata": {"messages": [call.rejection]}}
        elif call.method == "upload":
            call.response = {"ok": True}
            self._record(call)
            return 200, {"Content-Type": "text/plain"}, f"OK - {len(call.raw)}".encode()
        else:
            call.response = {"ok": True, **_answer(self, call.method, call.params)}
            call.response.update(self._overrides.get(call.method, {}))
        self._record(call)
        return call.status, headers, json.dumps(call.response).encode()

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()

    def user(self, uid: str, include_locale: bool) -> dict:
        """users.info's user object for uid."""
        conf = {"tz": "America/New_York", "locale": "en-US", "name": uid.lower(), **self._users.get(uid, {})}
        now = datetime.now(ZoneInfo(conf["tz"]))
        user = {"id": uid, "team_id": self.team_id, "deleted": False, "is_bot": False, "real_name": conf["name"],
                "tz_label": now.tzname(), "tz_offset": int(now.utcoffset().total_seconds()),
                "profile": {"real_name": conf["name"], "display_name": conf["name"]}, **conf}
        if not include_locale:
            user.pop("locale")
        return user


def _parse(method: str, path: str, headers: dict, raw: bytes) -> Call:
    """Turn a raw HTTP request into a Call; params merges query string, form and JSON body."""
    params: dict[str, Any] = _form(urlsplit(path).query)
    body_json = None
    ctype = headers.get("Content-Type", "")
    if method == "upload":
        params["length"] = len(raw)
    elif "json" in ctype:
        body_json = json.loads(raw or b"{}")
        params.update(body_json)
    elif "multipart" not in ctype:
        params.update(_form(raw.decode("utf-8", "replace")))
    for key in JSON_FIELDS:
        if isinstance(params.get(key), str) and params[key][:1] in "[{":
            params[key] = json.loads(params[key])
    return Call(method, params, body_json, headers, raw, time.time(), path=path)


def _form(text: str) -> dict[str, Any]:
    return {k: v[0] if len(v) == 1 else v for k, v in parse_qs(text, keep_blank_values=True).items()}


def _handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            route = urlsplit(self.path).path
            if route.startswith("/api/"):
                method = route[5:]
            elif route.startswith("/upload/"):
                method = "upload"
            elif route.startswith("/response/"):
                method = "response_url"
            else:
                self._send(404, {"Content-Type": "text/plain"}, b"Not Found")
                return
            call = _parse(method, self.path, {k.title(): v for k, v in self.headers.items()}, raw)
            if method == "upload":
                call.params["file_id"] = route.rsplit("/", 1)[-1]
            self._send(*fake.handle(call))

        do_GET = do_POST

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for key, value in {**headers, "Content-Length": str(len(body))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass  # keep test output clean

    return Handler


def _answer(fake: FakeSlack, method: str, p: dict) -> dict:
    """The method-specific part of a successful answer, shaped like Slack's."""
    channel = p.get("channel") or p.get("channel_id")
    if isinstance(channel, str) and channel.startswith("U"):
        channel = "D" + channel  # posting to a user id lands in their DM, as conversations.open answers
    if method == "auth.test":
        return {"url": "https://test.slack.com/", "team": "Test", "user": "kambot", "team_id": fake.team_id,
                "user_id": fake.bot_user_id, "bot_id": "BBOT", "is_enterprise_install": False}
    if method in ("chat.postMessage", "chat.update"):
        ts = p.get("ts") if method == "chat.update" else fake._ts()
        kept = {k: p[k] for k in ("text", "blocks", "attachments", "thread_ts", "metadata") if k in p}
        message = {"type": "message", "user": fake.bot_user_id, "bot_id": "BBOT", "ts": ts, **kept}
        answer = {"channel": channel, "ts": ts, "message": message}
        return answer | ({"text": p.get("text", "")} if method == "chat.update" else {})
    if method == "chat.postEphemeral":
        return {"message_ts": fake._ts()}
    if method == "chat.delete":
        return {"channel": channel, "ts": p.get("ts")}
    if method == "chat.getPermalink":
        digits = str(p.get("message_ts")).replace(".", "")
        return {"channel": channel, "permalink": f"https://test.slack.com/archives/{channel}/p{digits}"}
    if method == "conversations.open":
        users = str(p.get("users", "")).split(",")
        return {"channel": {"id": "D" + users[0] if len(users) == 1 else "G" + "".join(users)}}
    if method == "conversations.info":
        cid = str(channel)
        return {"channel": {"id": cid, "name": cid.lower(), "is_channel": cid[:1] == "C", "is_im": cid[:1] == "D",
                            "is_private": False, "is_archived": False, "is_member": True}}
    if method.startswith("views."):
        view = {"state": {"values": {}}, "private_metadata": "", "callback_id": "", **(p.get("view") or {})}
        vid = p.get("view_id") or fake._next_id("V")
        view.update(id=vid, hash=f"1700000000.{vid[1:]}", team_id=fake.team_id, app_id="A1", bot_id="BBOT",
                    root_view_id=vid, previous_view_id=None)
        return {"view": view}
    if method == "users.info":
        return {"user": fake.user(str(p.get("user")), str(p.get("include_locale")).lower() in ("1", "true"))}
    if method == "files.getUploadURLExternal":
        fid = fake._next_id("F")
        return {"upload_url": f"{fake.url}upload/{fid}", "file_id": fid}
    if method == "files.completeUploadExternal":
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in p.get("files") or []]}
    if method == "oauth.v2.access":
        return {"access_token": "xoxb-installed", "token_type": "bot", "scope": "commands,chat:write,users:read",
                "bot_user_id": fake.bot_user_id, "app_id": "A1", "team": {"id": fake.team_id, "name": "Test"},
                "enterprise": None, "is_enterprise_install": False, "authed_user": {"id": "U1"}}
    return {}


MESSAGE_METHODS = {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage", "response_url"}
VIEW_METHODS = {"views.open", "views.update", "views.push", "views.publish"}


def _limit_problem(method: str, p: dict) -> tuple[str, str] | None:
    """(what broke, Slack's error) when a message or view breaks a Block Kit limit, else None."""
    if method in MESSAGE_METHODS:
        if problem := _over("text", p.get("text"), 40_000):
            return problem, "msg_too_long"
        problem = _blocks_problem(p.get("blocks") or [], 50, "blocks")
    elif method in VIEW_METHODS:
        view = p.get("view") or {}
        checks = [_over(f"view.{k}.text", _text(view.get(k)), 24) for k in ("title", "submit", "close")]
        checks += [_over("view.private_metadata", view.get("private_metadata"), 3000),
                   _over("view.callback_id", view.get("callback_id"), 255),
                   _blocks_problem(view.get("blocks") or [], 100, "view.blocks")]
        problem = _first(checks)
        if not problem and len(json.dumps(view)) > 250_000:
            return "view: over 250 kB", "view_too_large"
    else:
        return None
    return (problem, "invalid_blocks") if problem else None


def _blocks_problem(blocks: list, limit: int, where: str) -> str | None:
    if problem := _over(where, blocks, limit):
        return problem
    for i, block in enumerate(blocks):
        at, kind = f"{where}[{i}]", block.get("type")
        checks = [_over(f"{at}.block_id", block.get("block_id"), 255)]
        if kind == "section":
            fields = block.get("fields") or []
            checks += [_over(f"{at}.text", _text(block.get("text")), 3000), _over(f"{at}.fields", fields, 10)]
            checks += [_over(f"{at}.fields[{j}]", _text(f), 2000) for j, f in enumerate(fields)]
        elif kind == "header":
            checks.append(_over(f"{at}.text", _text(block.get("text")), 150))
        elif kind in ("actions", "context"):
            checks.append(_over(f"{at}.elements", block.get("elements"), 25 if kind == "actions" else 10))
        elements = [(f"elements[{j}]", e) for j, e in enumerate(block.get("elements") or []) if kind == "actions"]
        elements += [(k, block[k]) for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        checks += [_element_problem(e, f"{at}.{name}") for name, e in elements]
        if problem := _first(checks):
            return problem
    return None


def _element_problem(el: dict, at: str) -> str | None:
    checks = [_over(f"{at}.action_id", el.get("action_id"), 255)]
    if el.get("type") == "button":
        checks += [_over(f"{at}.text", _text(el.get("text")), 75), _over(f"{at}.value", el.get("value"), 2000),
                   _over(f"{at}.url", el.get("url"), 3000)]
    options, groups = el.get("options") or [], el.get("option_groups") or []
    checks += [_over(f"{at}.options", options, 100), _over(f"{at}.option_groups", groups, 100)]
    for j, o in enumerate(options + [o for g in groups for o in g.get("options") or []]):
        checks += [_over(f"{at}.options[{j}].text", _text(o.get("text")), 75),
                   _over(f"{at}.options[{j}].value", o.get("value"), 150)]
    return _first(checks)


def _over(where: str, value: Any, limit: int) -> str | None:
    size = len(value or "")
    return f"{where}: {size} > {limit}" if size > limit else None


def _text(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else (obj or "")


def _first(checks: list) -> str | None:
    return next((c for c in checks if c), None)


@pytest.fixture
def fake_slack():
    """Pytest fixture: a running FakeSlack, stopped after the test."""
    with FakeSlack() as fake:
        yield fake

