"""What the CRM bridge of a team is doing: last sync, counts, errors, the outbox and the API calls left."""
from __future__ import annotations

import json
from datetime import datetime

from sqlmodel import Session

from kambot.storage.crm_connections import get_connection, outbox_counts, unmatched_users
from kambot.storage.db import aware


def status_facts(session: Session, *, team_id: str, now: datetime) -> dict | None:
    """Plain facts for the status reply (None when the team has no CRM connection); never a secret."""
    row = get_connection(session, team_id=team_id)
    if row is None:
        return None
    outbox = outbox_counts(session, team_id=team_id)
    paused = aware(row.paused_until) if row.paused_until else None
    return {
        "login_url": row.login_url, "flow": "jwt" if row.username else "client credentials",
        "last_sync": aware(row.last_sync_at) if row.last_sync_at else None,
        "last_push": aware(row.last_push_at) if row.last_push_at else None,
        "counts": json.loads(row.counts or "{}"), "error": row.last_error,
        "paused_until": paused if paused and paused > now else None,
        "api_used": row.api_used, "api_max": row.api_max,
        "api_left": (row.api_max - row.api_used) if row.api_max is not None and row.api_used is not None else None,
        "waiting": outbox.get("pending", 0) + outbox.get("sending", 0), "sent": outbox.get("sent", 0),
        "refused": outbox.get("refused", 0),
        "unmatched": [u.name or u.email or u.crm_id for u in unmatched_users(session, team_id=team_id)][:10],
        "push": row.push_enabled,
    }
