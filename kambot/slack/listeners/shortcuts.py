"""Shortcuts: "Log as touchpoint" on any message (prefilled form) and the global one (empty form)."""
from __future__ import annotations


from slack_bolt import App, BoltContext, Respond
from slack_sdk import WebClient

from kambot.core.context import Context
from kambot.core.inputs import MessageToLog
from kambot.core.reply import Reply
from kambot.slack.deps import Deps
from kambot.slack.flows import open_form
from kambot.slack.listeners.lazy import ack_now, logged
from kambot.slack.send import post_reply, respond_reply
from kambot.slack.text import from_slack

MESSAGE_SHORTCUT = "log_touchpoint"
GLOBAL_SHORTCUT = "log_touchpoint_global"


def register(app: App, deps: Deps) -> None:
    """Both shortcuts."""

    @logged
    def on_message(shortcut: dict, client: WebClient, context: BoltContext, respond: Respond) -> None:
        message = shortcut.get("message") or {}
        text = from_slack(message.get("text"))
        channel = (shortcut.get("channel") or {}).get("id")

        def prefill(ctx: Context) -> Reply:
            author = message.get("user")
            profile = deps.profiles.get(client, context.team_id, author) if author else None
            posted = MessageToLog(text=text, ts=message.get("ts"), tz=profile.tz if profile else None)
            return deps.core.action(ctx, "touchpoint_prefill_message", posted)

        open_form(deps, client, trigger_id=shortcut["trigger_id"], team_id=context.team_id,
                  user_id=context.user_id, channel_id=channel, load=prefill,
                  tell=lambda reply: respond_reply(respond, reply))

    @logged
    def on_global(shortcut: dict, client: WebClient, context: BoltContext) -> None:
        def tell(reply: Reply) -> None:
            post_reply(client, deps.dm_channel(client, context.team_id, context.user_id), reply)

        open_form(deps, client, trigger_id=shortcut["trigger_id"], team_id=context.team_id,
                  user_id=context.user_id, channel_id=None, tell=tell)

    # The lazy part starts right after the ack, well inside the trigger_id's 3 seconds.
    app.shortcut(MESSAGE_SHORTCUT)(ack=ack_now, lazy=[on_message])
    app.shortcut(GLOBAL_SHORTCUT)(ack=ack_now, lazy=[on_global])
