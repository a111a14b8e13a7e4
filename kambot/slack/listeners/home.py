"""The App Home tab: published when opened; its buttons open the log form."""
from __future__ import annotations

import re

from slack_bolt import App, BoltContext
from slack_sdk import WebClient

from kambot.core.context import Context
from kambot.core.reply import Reply
from kambot.slack.deps import Deps
from kambot.slack.flows import open_form
from kambot.slack.home_view import LOG_ACTION, publish_home
from kambot.slack.listeners.lazy import ack_now, logged, no_ack
from kambot.slack.send import post_reply


def register(app: App, deps: Deps) -> None:
    """app_home_opened and the Home's Log buttons."""

    @logged
    def opened(event: dict, client: WebClient, context: BoltContext) -> None:
        if event.get("tab", "home") != "home":
            return  # the Messages tab needs nothing from us
        ctx = deps.context(client, team_id=context.team_id, user_id=event["user"], channel_id=None)
        publish_home(deps, client, ctx)

    @logged
    def log_touch(body: dict, action: dict, client: WebClient, context: BoltContext) -> None:
        value = action.get("value") or ""

        def prefill(ctx: Context) -> Reply:
            return deps.core.action(ctx, "touchpoint_prefill_account", value)

        def tell(reply: Reply) -> None:
            post_reply(client, deps.dm_channel(client, context.team_id, context.user_id), reply)

        open_form(deps, client, trigger_id=body["trigger_id"], team_id=context.team_id, user_id=context.user_id,
                  channel_id=None, tell=tell, load=prefill if value.isdigit() else None)

    app.event("app_home_opened")(ack=no_ack, lazy=[opened])
    app.action(re.compile(rf"^{LOG_ACTION}(:\d+)?$"))(ack=ack_now, lazy=[log_touch])
