"""`/kam help` (`/kam ayuda`): every command with one example, in the user's language and the table's order."""
from __future__ import annotations

from dataclasses import replace

from kambot.core.call import Call
from kambot.core.i18n import help_lines
from kambot.core.read_line import read_line
from kambot.core.registry import strip_filler
from kambot.domain.parsing.line import parse_line, reads_as_report
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
    command = command_under_names(call, call.extra.get("line") or call.args)
    if command is not None:
        return command
    lines = help_lines(call.lang).get(name)
    if not lines:
        return handle(call)
    word = call.registry.word(name, call.lang)
    reply = call.reply("help_command", kind=ReplyKind.USAGE, word=word, lines=list(lines))
    reply.data = {"command": name}
    return reply


def command_under_names(call: Call, line: str) -> Reply | None:
    """The reply of the command a DM starts with, when its report words were only words of a known name
    ("account Café Sol", "mapa de Grupo Hoy"); None when the line still reads as a report or names no command."""
    word, _, rest = line.strip().partition(" ")
    spec = call.registry.lookup(word.strip(":,.!?¿¡").lower())
    if spec is None or spec.name == "log" or not rest.strip():
        return None
    parsed = read_line(call.session, team_id=call.team_id, today=call.ctx.today,
                       parsed=parse_line(rest, today=call.ctx.today, lang=call.lang))
    if reads_as_report(parsed) or not parsed.names:
        return None
    return spec.handler(replace(call, args=strip_filler(rest)))
