"""`/kam channel <account>|off` (`/kam canal`): link the channel it is typed in to an account.

In a linked channel, commands that take an account default to it, and touchpoint reports are read as in a
watched channel (Save / Edit / Discard). An account may have several channels; a channel one account.
"""
from __future__ import annotations

from kambot.core.account_reply import find_account
from kambot.core.call import Call
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.domain.text import normalize_name
from kambot.storage.channels import account_channels, linked_account
from kambot.storage.models import AccountChannel

TURN_OFF = {"off", "unlink", "none", "no", "desvincular", "quitar", "ninguna"}


def handle(call: Call) -> Reply:
    """Link, unlink, or (no argument) say which account this channel is linked to."""
    channel = call.ctx.channel_id
    if not channel or channel.startswith("D"):
        return call.reply("channel_not_channel", kind=ReplyKind.USAGE)
    text = call.args.strip()
    row = call.session.get(AccountChannel, (call.team_id, channel))
    current = linked_account(call.session, team_id=call.team_id, channel_id=channel)
    if not text:
        return call.reply("channel_status", kind=ReplyKind.INFO, account=current.name if current else "")
    if normalize_name(text) in TURN_OFF:
        if row is None:
            return call.reply("channel_status", kind=ReplyKind.INFO, account="")
        call.session.delete(row)
        call.session.flush()
        reply = call.reply("channel_unlinked", kind=ReplyKind.CHANNEL_UNLINKED, account=current.name if current else "",
                           user=call.ctx.user_id)
        reply.data = {"channel_id": channel, "account_id": row.account_id, "linked": False}
        reply.visibility, reply.changed = "channel", True
        return reply
    found = find_account(call, text, command="channel", example_rest="")
    if found.reply is not None:
        return found.reply
    if call.ctx.bot_absent():  # Slack sends no messages of a channel the bot is not in
        return call.reply("invite_me", kind=ReplyKind.REFUSED, what="channel")
    account = found.account
    changed = row is None or row.account_id != account.id
    if row is None:
        call.session.add(AccountChannel(team_id=call.team_id, channel_id=channel, account_id=account.id,
                                        linked_by=call.ctx.user_id))
    elif changed:
        row.account_id, row.linked_by = account.id, call.ctx.user_id
        call.session.add(row)
    call.session.flush()
    others = [c for c in account_channels(call.session, team_id=call.team_id, account_id=account.id) if c != channel]
    reply = call.reply("channel_linked", kind=ReplyKind.CHANNEL_LINKED, account=account.name, user=call.ctx.user_id,
                       others=others)
    reply.data = {"channel_id": channel, "account_id": account.id, "linked": True}
    reply.visibility, reply.changed = "channel", changed
    return reply
