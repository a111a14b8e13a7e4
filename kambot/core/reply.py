"""What a command returns: data and rendered text, independent of the door that shows it."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Button:
    """An action the user can take on a reply (Undo, Save, Snooze...)."""

    label: str  # plain text, <= 75 chars
    action_id: str  # e.g. "touchpoint_undo"
    value: str = ""  # <= 2,000 chars; usually an id
    style: str | None = None  # "primary" | "danger" | None


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
    kind: str = "info"  # machine-readable outcome: logged, ambiguous, unknown_account, error, help...
    sections: list[str] = field(default_factory=list)  # extra mrkdwn chunks, one Slack section each
    buttons: list[Button] = field(default_factory=list)
    visibility: str = "ephemeral"  # ephemeral | channel
    image: Image | None = None
    data: dict[str, Any] = field(default_factory=dict)  # structured result (ids, parsed fields)
    lang: str = "en"

    @property
    def ok(self) -> bool:
        """True when the command did what was asked (not an error, refusal or question)."""
        return self.kind not in {"error", "ambiguous", "unknown_account", "refused", "usage", "not_found"}

    def full_text(self) -> str:
        """Text and sections joined, as a terminal shows them."""
        return "\n".join([self.text, *self.sections]).strip()
