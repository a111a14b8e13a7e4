"""`/kam watch on|off` (`/kam vigilar sí|no`): read a channel's messages for touchpoint reports."""
from __future__ import annotations

from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.text import normalize_name
from kambot.storage.models import WatchedChannel

TURN_ON = {"on", "yes", "start", "si", "activar", "encender"}
TURN_OFF = {"off", "no", "stop", "desactivar", "apagar"}


def handle(call: Call) -> Reply:
    """Turn watching on or off for the channel the command was typed in; no argument tells the state."""
    channel = call.ctx.channel_id
    if not channel or channel.startswith("D"):
        return call.reply("watch_not_channel", kind=ReplyKind.USAGE)
    word = normalize_name(call.args)
    row = call.session.get(WatchedChannel, (call.team_id, channel))
    changed = False
    if word in TURN_ON:
        if call.ctx.bot_absent():  # Slack sends no messages of a channel the bot is not in
            return call.reply("invite_me", kind=ReplyKind.REFUSED, what="watch")
        if row is None:
            call.session.add(WatchedChannel(team_id=call.team_id, channel_id=channel, enabled_by=call.ctx.user_id))
            call.session.flush()
            changed = True
        reply = call.reply("watch_on", kind=ReplyKind.WATCH_ON, user=call.ctx.user_id)
    elif word in TURN_OFF:
        if row is not None:
            call.session.delete(row)
            call.session.flush()
            changed = True
        reply = call.reply("watch_off", kind=ReplyKind.WATCH_OFF, user=call.ctx.user_id)
    elif not word:
        return call.reply("watch_status", kind=ReplyKind.INFO, on=row is not None)
    else:
        return call.reply("watch_usage", kind=ReplyKind.USAGE, word=call.args.strip())
    reply.visibility = "channel"  # the whole channel should know its messages are being read
    reply.data = {"channel_id": channel, "watched": word in TURN_ON}
    reply.changed = changed
    return reply
