"""The fake's wire: a threaded HTTPS server on 127.0.0.1 and one recorded SfCall per request."""

from __future__ import annotations

import atexit
import json
import shutil
import socket
import ssl
import tempfile
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlsplit

import trustme

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce.api import FakeSalesforce

_TLS: dict[str, Any] = {}


class DropConnection(Exception):
    """Raised by the fake to hang up without answering (die_after's callback failed)."""


@dataclass
class SfCall:
    """One request the fake received, in arrival order, with what it answered."""

    method: str
    path: str
    params: dict
    body: Any  # parsed JSON, or the text of a form or CSV body, or None
    headers: dict
    at: float
    status: int = 0
    response: Any = None  # parsed JSON answer, CSV text, or None for 204
    error: str | None = None  # a traceback, when the fake itself broke

    @property
    def token(self) -> str | None:
        """The bearer token sent, if any."""
        auth = self.headers.get("Authorization", "")
        return auth[7:] if auth.startswith("Bearer ") else None


@dataclass
class Answer:
    """What to send back."""

    status: int
    body: Any = None  # JSON-able, or str for CSV, or None
    headers: dict = field(default_factory=dict)
    content_type: str = "application/json;charset=UTF-8"

    def encode(self) -> bytes:
        """The body's bytes."""
        if self.body is None:
            return b""
        if isinstance(self.body, str):
            return self.body.encode("utf-8")
        return json.dumps(self.body).encode("utf-8")


def tls() -> tuple[ssl.SSLContext, str]:
    """A server context for 127.0.0.1 and the CA bundle path that trusts it; made once per process."""
    if not _TLS:
        ca = trustme.CA()
        cert = ca.issue_cert("127.0.0.1", "localhost")
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        cert.configure_cert(context)
        folder = Path(tempfile.mkdtemp(prefix="fake-salesforce-"))
        ca.cert_pem.write_to_path(str(folder / "ca.pem"))
        atexit.register(shutil.rmtree, folder, True)
        _TLS.update(context=context, ca_file=str(folder / "ca.pem"))
    return _TLS["context"], _TLS["ca_file"]


def parse_call(method: str, target: str, headers: dict, raw: bytes) -> SfCall:
    """A raw request as an SfCall: the query string as params, the body parsed by its content type."""
    parts = urlsplit(target)
    params = {k: v[0] if len(v) == 1 else v for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
    body: Any = None
    if raw:
        text = raw.decode("utf-8", "replace")
        body = text
        if "json" in headers.get("Content-Type", "") or text[:1] in "[{":
            try:
                body = json.loads(text)
            except ValueError:
                body = text
    return SfCall(method, parts.path, params, body, headers, time.time())


class TlsServer(ThreadingHTTPServer):
    """Accepts plain TCP and does the TLS handshake in the request's own thread, so one slow client stalls none."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, handler: type[BaseHTTPRequestHandler]) -> None:
        super().__init__(("127.0.0.1", 0), handler)
        self.context, self.ca_file = tls()
        self.connections: set[socket.socket] = set()  # kept-alive ones would outlive close() otherwise
        self.guard = threading.Lock()

    def get_request(self) -> tuple[socket.socket, Any]:
        sock, address = self.socket.accept()
        wrapped = self.context.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        with self.guard:
            self.connections.add(wrapped)
        return wrapped, address

    def shutdown_request(self, request: Any) -> None:
        with self.guard:
            self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """Hang up on every client still connected (called when the fake stops)."""
        with self.guard:
            open_now, self.connections = list(self.connections), set()
        for sock in open_now:
            try:
                sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


def handler_for(fake: FakeSalesforce) -> type[BaseHTTPRequestHandler]:
    """The request handler class that hands every request to fake.handle."""

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive: requests.Session reuses one TLS connection
        timeout = 60  # an idle kept-alive connection's thread ends

        def setup(self) -> None:
            try:
                self.request.settimeout(self.timeout)
                self.request.do_handshake()
            except (OSError, ssl.SSLError):
                self.close_connection = True
            super().setup()

        def handle_one_request(self) -> None:
            try:
                super().handle_one_request()
            except (ConnectionError, ssl.SSLError, TimeoutError):
                self.close_connection = True  # the client hung up (a timeout test); nothing to answer

        def _serve(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            headers = {k.title(): v for k, v in self.headers.items()}
            call = parse_call(self.command, self.path, headers, raw)
            try:
                answer = fake.handle(call, raw)
            except DropConnection:
                self.close_connection = True
                return
            body = answer.encode()
            self.send_response(answer.status)
            if answer.body is not None:
                self.send_header("Content-Type", answer.content_type)
            for key, value in {**answer.headers, "Content-Length": str(len(body))}.items():
                self.send_header(key, value)
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PATCH = do_DELETE = do_PUT = _serve

        def log_message(self, *args: object) -> None:
            pass  # keep test output clean

    return Handler
