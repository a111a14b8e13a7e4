"""The command core: one entry point per kind of input, shared by Slack, the shell and the CLI."""
from __future__ import annotations

import logging
import re
from typing import Callable

from sqlalchemy.engine import Engine
from sqlmodel import Session

from kambot.core.cache import new_cache
from kambot.core.call import Call
from kambot.core.context import Context
from kambot.core.i18n import render
from kambot.core.reads import Reads
from kambot.core.registry import load_commands, lookup, match_intent
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.core.reply_language import reply_language
from kambot.domain.parsing.line import parse_line, reads_as_report
from kambot.storage.claims import claim_once
from kambot.storage.db import session_scope

log = logging.getLogger(__name__)

ActionHandler = Callable[[Call], Reply]
Chooser = Callable[[Session], str]  # picks the reply language with the command's session
_ACTIONS: dict[str, ActionHandler] = {}
# What people put between a command word and the account in a DM: "map of Acme", "cuenta de Acme".
_LEADING_FILLER = re.compile(r"^(?:(?:of|for|at|on|the|de|del|la|el|en|para)\s+)+", re.IGNORECASE)


def action(action_id: str) -> Callable[[ActionHandler], ActionHandler]:
    """Register the handler of a button (Undo, Save, Snooze...); `call.args` holds the button value."""

    def register(handler: ActionHandler) -> ActionHandler:
        _ACTIONS[action_id] = handler
        return handler

    return register


class Core(Reads):
    """Runs commands in one transaction each; a failure rolls everything back and says so politely."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self.cache = new_cache()  # per-process caches keyed by (purpose, team); always validated against the DB

    def slash(self, ctx: Context, text: str) -> Reply:
        """`/kam <subcommand> <args>`: the subcommand picks the handler; no subcommand shows help."""
        word, _, rest = text.strip().partition(" ")
        spec = lookup(word) if word else lookup("help")
        if spec is None:
            return self._run(lookup("help").handler, ctx, "", self._language(ctx, text), extra={"unknown": word})
        return self._run(spec.handler, ctx, rest.strip(), self._language(ctx, rest, spec.language_of(word.lower())))

    def message(self, ctx: Context, text: str) -> Reply:
        """A DM or mention in natural language: route by intent, else by a leading command word ("account
        Acme", "claves") unless the line reports a touch, else treat it as a touchpoint report."""
        text = text.strip()
        lang = self._language(ctx, text)
        found = match_intent(text)
        if found is not None:
            spec, args = found
            return self._run(spec.handler, ctx, args, lang, extra={"from_message": True})
        word, _, rest = text.partition(" ")
        spec = lookup(word.strip(":,.!?¿¡").lower()) if word else None
        # "contacto con Ana en Acme ayer" starts with a command word but reports a touch: the log takes it.
        if spec is not None and spec.name != "log" and not reads_as_report(parse_line(text, today=ctx.today)):
            rest = _LEADING_FILLER.sub("", rest.strip())  # "map of Acme", "mapa de Acme"
            return self._run(spec.handler, ctx, rest, self._language(ctx, rest, spec.language_of(word.lower())),
                             extra={"from_message": True})
        log_spec = lookup("log")
        return self._run(log_spec.handler, ctx, text, lang, extra={"from_message": True, "guess": True})

    @staticmethod
    def _language(ctx: Context, text: str, lead: str | None = None) -> Chooser:
        """The reply language, chosen inside the command's transaction: names in the text are looked up."""
        return lambda session: reply_language(session, team_id=ctx.team_id, text=text, default=ctx.lang, lead=lead)

    def action(self, ctx: Context, action_id: str, value: str, *, once: str | None = None) -> Reply:
        """A button press; unknown buttons get a polite error.

        once: a key naming this very click (or submit); a second press with the same key, at the same
        instant or later, in any process, does nothing and gets Reply(kind="duplicate").
        """
        load_commands()  # button handlers live next to their commands
        handler = _ACTIONS.get(action_id)
        if handler is None:
            return Reply(text=render("error_unknown_action", ctx.lang), kind=ReplyKind.ERROR, lang=ctx.lang)
        return self._run(handler, ctx, value, ctx.lang, once=once)

    def _run(self, handler: Callable[[Call], Reply], ctx: Context, args: str, lang: str | Chooser,
             extra: dict | None = None, once: str | None = None) -> Reply:
        chosen = lang if isinstance(lang, str) else ctx.lang  # what a failure before the choice answers in
        try:
            with session_scope(self.engine) as session:
                # First statement of the transaction: the claim and the work commit or vanish together.
                if once is not None and not claim_once(session, once, team_id=ctx.team_id, now=ctx.now):
                    return Reply(text="", kind=ReplyKind.DUPLICATE, lang=chosen)
                chosen = lang if isinstance(lang, str) else lang(session)
                call = Call(ctx=ctx, args=args, session=session, lang=chosen, cache=self.cache, extra=extra or {})
                reply = handler(call)
                if not reply.changed:
                    session.rollback()  # only a command that says it wrote commits: no half-written rows
                return reply
        except Exception:  # noqa: BLE001 - the user must never see a traceback; the log keeps it
            log.exception("command failed: team=%s user=%s args=%r", ctx.team_id, ctx.user_id, args)
            return Reply(text=render("error_internal", chosen), kind=ReplyKind.ERROR, lang=chosen)
