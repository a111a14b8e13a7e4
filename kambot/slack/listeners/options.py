"""Type-ahead for the form's account and contact pickers (answered inside the ack, from the database)."""
from __future__ import annotations

import logging

from slack_bolt import Ack, App, BoltContext

from kambot.core.pickers import account_choices, contact_choices
from kambot.slack.blocks import options
from kambot.slack.deps import Deps
from kambot.slack.modal import ACCOUNT, CONTACTS, selected_account
from kambot.storage.db import session_scope

log = logging.getLogger(__name__)


def register(app: App, deps: Deps) -> None:
    """block_suggestion listeners."""

    @app.options(ACCOUNT)
    def accounts(ack: Ack, payload: dict, context: BoltContext) -> None:
        try:
            with session_scope(deps.core.engine) as session:
                found = account_choices(session, team_id=context.team_id, query=payload.get("value") or "",
                                        user_id=context.user_id, cache=deps.core.cache)
        except Exception:  # noqa: BLE001 - an empty list beats a picker stuck on "loading"
            log.exception("account options failed")
            found = []
        ack(options=options((name, str(account_id)) for account_id, name in found))

    @app.options(CONTACTS)
    def contacts(ack: Ack, payload: dict, body: dict, context: BoltContext) -> None:
        try:
            with session_scope(deps.core.engine) as session:
                found = contact_choices(session, team_id=context.team_id, query=payload.get("value") or "",
                                        account_id=selected_account(body.get("view") or {}))
        except Exception:  # noqa: BLE001 - as above
            log.exception("contact options failed")
            found = []
        ack(options=options((name, str(contact_id)) for contact_id, name in found))
