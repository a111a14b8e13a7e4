"""`/kam help` (`/kam ayuda`): every command with one example, in the user's language and the table's order."""
from __future__ import annotations

from kambot.core.call import Call
from kambot.core.i18n import help_lines
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind

# DM phrasings that ask for this command (folded text; group "args" is what the command gets).
INTENTS = (r"^\s*(help|ayuda|what can you do|que puedes hacer|commands|comandos)\b",)


def handle(call: Call) -> Reply:
    """Full help; an unknown subcommand or message gets the short form that says what to type."""
    unknown = call.extra.get("unknown")
    if unknown is not None or call.extra.get("short"):
        return call.reply("help_short", kind=ReplyKind.USAGE, unknown=unknown or "")
    lines = help_lines(call.lang)
    return call.reply("help", kind=ReplyKind.HELP, lines=[line for spec in call.registry.commands
                                                  for line in lines.get(spec.name, ())])


def command_help(call: Call) -> Reply:
    """The help of the command in `extra["command"]`, for a DM that starts with its word but is not that
    command (nothing is written)."""
    name = call.extra["command"]
    lines = help_lines(call.lang).get(name)
    if not lines:
        return handle(call)
    word = call.registry.word(name, call.lang)
    reply = call.reply("help_command", kind=ReplyKind.USAGE, word=word, lines=list(lines))
    reply.data = {"command": name}
    return reply
