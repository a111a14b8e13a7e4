"""Typed inputs of the buttons and views whose value is more than an id: what their handlers receive.

A door turns what it was sent (Slack's button value or view state, the shell's JSON) into one of these with
`decode`, or builds one directly, and hands it to `Core.action`; handlers read `call.input` and never parse
JSON. Each `from_dict` is lenient: a missing or malformed field becomes None (the handler says what is wrong).
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Mapping


def _int(value: Any) -> int | None:
    return int(value) if str(value if value is not None else "").strip().isdigit() else None


def _str(value: Any) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True)
class MessageToLog:
    """touchpoint_prefill_message: a Slack message to log, with when it was posted and its author's zone."""

    text: str = ""
    ts: str | None = None
    tz: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "MessageToLog":
        return cls(str(data.get("text") or ""), _str(data.get("ts")), _str(data.get("tz")))


@dataclass(frozen=True)
class ChannelMessage:
    """draft_propose: a message posted in a watched channel."""

    text: str = ""
    channel: str | None = None
    ts: str | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ChannelMessage":
        return cls(str(data.get("text") or ""), _str(data.get("channel")), _str(data.get("ts")))


@dataclass(frozen=True)
class LogForm:
    """touchpoint_save_form: the log form's fields as submitted (days as ISO text, checked by the handler)."""

    account_id: int | None = None
    contact_ids: tuple[int, ...] = ()
    kind: str = "other"
    occurred_on: str | None = None
    summary: str = ""
    next_step: str | None = None
    next_step_due: str | None = None
    draft_id: int | None = None

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "LogForm":
        contacts = data.get("contact_ids") or []
        return cls(
            account_id=_int(data.get("account_id")),
            contact_ids=tuple(i for i in map(_int, contacts if isinstance(contacts, list) else []) if i is not None),
            kind=str(data.get("kind") or "other"), occurred_on=_str(data.get("occurred_on")),
            summary=str(data.get("summary") or ""), next_step=_str(data.get("next_step")),
            next_step_due=_str(data.get("next_step_due")), draft_id=_int(data.get("draft_id")))


CONTACT_FIELDS = ("title", "department", "email", "role", "relationship_owner", "status", "stance", "influence")


@dataclass(frozen=True)
class ContactForm:
    """contact_save_form: a person's fields; `given` names the fields the form had (absent ones stay as they are)."""

    account_id: int | None = None
    contact_id: str | None = None  # digits, or what was typed where an id belongs (refused by the handler)
    name: str = ""
    reports_to_id: str | None = None
    values: Mapping[str, str | None] = field(default_factory=dict)  # CONTACT_FIELDS given, stripped, "" -> None
    given: frozenset[str] = frozenset()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "ContactForm":
        values = {k: (str(data[k]).strip() or None) if data.get(k) is not None else None
                  for k in CONTACT_FIELDS if k in data}
        return cls(account_id=_int(data.get("account_id")), contact_id=_str(data.get("contact_id")),
                   name=str(data.get("name") or ""), reports_to_id=_str(data.get("reports_to_id")),
                   values=values, given=frozenset(k for k in data if isinstance(k, str)))


@dataclass(frozen=True)
class AccountPick:
    """account_pick: run `command` again with `args`, on the account the user picked from a question."""

    command: str
    args: str
    account: int
    lang: str | None = None

    def value(self) -> str:
        """The button value that carries it (decoded by `decode`)."""
        return json.dumps({"command": self.command, "args": self.args, "account": self.account, "lang": self.lang},
                          ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "AccountPick | None":
        account = _int(data.get("account"))
        if not data.get("command") or data.get("args") is None or account is None:
            return None
        lang = data.get("lang") if data.get("lang") in ("en", "es") else None
        return cls(str(data["command"]), str(data["args"]), account, lang)


# The actions whose value is one of the types above; every other action's value is an id or text (call.args).
INPUTS: dict[str, type] = {
    "touchpoint_prefill_message": MessageToLog,
    "draft_propose": ChannelMessage,
    "touchpoint_save_form": LogForm,
    "contact_save_form": ContactForm,
    "account_pick": AccountPick,
}


def decode(action_id: str, value: str) -> Any:
    """The typed input of `action_id` from its JSON value; None when the action takes none or it is unreadable."""
    kind = INPUTS.get(action_id)
    if kind is None:
        return None
    try:
        data = json.loads(value or "{}")
    except ValueError:
        return None
    return kind.from_dict(data) if isinstance(data, dict) else None
