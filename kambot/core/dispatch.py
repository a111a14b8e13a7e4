"""The command core: one entry point per kind of input, shared by Slack, the shell and the CLI."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.core.cache import new_cache
from kambot.core.call import Call
from kambot.core.commands.help import command_help
from kambot.core.commands.table import build_registry
from kambot.core.context import Context
from kambot.core.i18n import render
from kambot.core.inputs import decode
from kambot.core.reads import Reads
from kambot.core.registry import Handler, Registry
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.reply_language import reply_language
from kambot.core.router import CommandHelp, RunCommand, route
from kambot.domain.text import strip_controls
from kambot.storage.claims import claim_once
from kambot.storage.db import session_scope

log = logging.getLogger(__name__)

Chooser = Callable[[Session], str]  # picks the reply language with the command's session


class Core(Reads):
    """Runs commands in one transaction each; a failure rolls everything back and says so politely."""

    def __init__(self, engine: Engine, registry: Registry | None = None):
        self.engine = engine
        self.registry = registry if registry is not None else build_registry()
        self.cache = new_cache()  # per-process caches keyed by (purpose, team); always validated against the DB

    def slash(self, ctx: Context, text: str) -> Reply:
        """`/kam <subcommand> <args>`: the subcommand picks the handler; no subcommand shows help."""
        word, _, rest = strip_controls(text).strip().partition(" ")
        spec = self.registry.lookup(word) if word else self.registry.command("help")
        if spec is None:
            return self._run(self.registry.command("help").handler, ctx, "", self._language(ctx, text),
                             extra={"unknown": word})
        return self._run(spec.handler, ctx, rest.strip(), self._language(ctx, rest, spec.language_of(word.lower())))

    def message(self, ctx: Context, text: str) -> Reply:
        """A DM or mention in natural language: the router says what it asks for (kambot.core.router), and
        its parse of a touch report goes to the log command with the line."""
        text = strip_controls(text).strip()
        routed = route(text, ctx.today, self.registry)
        if isinstance(routed, RunCommand):
            spec = self.registry.command(routed.command)
            return self._run(spec.handler, ctx, routed.args, self._language(ctx, routed.lang_text, routed.lead),
                             extra={"from_message": True})
        if isinstance(routed, CommandHelp):
            return self._run(command_help, ctx, routed.rest, self._language(ctx, routed.rest, routed.lead),
                             extra={"from_message": True, "command": routed.command, "line": text})
        return self._run(self.registry.command("log").handler, ctx, text, self._language(ctx, text),
                         extra={"from_message": True, "guess": True, "parsed": routed.parsed})

    @staticmethod
    def _language(ctx: Context, text: str, lead: str | None = None) -> Chooser:
        """The reply language, chosen inside the command's transaction: names in the text are looked up."""
        return lambda session: reply_language(session, team_id=ctx.team_id, text=text, default=ctx.lang, lead=lead)

    def action(self, ctx: Context, action_id: str, value: str | object = "", *, once: str | None = None) -> Reply:
        """A button press or view submit; unknown buttons get a polite error.

        value: the button's value (an id, text), or the typed input of the actions in kambot.core.inputs,
        which a door decodes (a JSON string given for one of those is decoded here, for the shell and tests).

        once: a key naming this very click (or submit); a second press with the same key, at the same
        instant or later, in any process, does nothing and gets Reply(kind="duplicate").
        """
        handler = self.registry.action(action_id)
        if handler is None:
            return Reply(text=render("error_unknown_action", ctx.lang), kind=ReplyKind.ERROR, lang=ctx.lang)
        typed = decode(action_id, value) if isinstance(value, str) else value
        return self._run(handler, ctx, value if isinstance(value, str) else "", ctx.lang, once=once, typed=typed)

    def _run(self, handler: Handler, ctx: Context, args: str, lang: str | Chooser,
             extra: dict | None = None, once: str | None = None, typed: object = None) -> Reply:
        chosen = lang if isinstance(lang, str) else ctx.lang  # what a failure before the choice answers in
        try:
            with session_scope(self.engine) as session:
                # First statement of the transaction: the claim and the work commit or vanish together.
                if once is not None and not claim_once(session, once, team_id=ctx.team_id, now=ctx.now):
                    return Reply(text="", kind=ReplyKind.DUPLICATE, lang=chosen)
                chosen = lang if isinstance(lang, str) else lang(session)
                call = Call(ctx=ctx, args=args, session=session, lang=chosen, cache=self.cache, registry=self.registry,
                            extra=extra or {}, input=typed)
                reply = handler(call)
                if not reply.changed:
                    session.rollback()  # only a command that says it wrote commits: no half-written rows
                return reply
        except Exception:  # noqa: BLE001 - the user must never see a traceback; the log keeps it
            log.exception("command failed: team=%s user=%s args=%r", ctx.team_id, ctx.user_id, args)
            return Reply(text=render("error_internal", chosen), kind=ReplyKind.ERROR, lang=chosen)
