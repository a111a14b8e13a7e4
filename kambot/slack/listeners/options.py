"""Type-ahead for the form's account and contact pickers (answered inside the ack, through the core)."""
from __future__ import annotations

from slack_bolt import Ack, App, BoltContext

from kambot.slack.blocks import options
from kambot.slack.deps import Deps
from kambot.slack.modal import ACCOUNT, CONTACTS, selected_account


def register(app: App, deps: Deps) -> None:
    """block_suggestion listeners."""

    @app.options(ACCOUNT)
    def accounts(ack: Ack, payload: dict, context: BoltContext) -> None:
        found = deps.core.account_choices(team_id=context.team_id, user_id=context.user_id,
                                          query=payload.get("value") or "")
        ack(options=options((name, str(account_id)) for account_id, name in found))

    @app.options(CONTACTS)
    def contacts(ack: Ack, payload: dict, body: dict, context: BoltContext) -> None:
        found = deps.core.contact_choices(team_id=context.team_id, account_id=selected_account(body.get("view") or {}),
                                          query=payload.get("value") or "")
        ack(options=options((name, str(contact_id)) for contact_id, name in found))
