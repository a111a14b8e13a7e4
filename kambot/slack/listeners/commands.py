"""`/kam …`: acknowledge at once, then run the core and answer through the response_url."""
from __future__ import annotations

from slack_bolt import App, Respond
from slack_sdk import WebClient

from kambot.slack.deps import Deps
from kambot.slack.flows import after_reply, call_core
from kambot.slack.listeners.lazy import ack_now, logged
from kambot.slack.send import deliver
from kambot.slack.text import from_slack


def register(app: App, deps: Deps) -> None:
    """The slash command: empty ack inside Slack's 3 seconds, everything else after it."""

    @logged
    def kam(command: dict, client: WebClient, respond: Respond) -> None:
        ctx = deps.context(client, team_id=command["team_id"], user_id=command["user_id"],
                           channel_id=command.get("channel_id"), source="command")
        text = from_slack(command.get("text"))
        reply = call_core(ctx.lang, lambda: deps.core.slash(ctx, text))
        deliver(client, ctx, reply, respond)
        after_reply(deps, client, ctx, reply)

    app.command("/kam")(ack=ack_now, lazy=[kam])
