"""HTTP mode: Bolt behind a small threaded WSGI server from the standard library, with /healthz."""
from __future__ import annotations

import logging
from socketserver import ThreadingMixIn
from typing import Callable, Iterable
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

log = logging.getLogger(__name__)
EVENTS_PATH = "/slack/events"
HEALTH_PATH = "/healthz"


class ThreadingServer(ThreadingMixIn, WSGIServer):
    """One thread per request, so a slow client never holds up Slack's other deliveries."""

    daemon_threads = True


class _Handler(WSGIRequestHandler):
    def log_message(self, format: str, *args) -> None:  # noqa: A002 - stdlib's signature
        log.debug("%s " + format, self.address_string(), *args)


def wsgi_app(app: App) -> Callable:
    """Bolt's handler (events, commands, interactivity, OAuth pages) plus a health check for load balancers."""
    slack = SlackRequestHandler(app, path=EVENTS_PATH)

    def application(environ: dict, start_response: Callable) -> Iterable[bytes]:
        if environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"ok"]
        return slack(environ, start_response)

    return application


def make_http_server(app: App, host: str, port: int) -> WSGIServer:
    """A bound (not yet serving) server; port 0 picks a free one."""
    return make_server(host, port, wsgi_app(app), server_class=ThreadingServer, handler_class=_Handler)
