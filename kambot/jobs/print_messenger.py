"""The Messenger of --dry-run: prints what would be sent, as text or JSON, and sends nothing."""
from __future__ import annotations

import json
import sys
from dataclasses import asdict
from typing import TextIO

from sqlalchemy.engine import Engine

from kambot.core.reply import Reply, terminal_text
from kambot.domain.profile import Profile
from kambot.storage.db import session_scope
from kambot.storage.profiles import stored_profile


class PrintMessenger:
    """Prints each DM and post; reads profiles from the database only (a dry run never asks Slack)."""

    def __init__(self, engine: Engine | None = None, out: TextIO | None = None, *, as_json: bool = False):
        self._engine, self._out, self._json = engine, out, as_json
        self.sent: list[tuple[str, str, Reply]] = []  # (kind, target, reply), for callers and tests

    def send_dm(self, team_id: str, user_id: str, reply: Reply) -> str | None:
        """Print the DM instead of sending it."""
        return self._print("dm", team_id, user_id, reply)

    def post_channel(self, team_id: str, channel_id: str, reply: Reply) -> str | None:
        """Print the channel post instead of sending it."""
        return self._print("channel", team_id, channel_id, reply)

    def user_profile(self, team_id: str, user_id: str) -> Profile | None:
        """The cached profile, if any."""
        if self._engine is None:
            return None
        with session_scope(self._engine) as session:
            return stored_profile(session, team_id=team_id, user_id=user_id)

    def _print(self, kind: str, team_id: str, target: str, reply: Reply) -> str:
        self.sent.append((kind, target, reply))
        out = self._out or sys.stdout
        if self._json:
            shown = {"text": reply.text, "sections": reply.sections, "items": [asdict(i) for i in reply.items],
                     "note": reply.note}
            out.write(json.dumps({"kind": kind, "team": team_id, "to": target, **shown}, ensure_ascii=False) + "\n")
        else:
            where = f"DM to {target}" if kind == "dm" else f"#{target}"
            out.write(f"--- {where} (team {team_id}) ---\n{terminal_text(reply)}\n\n")
        out.flush()
        return f"dry-run.{len(self.sent):06d}"
