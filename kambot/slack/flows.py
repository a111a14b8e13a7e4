"""Steps several listeners share: calling the core safely, opening the log form, refreshing the Home tab."""
from __future__ import annotations

import logging
from typing import Any, Callable

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from kambot.core.context import Context
from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.slack.blocks import section, view
from kambot.slack.deps import Deps
from kambot.slack.errors import log_failure
from kambot.slack.home_view import publish_home
from kambot.slack.modal import loading_view, log_view
from kambot.slack.send import error_reply, internal_error
from kambot.slack.text import ui

log = logging.getLogger(__name__)


def call_core(lang: str, run: Callable[[], Reply]) -> Reply:
    """Run one core entry point; any exception becomes the polite internal-error reply (and a log entry)."""
    try:
        return run()
    except Exception:  # noqa: BLE001 - users never see tracebacks
        log.exception("core call failed")
        return internal_error(lang)


def after_reply(deps: Deps, client: WebClient, ctx: Context, reply: Reply) -> None:
    """Republish the user's Home tab when the command says it changed data (the core decides, not the door)."""
    if reply.changed:
        try:
            publish_home(deps, client, ctx)
        except Exception:  # noqa: BLE001 - the reply already went out; a stale Home is not worth an error
            log.exception("home refresh failed for %s", ctx.user_id)


def message_view(reply: Reply, lang: str) -> dict[str, Any]:
    """A modal that only says something (a refusal, an error)."""
    return view(kind="modal", title=ui(lang, "loading_title"), blocks=section(reply.text), lang=lang,
                close=ui(lang, "modal_close"))


def open_form(deps: Deps, client: WebClient, *, trigger_id: str, team_id: str, user_id: str,
              channel_id: str | None, tell: Callable[[Reply], None],
              load: Callable[[Context], Reply] | None = None, meta: dict[str, Any] | None = None) -> None:
    """Open the log form: empty at once, or a loading view first (trigger_id lasts 3 s) then the prefilled form."""
    quick = deps.quick_context(team_id=team_id, user_id=user_id, channel_id=channel_id, source="shortcut")
    try:
        if load is None:
            client.views_open(trigger_id=trigger_id, view=log_view({}, quick.lang, today=quick.today, meta=meta))
            return
        opened = client.views_open(trigger_id=trigger_id, view=loading_view(quick.lang))["view"]
    except SlackApiError as exc:
        log_failure("views.open", exc, user=user_id)
        tell(error_reply(exc, quick.lang))
        return
    ctx = deps.context(client, team_id=team_id, user_id=user_id, channel_id=channel_id, source="shortcut")
    found = call_core(ctx.lang, lambda: load(ctx))
    if found.kind == ReplyKind.PREFILL:
        form = log_view(found.data, ctx.lang, today=ctx.today, meta={**(meta or {}), **_draft_meta(found)})
    else:
        form = message_view(found, ctx.lang)
    try:
        client.views_update(view_id=opened["id"], hash=opened.get("hash"), view=form)
    except SlackApiError as exc:
        log_failure("views.update", exc, user=user_id)  # the user closed the modal, most likely


def _draft_meta(found: Reply) -> dict[str, Any]:
    draft = found.data.get("draft_id")
    return {"draft_id": draft} if draft else {}
