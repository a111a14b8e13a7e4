"""The fake Slack's Block Kit and message limit checks: what Slack would reject, and with which error."""

from __future__ import annotations

import json
from typing import Any

MESSAGE_METHODS = {"chat.postMessage", "chat.postEphemeral", "chat.update", "chat.scheduleMessage", "response_url"}
VIEW_METHODS = {"views.open", "views.update", "views.push", "views.publish"}


def limit_problem(method: str, p: dict) -> tuple[str, str] | None:
    """(what broke, Slack's error) when a message or view breaks a Block Kit limit, else None."""
    if method in MESSAGE_METHODS:
        if problem := _over("text", p.get("text"), 40_000):
            return problem, "msg_too_long"
        problem = _blocks_problem(p.get("blocks") or [], 50, "blocks")
    elif method in VIEW_METHODS:
        view = p.get("view") or {}
        checks = [_over(f"view.{k}.text", _text(view.get(k)), 24) for k in ("title", "submit", "close")]
        checks += [_over("view.private_metadata", view.get("private_metadata"), 3000),
                   _over("view.callback_id", view.get("callback_id"), 255),
                   _blocks_problem(view.get("blocks") or [], 100, "view.blocks")]
        problem = _first(checks)
        if not problem and len(json.dumps(view)) > 250_000:
            return "view: over 250 kB", "view_too_large"
    else:
        return None
    return (problem, "invalid_blocks") if problem else None


def _blocks_problem(blocks: list, limit: int, where: str) -> str | None:
    if problem := _over(where, blocks, limit):
        return problem
    for i, block in enumerate(blocks):
        at, kind = f"{where}[{i}]", block.get("type")
        checks = [_over(f"{at}.block_id", block.get("block_id"), 255)]
        if kind == "section":
            fields = block.get("fields") or []
            checks += [_over(f"{at}.text", _text(block.get("text")), 3000), _over(f"{at}.fields", fields, 10)]
            checks += [_over(f"{at}.fields[{j}]", _text(f), 2000) for j, f in enumerate(fields)]
        elif kind == "header":
            checks.append(_over(f"{at}.text", _text(block.get("text")), 150))
        elif kind in ("actions", "context"):
            checks.append(_over(f"{at}.elements", block.get("elements"), 25 if kind == "actions" else 10))
        elements = [(f"elements[{j}]", e) for j, e in enumerate(block.get("elements") or []) if kind == "actions"]
        elements += [(k, block[k]) for k in ("accessory", "element") if isinstance(block.get(k), dict)]
        checks += [_element_problem(e, f"{at}.{name}") for name, e in elements]
        if problem := _first(checks):
            return problem
    return None


def _element_problem(el: dict, at: str) -> str | None:
    checks = [_over(f"{at}.action_id", el.get("action_id"), 255)]
    if el.get("type") == "button":
        checks += [_over(f"{at}.text", _text(el.get("text")), 75), _over(f"{at}.value", el.get("value"), 2000),
                   _over(f"{at}.url", el.get("url"), 3000)]
    options, groups = el.get("options") or [], el.get("option_groups") or []
    checks += [_over(f"{at}.options", options, 100), _over(f"{at}.option_groups", groups, 100)]
    for j, o in enumerate(options + [o for g in groups for o in g.get("options") or []]):
        checks += [_over(f"{at}.options[{j}].text", _text(o.get("text")), 75),
                   _over(f"{at}.options[{j}].value", o.get("value"), 150)]
    return _first(checks)


def _over(where: str, value: Any, limit: int) -> str | None:
    size = len(value or "")
    return f"{where}: {size} > {limit}" if size > limit else None


def _text(obj: Any) -> str:
    return obj.get("text", "") if isinstance(obj, dict) else (obj or "")


def _first(checks: list) -> str | None:
    return next((c for c in checks if c), None)
