"""`/kam help` (`/kam ayuda`): every command with one example, in the user's language."""
from __future__ import annotations

from kambot.core.call import Call
from kambot.core.registry import command
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind


@command("help", spanish=("ayuda",), english=("h", "?", "commands"),
         intents=(r"^\s*(help|ayuda|what can you do|que puedes hacer|commands|comandos)\b",), order=999)
def handle(call: Call) -> Reply:
    """Full help; an unknown subcommand or message gets the short form that says what to type."""
    unknown = call.extra.get("unknown")
    if unknown is not None or call.extra.get("short"):
        return call.reply("help_short", kind=ReplyKind.USAGE, unknown=unknown or "")
    return call.reply("help", kind=ReplyKind.HELP)
