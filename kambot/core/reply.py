"""What a command returns: data and rendered text, independent of the door that shows it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Iterable

from kambot.core.reply_kind import NOT_DONE, ReplyKind


@dataclass(frozen=True)
class Button:
    """An action the user can take on a reply (Undo, Save, Snooze...)."""

    label: str  # plain text, <= 75 chars
    action_id: str  # e.g. "touchpoint_undo"
    value: str = ""  # <= 2,000 chars; usually an id
    style: str | None = None  # "primary" | "danger" | None


@dataclass(frozen=True)
class Item:
    """One entry of a list with buttons of its own (an account in a reminder): its text, then its buttons."""

    key: str  # stable within the reply (an account id): names the entry's blocks, so one can be updated alone
    text: str  # mrkdwn; user-provided text already escaped
    buttons: tuple[Button, ...] = ()


@dataclass(frozen=True)
class Image:
    """A picture to upload next to the reply (the account map)."""

    png: bytes
    filename: str
    title: str
    path: str | None = None  # where the shell wrote it


@dataclass
class Reply:
    """The outcome of one command: mrkdwn text plus optional sections, buttons and image."""

    text: str  # mrkdwn; user-provided text already escaped
    kind: ReplyKind = ReplyKind.INFO  # machine-readable outcome
    sections: list[str] = field(default_factory=list)  # extra mrkdwn chunks, one Slack section each
    buttons: list[Button] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)  # entries with their own buttons, after the sections
    note: str | None = None  # a closing footnote in small print ("and 3 more accounts")
    visibility: str = "ephemeral"  # ephemeral | channel
    image: Image | None = None
    data: dict[str, Any] = field(default_factory=dict)  # structured result (ids, parsed fields)
    lang: str = "en"
    changed: bool = False  # set by the command that wrote data: the core commits only then, doors refresh

    def __post_init__(self) -> None:
        self.kind = ReplyKind(self.kind)  # a kind nobody declared fails here, not in a door's comparison

    @property
    def ok(self) -> bool:
        """True when the command did what was asked (not an error, refusal or question)."""
        return self.kind not in NOT_DONE

    def full_text(self) -> str:
        """Text, sections, items and note joined, as a terminal shows them."""
        return "\n".join([self.text, *self.sections, *(i.text for i in self.items), self.note or ""]).strip()


def button_row(buttons: Iterable[Button]) -> str:
    """Buttons as a terminal shows them: '  [Undo]  [Edit]'."""
    return "  " + "  ".join(f"[{b.label}]" for b in buttons)


def terminal_text(reply: Reply) -> str:
    """The whole reply as terminal lines: text, sections, each item with its buttons, buttons, note."""
    lines = [reply.text, *reply.sections]
    for item in reply.items:
        lines.append(item.text)
        if item.buttons:
            lines.append(button_row(item.buttons))
    if reply.buttons:
        lines.append(button_row(reply.buttons))
    if reply.note:
        lines.append(reply.note)
    return "\n".join(line for line in lines if line)
