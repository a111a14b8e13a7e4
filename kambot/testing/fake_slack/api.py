"""A fake Slack Web API on 127.0.0.1 that records calls and answers like Slack.

The pieces: slack_http (requests in, Call records), slack_answers (what each method answers) and
slack_limits (the Block Kit limits Slack enforces). Tests and benches import FakeSlack from here.
"""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import ThreadingHTTPServer
from typing import Any

from kambot.testing.fake_slack.answers import answer
from kambot.testing.fake_slack.http import Call, handler_for
from kambot.testing.fake_slack.limits import limit_problem

__all__ = ["Call", "FakeSlack", "fake_slack"]
SAFETY_SECONDS = 15 * 60


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
        self.users: dict[str, dict] = {}  # what set_user configured, by user id
        self.channels: dict[str, dict] = {}  # what set_channel configured, by channel id
        self._counter = 0
        self._stopped = False
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(self))
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
        """Configure what users.info, users.list and users.lookupByEmail (extra email=...) answer for uid.

        `name` is the real name; extra display_name=... and email=... go in the profile, deleted=True
        and is_bot=True mark the user as Slack does.
        """
        self.users[uid] = {"tz": tz, "locale": locale, "name": name or uid.lower(), **extra}

    def set_channel(self, cid: str, *, is_member: bool = True, **extra: Any) -> None:
        """Configure a channel: conversations.info answers is_member; posting where the bot is not a member
        fails with not_in_channel, as Slack does."""
        self.channels[cid] = {"is_member": is_member, **extra}

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
            self.users.clear()
            self.channels.clear()

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
    def next_id(self, prefix: str) -> str:
        """A fresh id with prefix (F…, V…), unique within this server."""
        with self._cond:
            self._counter += 1
            return f"{prefix}{self._counter:08d}"

    def next_ts(self) -> str:
        """A fresh message timestamp."""
        # Increasing, and unique per server, like Slack message timestamps.
        return f"1700000000.{self.next_id('')[-6:]}"

    def _not_member(self, call: Call) -> _Script | None:
        """Posting in a channel set up with is_member=False is refused like Slack refuses it."""
        channel = call.params.get("channel")
        if call.method in ("chat.postMessage", "chat.postEphemeral") and self.channels.get(channel, {}).get(
                "is_member") is False:
            return _Script("fail", 1, "not_in_channel", channel)
        return None

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
        script = self._take_script(call.method, call.params) or self._not_member(call)
        if script is not None:
            call.status, call.response = script.status, {"ok": False, "error": script.error, **script.extra}
            if script.kind == "rate_limit":
                headers["Retry-After"] = str(script.retry_after)
        elif (problem := limit_problem(call.method, call.params)) is not None:
            call.rejection, error = problem
            call.status = 400 if call.method == "response_url" else 200
            call.response = {"ok": False, "error": error, "response_metadata": {"messages": [call.rejection]}}
        elif call.method == "upload":
            call.response = {"ok": True}
            self._record(call)
            return 200, {"Content-Type": "text/plain"}, f"OK - {len(call.raw)}".encode()
        else:
            call.response = {"ok": True, **answer(self, call.method, call.params)}
            call.response.update(self._overrides.get(call.method, {}))
        self._record(call)
        return call.status, headers, json.dumps(call.response).encode()

    def _record(self, call: Call) -> None:
        with self._cond:
            self._calls.append(call)
            self._cond.notify_all()
