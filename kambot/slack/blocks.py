"""Block Kit within Slack's limits: core Replies as messages, and the pieces views and option lists use."""
from __future__ import annotations

import json
from typing import Any, Iterable

from slack_sdk.models.blocks import ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from kambot.core.i18n import render
from kambot.core.reply import Item, Reply
from kambot.domain.text import split_mrkdwn as split_text

MAX_MESSAGE_BLOCKS = 50
MAX_VIEW_BLOCKS = 100  # modals and the App Home
MAX_SECTION_TEXT = 3000
MAX_ACTIONS_PER_BLOCK = 25
MAX_FALLBACK_TEXT = 3000  # notification text; Slack truncates at 40,000 but nobody reads that much
MAX_BUTTON_TEXT = 75
MAX_OPTIONS = 100
MAX_OPTION_TEXT = 75
MAX_OPTION_VALUE = 150
MAX_VIEW_TITLE = 24  # also submit and close
MAX_METADATA = 3000
MAX_HEADER_TEXT = 150
MAX_INPUT_TEXT = 3000


def split_mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Split text into chunks under `limit` (a section's, unless told), at line breaks, never inside an entity."""
    return split_text(text, limit)


def _button(button) -> dict[str, Any]:
    element = ButtonElement(text=button.label[:75], action_id=button.action_id[:255], value=button.value[:2000],
                            style=button.style)
    return element.to_dict()


def reply_blocks(reply: Reply, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[dict[str, Any]]:
    """Sections for the text, each item with its buttons, the buttons, the note; over the limit the text's tail
    is summarised."""
    blocks: list[dict[str, Any]] = []
    for part in [reply.text, *reply.sections]:
        for chunk in split_mrkdwn(part):
            blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)).to_dict())
    tail = [block for item in reply.items for block in item_blocks(reply.kind, item)]
    buttons = [_button(b) for b in reply.buttons]
    for start in range(0, len(buttons), MAX_ACTIONS_PER_BLOCK):
        tail.append({"type": "actions", "elements": buttons[start:start + MAX_ACTIONS_PER_BLOCK]})
    if reply.note:
        tail.append(ContextBlock(elements=[MarkdownTextObject(text=split_mrkdwn(reply.note)[0])]).to_dict())
    room = max_blocks - len(tail)
    if len(blocks) > room:
        hidden = len(blocks) - (room - 1)
        blocks = blocks[: room - 1] + [more_note(hidden, reply.lang)]
    return blocks + tail


def item_block_ids(kind: str, key: object) -> tuple[str, str]:
    """The block ids of an item's line and of its buttons: `<kind>_<key>` and `<kind>_actions_<key>`."""
    return f"{kind}_{key}"[:255], f"{kind}_actions_{key}"[:255]


def item_blocks(kind: str, item: Item) -> list[dict[str, Any]]:
    """An item's section and its buttons, under the ids item_block_ids gives."""
    line, actions = item_block_ids(kind, item.key)
    blocks = [{"type": "section", "block_id": line,
               "text": {"type": "mrkdwn", "text": split_mrkdwn(item.text)[0]}}]
    if item.buttons:
        blocks.append({"type": "actions", "block_id": actions,
                       "elements": [_button(b) for b in item.buttons[:MAX_ACTIONS_PER_BLOCK]]})
    return blocks


def fallback_text(reply: Reply) -> str:
    """The plain notification text that goes with the blocks."""
    text = reply.text
    if len(text) <= MAX_FALLBACK_TEXT:
        return text
    cut = MAX_FALLBACK_TEXT - 1
    amp = text.rfind("&", cut - 6, cut)
    if amp != -1 and ";" not in text[amp:cut]:
        cut = amp  # never leave half an &amp; behind
    return text[:cut] + "…"


def reply_payload(reply: Reply) -> dict[str, Any]:
    """The message payload (text + blocks) kambot would post for this reply."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply)}


def clip(text: str | None, limit: int) -> str:
    """Text cut to `limit` characters with an ellipsis (for plain text, which needs no entity care)."""
    text = text or ""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str | None, limit: int = MAX_SECTION_TEXT) -> dict[str, Any]:
    """A plain_text object (user text is safe here: plain text never pings or links)."""
    return {"type": "plain_text", "text": clip(text, limit) or " ", "emoji": True}


def section(text: str, accessory: dict | None = None) -> list[dict[str, Any]]:
    """Section blocks for escaped mrkdwn, split under the 3,000-character limit; accessory on the first."""
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": chunk}} for chunk in split_mrkdwn(text)]
    if blocks and accessory:
        blocks[0]["accessory"] = accessory
    return blocks


def button(label: str, action_id: str, value: str = "", style: str | None = None) -> dict[str, Any]:
    """A button element within Slack's text, id and value limits."""
    element = {"type": "button", "text": plain(label, MAX_BUTTON_TEXT), "action_id": action_id[:255],
               "value": value[:2000]}
    return element | ({"style": style} if style else {})


def more_note(count: int, lang: str) -> dict[str, Any]:
    """A context block saying how many items were left out."""
    return ContextBlock(elements=[MarkdownTextObject(text=render("slack_more", lang, count=count))]).to_dict()


def option(label: str, value: str) -> dict[str, Any]:
    """One select option (text <= 75, value <= 150)."""
    return {"text": plain(label, MAX_OPTION_TEXT), "value": str(value)[:MAX_OPTION_VALUE]}


def options(items: Iterable[tuple[str, str]]) -> list[dict[str, Any]]:
    """At most 100 options from (label, value) pairs."""
    found = []
    for label, value in items:
        found.append(option(label, value))
        if len(found) == MAX_OPTIONS:
            break
    return found


def fit_blocks(blocks: list[dict[str, Any]], lang: str, limit: int = MAX_VIEW_BLOCKS) -> list[dict[str, Any]]:
    """Blocks cut to the limit, the last one replaced by an 'N more' note when anything was dropped."""
    if len(blocks) <= limit:
        return blocks
    kept = blocks[: limit - 1]
    return kept + [more_note(len(blocks) - len(kept), lang)]


def metadata(data: dict[str, Any]) -> str:
    """private_metadata as compact JSON under 3,000 characters (long values are dropped, ids kept)."""
    text = json.dumps(data, separators=(",", ":"))
    for key in sorted(data, key=lambda k: -len(json.dumps(data[k]))):
        if len(text) <= MAX_METADATA:
            break
        data = {k: v for k, v in data.items() if k != key}
        text = json.dumps(data, separators=(",", ":"))
    return text if len(text) <= MAX_METADATA else "{}"


def view(*, kind: str, title: str | None, blocks: list[dict[str, Any]], lang: str, callback_id: str | None = None,
         submit: str | None = None, close: str | None = None, private_metadata: dict | None = None) -> dict[str, Any]:
    """A modal or home view whose title, buttons, blocks and metadata are within Slack's limits."""
    payload: dict[str, Any] = {"type": kind, "blocks": fit_blocks(blocks, lang)}
    for key, text in (("title", title), ("submit", submit), ("close", close)):
        if text:
            payload[key] = plain(text, MAX_VIEW_TITLE)
    if callback_id:
        payload["callback_id"] = callback_id[:255]
    if private_metadata:
        payload["private_metadata"] = metadata(private_metadata)
    return payload
