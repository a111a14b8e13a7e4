"""Answering a click on one account of a reminder DM by changing only that account's part of the message."""
from __future__ import annotations

from typing import Any

from kambot.core.reply import Reply
from kambot.core.reply_kind import ReplyKind
from kambot.slack.blocks import clip, item_block_ids

MAX_CONTEXT_TEXT = 2000


def snoozed_in_place(message: dict | None, reply: Reply) -> dict[str, Any] | None:
    """The original message with the snoozed account's line and buttons replaced by a "snoozed until" note.

    None when the reply is not a snooze or the message has no such account (then the whole reply replaces it).
    """
    account_id = reply.data.get("account_id")
    blocks = (message or {}).get("blocks") or []
    if reply.kind != ReplyKind.SNOOZED or account_id is None or not blocks:
        return None
    line, actions = item_block_ids(ReplyKind.REMINDER, account_id)
    if not any(b.get("block_id") in (line, actions) for b in blocks):
        return None
    note = {"type": "context", "block_id": line,
            "elements": [{"type": "mrkdwn", "text": clip(reply.text, MAX_CONTEXT_TEXT)}]}
    kept: list[dict[str, Any]] = []
    for block in blocks:
        if block.get("block_id") == line:
            kept.append(note)
        elif block.get("block_id") != actions:
            kept.append(block)
    if note not in kept:  # only the buttons were there: the note takes their place
        at = next(i for i, b in enumerate(blocks) if b.get("block_id") == actions)
        kept.insert(at, note)
    return {"text": (message or {}).get("text") or reply.text, "blocks": kept}
