"""The terminal door: read lines from a terminal or a pipe, answer each through the command core."""
from __future__ import annotations

import json
from dataclasses import replace
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, TextIO
from zoneinfo import ZoneInfo

from kambot.config import DATA_DIR
from kambot.core.context import Context
from kambot.core.dispatch import Core
from kambot.core.reply import Reply
from kambot.shell.plain import to_plain

PROMPT = "kam> "
OUT_DIR = DATA_DIR / "out"


JsonRenderer = Callable[[Reply], dict[str, Any]]  # a door's payload for a reply (Slack's, from the composing CLI)


def _show(reply: Reply, *, as_json: JsonRenderer | None, out: TextIO, image_dir: Path) -> None:
    """Print one reply: readable text, or the payload `as_json` renders (--json)."""
    if reply.image is not None:
        image_dir.mkdir(parents=True, exist_ok=True)
        path = image_dir / reply.image.filename
        path.write_bytes(reply.image.png)
        reply.data["image_path"] = str(path)
    if as_json is not None:
        payload = as_json(reply)
        if "image_path" in reply.data:
            payload["file"] = reply.data["image_path"]
        out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    else:
        out.write(to_plain(reply.full_text()) + "\n")
        if reply.buttons:
            out.write("   " + "  ".join(f"[{b.label}]" for b in reply.buttons) + "\n")
        if "image_path" in reply.data:
            out.write(f"   (picture written to {reply.data['image_path']})\n")
    out.flush()


def run_shell(core: Core, *, team: str, user: str, tz: str, lang: str = "en", as_json: JsonRenderer | None = None,
              stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
              clock: Callable[[], datetime] = lambda: datetime.now(timezone.utc),
              image_dir: Path = OUT_DIR) -> int:
    """Answer lines until end of input; `/kam ...` is the slash command, anything else a DM."""
    interactive = stdin.isatty() and as_json is None
    if interactive:
        stdout.write(f"kambot shell: team {team}, you are {user}, time zone {tz}. "
                     "Type /kam help, or talk to me in plain words. Ctrl-D quits.\n")
    zone = ZoneInfo(tz)
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            break
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        ctx = Context(team_id=team, user_id=user, now=clock(), tz=zone, lang=lang, source="command")
        if line == "/kam" or line.startswith("/kam "):
            reply = core.slash(ctx, line[4:].strip())
        else:
            reply = core.message(replace(ctx, source="message"), line)
        _show(reply, as_json=as_json, out=stdout, image_dir=image_dir)
    if interactive:
        stdout.write("\n")
    return 0
