"""Typed inputs: doors decode button and view values into kambot.core.inputs types; handlers never parse JSON."""
from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest

from kambot.core.inputs import INPUTS, AccountPick, ChannelMessage, ContactForm, LogForm, MessageToLog, decode

ROOT = Path(__file__).resolve().parents[2] / "kambot"


def test_each_typed_action_decodes_its_json():
    assert decode("touchpoint_prefill_message", json.dumps({"text": "hi", "ts": 1.5, "tz": None})) == \
        MessageToLog("hi", "1.5", None)
    assert decode("draft_propose", '{"text": "met Ana", "channel": "C1", "ts": "1.2"}') == ChannelMessage("met Ana", "C1", "1.2")
    form = decode("touchpoint_save_form", json.dumps({"account_id": "7", "contact_ids": [1, "2", "x"], "kind": "call",
                                                      "summary": "s", "draft_id": None}))
    assert form == LogForm(account_id=7, contact_ids=(1, 2), kind="call", summary="s")
    contact = decode("contact_save_form", json.dumps({"account_id": 3, "name": "Ana", "title": " CFO ", "role": ""}))
    assert isinstance(contact, ContactForm) and contact.values == {"title": "CFO", "role": None}
    assert contact.given == {"account_id", "name", "title", "role"}
    pick = AccountPick("who", "Initech about billing", 4, "es")
    assert decode("account_pick", pick.value()) == pick


@pytest.mark.parametrize("action_id", sorted(INPUTS))
@pytest.mark.parametrize("value", ["", "{", "[1, 2]", "null", '"text"'])
def test_unreadable_values_decode_to_defaults_or_none(action_id, value):
    decoded = decode(action_id, value)
    assert decoded is None or isinstance(decoded, INPUTS[action_id])


def test_actions_without_a_typed_input_keep_their_value():
    assert decode("touchpoint_undo", "12") is None


def test_a_typed_input_reaches_the_handler_as_given(core, make_ctx, engine):
    reply = core.action(make_ctx(), "touchpoint_prefill_message", MessageToLog("call with Ana yesterday", None, None))
    assert reply.kind == "prefill"
    assert core.action(make_ctx(), "draft_propose", "{not json").kind == "ignored"  # never a traceback


def test_no_handler_parses_json():
    """Handlers read call.input; only kambot/core/inputs.py turns JSON into inputs."""
    modules = [*sorted((ROOT / "core" / "commands").glob("*.py")), ROOT / "core" / "account_reply.py"]
    for path in modules:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "loads":
                raise AssertionError(f"{path.relative_to(ROOT.parent)} parses JSON (line {node.lineno})")
