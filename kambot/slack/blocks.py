"""Turn a core Reply into a Slack message payload that always stays within Block Kit limits."""
from __future__ import annotations

from typing import Any

from slack_sdk.models.blocks import ButtonElement, ContextBlock, MarkdownTextObject, SectionBlock

from kambot.core.reply import Reply

MAX_MESSAGE_BLOCKS = 50
MAX_SECTION_TEXT = 3000
MAX_ACTIONS_PER_BLOCK = 25
MAX_FALLBACK_TEXT = 3000  # notification text; Slack truncates at 40,000 but nobody reads that much


def split_mrkdwn(text: str, limit: int = MAX_SECTION_TEXT) -> list[str]:
    """Split text into chunks under `limit`, at line breaks when possible, never inside an entity."""
    chunks: list[str] = []
    current = ""
    for line in text.split("\n"):
        while len(line) > limit:  # one enormous line: cut it, backing off any &amp;-style entity
            cut = limit - len(current) - 1 if current else limit
            if cut <= 0:
                chunks.append(current)
                current, cut = "", limit
            amp = line.rfind("&", max(0, cut - 6), cut)
            if amp != -1 and ";" not in line[amp:cut]:
                cut = amp
            head, line = line[:cut], line[cut:]
            chunks.append(f"{current}\n{head}" if current else head)
            current = ""
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        chunks.append(current)
    return [c for c in chunks if c.strip()]


def _button(button) -> dict[str, Any]:
    element = ButtonElement(text=button.label[:75], action_id=button.action_id[:255], value=button.value[:2000],
                            style=button.style)
    return element.to_dict()


def reply_blocks(reply: Reply, *, max_blocks: int = MAX_MESSAGE_BLOCKS) -> list[dict[str, Any]]:
    """Sections for the text, then the buttons; over the block limit the tail is summarised."""
    blocks: list[dict[str, Any]] = []
    for part in [reply.text, *reply.sections]:
        for chunk in split_mrkdwn(part):
            blocks.append(SectionBlock(text=MarkdownTextObject(text=chunk)).to_dict())
    actions: list[dict[str, Any]] = []
    buttons = [_button(b) for b in reply.buttons]
    for start in range(0, len(buttons), MAX_ACTIONS_PER_BLOCK):
        actions.append({"type": "actions", "elements": buttons[start:start + MAX_ACTIONS_PER_BLOCK]})
    room = max_blocks - len(actions)
    if len(blocks) > room:
        hidden = len(blocks) - (room - 1)
        note = f"… {hidden} more" if reply.lang != "es" else f"… {hidden} más"
        blocks = blocks[: room - 1] + [ContextBlock(elements=[MarkdownTextObject(text=note)]).to_dict()]
    return blocks + actions


def fallback_text(reply: Reply) -> str:
    """The plain notification text that goes with the blocks."""
    text = reply.text
    return text if len(text) <= MAX_FALLBACK_TEXT else text[: MAX_FALLBACK_TEXT - 1] + "…"


def reply_payload(reply: Reply) -> dict[str, Any]:
    """The message payload (text + blocks) kambot would post for this reply."""
    return {"text": fallback_text(reply), "blocks": reply_blocks(reply)}
