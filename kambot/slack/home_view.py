"""The App Home tab: the core's HomeData as Block Kit (<= 100 blocks however many accounts), and publishing it."""
from __future__ import annotations

import logging
from typing import Any

from slack_sdk import WebClient

from kambot.core.context import Context
from kambot.core.health_words import band_word
from kambot.core.home import HomeData
from kambot.core.i18n import render
from kambot.slack.blocks import MAX_HEADER_TEXT, button, more_note, plain, section, view
from kambot.slack.deps import Deps
from kambot.slack.errors import log_failure
from kambot.slack.text import ui

log = logging.getLogger(__name__)
LOG_ACTION = "home_log_touch"  # value: "" for an empty form, or an account id


def home_blocks(data: HomeData, lang: str) -> list[dict[str, Any]]:
    """Header, summary with a Log button, this week's next steps, then accounts worst health first."""
    blocks: list[dict[str, Any]] = [{"type": "header", "text": plain(ui(lang, "home_header"), MAX_HEADER_TEXT)}]
    summary = render("home_summary", lang, total=data.total, overdue=data.overdue, steps=data.next_steps_total)
    blocks += section(summary, accessory=button(ui(lang, "home_log"), LOG_ACTION, "", "primary"))
    if not data.total:
        return blocks + section(render("home_empty", lang))
    if data.next_steps:
        blocks.append({"type": "divider"})
        blocks += section(render("home_next_steps", lang, steps=data.next_steps,
                                 more=data.next_steps_total - len(data.next_steps)))
    blocks.append({"type": "divider"})
    for account in data.accounts:
        text = render("home_account", lang, a=account, band=band_word(account.band or "", lang))
        blocks += section(text, accessory=button(ui(lang, "home_log_account"), f"{LOG_ACTION}:{account.id}",
                                                 str(account.id)))
    if data.hidden > 0:
        blocks.append(more_note(data.hidden, lang))
    return blocks


def home_view(data: HomeData, lang: str) -> dict[str, Any]:
    """The Home view payload within Block Kit limits."""
    return view(kind="home", title=None, blocks=home_blocks(data, lang), lang=lang)


def publish_home(deps: Deps, client: WebClient, ctx: Context) -> bool:
    """Build and publish the user's Home tab; False (logged) when Slack refused it."""
    data = deps.core.home(ctx)
    try:
        client.views_publish(user_id=ctx.user_id, view=home_view(data, ctx.lang))
        return True
    except Exception as exc:  # noqa: BLE001 - a stale Home tab is no reason to fail the user's action
        log_failure("views.publish", exc, user=ctx.user_id)
        return False
