"""The fake Slack's HTTP side: one recorded Call per request, parsed the way Slack reads it."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

if TYPE_CHECKING:
    from kambot.testing.fake_slack.api import FakeSlack

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


def parse_call(method: str, path: str, headers: dict, raw: bytes) -> Call:
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


def handler_for(fake: FakeSlack) -> type[BaseHTTPRequestHandler]:
    """The request handler class that routes every POST and GET to fake.handle."""

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
            call = parse_call(method, self.path, {k.title(): v for k, v in self.headers.items()}, raw)
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
