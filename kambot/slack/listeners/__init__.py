"""Every listener of the Slack app; order matters because Bolt runs the first listener that matches."""
from __future__ import annotations

from slack_bolt import App

from kambot.slack.deps import Deps
from kambot.slack.listeners import actions, commands, events, home, options, shortcuts, views


def register_listeners(app: App, deps: Deps) -> None:
    """Register specific listeners before the catch-alls in `actions` and `events`."""
    for module in (commands, home, shortcuts, views, options, actions, events):
        module.register(app, deps)
