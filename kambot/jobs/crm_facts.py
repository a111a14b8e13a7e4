"""Outbox rows as the CRM records they stand for, with today's CRM ids looked up (accounts, contacts, owners)."""
from __future__ import annotations

import json
from datetime import date

from sqlmodel import Session

from kambot.core.i18n import label
from kambot.domain.crm import Activity
from kambot.domain.crm_activity import TouchFacts, named_user, next_step_activity, touch_activity
from kambot.storage.accounts import accounts_by_ids
from kambot.storage.contacts import contacts_by_ids
from kambot.storage.crm_connections import crm_user_of
from kambot.storage.crm_models import CrmOutbox
from kambot.storage.profiles import stored_name


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def activities(session: Session, rows: list[CrmOutbox], *, meetings_as: str) -> dict[int, Activity | str]:
    """Row id -> the record to write, or the reason it cannot be written (its account is not in the CRM)."""
    payloads = {row.id: json.loads(row.payload) for row in rows}
    team_id = rows[0].team_id if rows else ""
    accounts = accounts_by_ids(session, team_id=team_id, ids={p["account_id"] for p in payloads.values()})
    contacts = contacts_by_ids(session, team_id=team_id,
                               ids={c for p in payloads.values() for c in p.get("contact_ids", [])})
    owners: dict[str | None, str | None] = {}

    def crm_user(slack_id: str | None) -> str | None:
        if slack_id not in owners:
            owners[slack_id] = crm_user_of(session, team_id=team_id, slack_user_id=slack_id)
        return owners[slack_id]

    out: dict[int, Activity | str] = {}
    for row in rows:
        payload = payloads[row.id]
        account = accounts.get(payload["account_id"])
        if account is None or not account.crm_id:
            out[row.id] = "the account is not in Salesforce (it was not synced from there)"
            continue
        people = [contacts[c] for c in payload.get("contact_ids", []) if c in contacts]
        linked = [c for c in people if c.crm_id]
        logger = payload.get("logged_by")
        name = stored_name(session, team_id=team_id, user_id=logger) if logger else None
        facts = TouchFacts(
            key=row.key if row.part == "touch" else row.key.rsplit(":", 1)[0] + ":touch",
            kind=payload["kind"], kind_label=label("en", "kind", payload["kind"]).capitalize(),
            occurred_on=date.fromisoformat(payload["occurred_on"]), summary=payload.get("summary") or "",
            account_name=account.name, account_crm_id=account.crm_id,
            contact_crm_ids=tuple(c.crm_id for c in linked),
            other_contacts=tuple(c.name for c in people if c not in linked[:1]),
            owner_crm_id=crm_user(logger), logger_name=name or logger,
            next_step=payload.get("next_step"), next_step_due=_day(payload.get("next_step_due")),
            next_owner_crm_id=crm_user(named_user(payload.get("next_step"))),
        )
        out[row.id] = (touch_activity(facts, meetings_as=meetings_as) if row.part == "touch"
                       else next_step_activity(facts, row.key))
    return out


def contact_updates(session: Session, rows: list[CrmOutbox]) -> dict[int, Activity | str]:
    """Row id -> the Contact change to write (Salesforce's field names), or why there is none."""
    payloads = {row.id: json.loads(row.payload) for row in rows}
    team_id = rows[0].team_id if rows else ""
    ids = {p["contact_id"] for p in payloads.values()} | {p["fields"].get("reports_to_id") for p in payloads.values()}
    contacts = contacts_by_ids(session, team_id=team_id, ids={i for i in ids if i})
    out: dict[int, Activity | str] = {}
    for row in rows:
        payload = payloads[row.id]
        contact = contacts.get(payload["contact_id"])
        if contact is None or not contact.crm_id:
            out[row.id] = "the contact is not in Salesforce"
            continue
        fields: dict = {"Id": contact.crm_id}
        for key, value in payload["fields"].items():
            if key == "name" and value:
                first, _, last = value.strip().rpartition(" ")
                fields.update(FirstName=first or None, LastName=last)
            elif key == "reports_to_id":
                manager = contacts.get(value) if value else None
                if value and (manager is None or not manager.crm_id):
                    continue  # a manager Salesforce does not know: the rest of the edit still goes
                fields["ReportsToId"] = manager.crm_id if manager else None
            elif key in ("title", "department", "email"):
                fields[key.capitalize()] = value
        out[row.id] = Activity(row.key, "Contact", fields)
    return out
