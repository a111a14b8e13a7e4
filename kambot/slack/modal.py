"""The log-a-touchpoint modal: a loading view, the (pre)filled form, and reading a submission back."""
from __future__ import annotations

import json
from datetime import date
from typing import Any

from kambot.core.i18n import label
from kambot.slack.blocks import MAX_INPUT_TEXT, clip, option, plain, view
from kambot.slack.text import ui
from kambot.domain.parsing.kinds import KINDS

CALLBACK = "log_touchpoint_modal"
ACCOUNT, CONTACTS, KIND, DATE, SUMMARY, NEXT, DUE = (
    "tp_account", "tp_contacts", "tp_kind", "tp_date", "tp_summary", "tp_next", "tp_due")
# core field names (log_form errors) -> the block that shows the message
ERROR_BLOCKS = {"account": ACCOUNT, "contacts": CONTACTS, "date": DATE, "summary": SUMMARY, "form": ACCOUNT}


def loading_view(lang: str) -> dict[str, Any]:
    """Opened at once so the 3-second trigger_id is used before any slow work."""
    blocks = [{"type": "section", "text": {"type": "mrkdwn", "text": ui(lang, "loading")}}]
    return view(kind="modal", title=ui(lang, "loading_title"), blocks=blocks, lang=lang,
                close=ui(lang, "modal_close"))


def _input(block_id: str, name: str, element: dict[str, Any], *, optional: bool = False) -> dict[str, Any]:
    return {"type": "input", "block_id": block_id, "label": plain(name, 2000), "optional": optional,
            "element": {"action_id": block_id, **element}}


def _iso(value: Any) -> str | None:
    try:
        return date.fromisoformat(str(value)).isoformat() if value else None
    except ValueError:
        return None


def log_view(fields: dict[str, Any], lang: str, *, today: date, meta: dict[str, Any] | None = None) -> dict[str, Any]:
    """The form, prefilled from the core's fields (account, contacts, kind, dates, summary, next step)."""
    account: dict[str, Any] = {"type": "external_select", "min_query_length": 0,
                               "placeholder": plain(ui(lang, "account_placeholder"), 150)}
    if fields.get("account_id"):
        account["initial_option"] = option(fields.get("account_name") or str(fields["account_id"]),
                                           str(fields["account_id"]))
    contacts: dict[str, Any] = {"type": "multi_external_select", "min_query_length": 0,
                                "placeholder": plain(ui(lang, "contacts_placeholder"), 150)}
    pairs = list(zip(fields.get("contact_ids") or [], fields.get("contact_names") or []))[:100]
    if pairs:
        contacts["initial_options"] = [option(name, str(cid)) for cid, name in pairs]
    kinds = [option(label(lang, "kind", k), k) for k in KINDS]
    kind = fields.get("kind") if fields.get("kind") in KINDS else "other"
    day = {"type": "datepicker", "initial_date": _iso(fields.get("occurred_on")) or today.isoformat()}
    summary = {"type": "plain_text_input", "multiline": True, "max_length": MAX_INPUT_TEXT,
               "placeholder": plain(ui(lang, "summary_placeholder"), 150)}
    if fields.get("summary"):
        summary["initial_value"] = clip(fields["summary"], MAX_INPUT_TEXT)
    next_step = {"type": "plain_text_input", "max_length": MAX_INPUT_TEXT,
                 "placeholder": plain(ui(lang, "next_step_placeholder"), 150)}
    if fields.get("next_step"):
        next_step["initial_value"] = clip(fields["next_step"], MAX_INPUT_TEXT)
    due: dict[str, Any] = {"type": "datepicker"}
    if _iso(fields.get("next_step_due")):
        due["initial_date"] = _iso(fields["next_step_due"])
    blocks = [
        _input(ACCOUNT, ui(lang, "account"), account),
        _input(CONTACTS, ui(lang, "contacts"), contacts, optional=True),
        _input(KIND, ui(lang, "kind"), {"type": "static_select", "options": kinds,
                                        "initial_option": option(label(lang, "kind", kind), kind)}),
        _input(DATE, ui(lang, "date"), day),
        _input(SUMMARY, ui(lang, "summary"), summary, optional=True),
        _input(NEXT, ui(lang, "next_step"), next_step, optional=True),
        _input(DUE, ui(lang, "next_step_due"), due, optional=True),
    ]
    metadata = {"lang": lang, **(meta or {})}
    if fields.get("account_id"):
        metadata["account_id"] = fields["account_id"]  # the contact picker's account until the user picks one
    return view(kind="modal", title=ui(lang, "modal_title"), blocks=blocks, lang=lang, callback_id=CALLBACK,
                submit=ui(lang, "modal_submit"), close=ui(lang, "modal_close"), private_metadata=metadata)


def _value(values: dict, block: str) -> dict:
    return (values.get(block) or {}).get(block) or {}


def read_metadata(view_payload: dict[str, Any]) -> dict[str, Any]:
    """The view's private_metadata as a dict ({} when absent or not ours)."""
    try:
        found = json.loads(view_payload.get("private_metadata") or "{}")
        return found if isinstance(found, dict) else {}
    except ValueError:
        return {}


def selected_account(view_payload: dict[str, Any]) -> int | None:
    """The account picked in the form so far (or the one it was opened with)."""
    values = (view_payload.get("state") or {}).get("values") or {}
    picked = (_value(values, ACCOUNT).get("selected_option") or {}).get("value")
    picked = picked or read_metadata(view_payload).get("account_id")
    return int(picked) if str(picked or "").isdigit() else None


def read_form(view_payload: dict[str, Any]) -> dict[str, Any]:
    """A submitted view as the core's touchpoint_save_form fields."""
    values = (view_payload.get("state") or {}).get("values") or {}
    account = (_value(values, ACCOUNT).get("selected_option") or {}).get("value")
    contacts = [o.get("value") for o in _value(values, CONTACTS).get("selected_options") or []]
    meta = read_metadata(view_payload)
    return {
        "account_id": int(account) if str(account or "").isdigit() else None,
        "contact_ids": [int(c) for c in contacts if str(c).isdigit()],
        "kind": (_value(values, KIND).get("selected_option") or {}).get("value") or "other",
        "occurred_on": _value(values, DATE).get("selected_date"),
        "summary": _value(values, SUMMARY).get("value") or "",
        "next_step": _value(values, NEXT).get("value") or None,
        "next_step_due": _value(values, DUE).get("selected_date"),
        "draft_id": meta.get("draft_id"),
    }
