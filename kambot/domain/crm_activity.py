"""A logged touch as the CRM records it: a completed Task (or an Event) and an open Task for its next step."""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from kambot.domain.crm import MEETING_KINDS, Activity, event_times, marker_line, subject_of

# Salesforce's TaskSubtype picklist knows Call, Email, ListEmail, Cadence and Task.
_SUBTYPES = {"call": "Call", "email": "Email"}
_MENTION = re.compile(r"<@([UW][A-Z0-9]+)(?:\|[^>]*)?>")
DESCRIPTION_LIMIT = 32_000  # Task.Description holds 32,000 characters


@dataclass(frozen=True)
class TouchFacts:
    """What the outbox stored about a touch, with the CRM ids looked up when it is sent."""

    key: str
    kind: str
    kind_label: str
    occurred_on: date
    summary: str
    account_name: str
    account_crm_id: str
    contact_crm_ids: tuple[str, ...] = ()
    other_contacts: tuple[str, ...] = ()  # names of contacts without a CRM id, or beyond the first
    owner_crm_id: str | None = None
    logger_name: str | None = None
    next_step: str | None = None
    next_step_due: date | None = None
    next_owner_crm_id: str | None = None


def _description(facts: TouchFacts, text: str, key: str) -> str:
    lines = [text] if text else []
    if facts.other_contacts:
        lines.append("With: " + ", ".join(facts.other_contacts))
    if facts.logger_name and not facts.owner_crm_id:
        lines.append(f"Logged in Slack by {facts.logger_name}")
    marker = marker_line(key)
    body = "\n".join(lines)[: DESCRIPTION_LIMIT - len(marker) - 2]
    return f"{body}\n\n{marker}" if body else marker


def _common(facts: TouchFacts, owner: str | None) -> dict:
    fields = {"WhatId": facts.account_crm_id}
    if facts.contact_crm_ids:
        fields["WhoId"] = facts.contact_crm_ids[0]
    if owner:
        fields["OwnerId"] = owner
    return fields


def sobject_of(part: str, kind: str | None, *, meetings_as: str) -> str:
    """The object an outbox row becomes ('touch' or 'next' of a touch of this kind), as the two below decide."""
    return "Event" if part == "touch" and kind in MEETING_KINDS and meetings_as == "event" else "Task"


def touch_activity(facts: TouchFacts, *, meetings_as: str) -> Activity:
    """The touch itself: an Event for meetings, meals and events (when so configured), else a completed Task."""
    subject = subject_of(facts.kind_label, facts.account_name, facts.summary)
    fields = {**_common(facts, facts.owner_crm_id), "Subject": subject,
              "Description": _description(facts, facts.summary, facts.key)}
    if sobject_of("touch", facts.kind, meetings_as=meetings_as) == "Event":
        start, end = event_times(facts.occurred_on)
        return Activity(facts.key, "Event", {**fields, "StartDateTime": start, "EndDateTime": end})
    return Activity(facts.key, "Task", {**fields, "ActivityDate": facts.occurred_on.isoformat(),
                                        "Status": "Completed", "Priority": "Normal",
                                        "TaskSubtype": _SUBTYPES.get(facts.kind, "Task")},
                    also_with=facts.contact_crm_ids[1:])


def next_step_activity(facts: TouchFacts, key: str) -> Activity:
    """The next step: an open Task due when the line said, owned by whoever it named (else the logger)."""
    step = facts.next_step or ""
    fields = {**_common(facts, facts.next_owner_crm_id or facts.owner_crm_id),
              "Subject": subject_of("Next step", facts.account_name, _MENTION.sub("", step).strip()),
              "Description": _description(facts, step, key), "Status": "Not Started", "Priority": "Normal",
              "TaskSubtype": "Task"}
    if facts.next_step_due:
        fields["ActivityDate"] = facts.next_step_due.isoformat()
    return Activity(key, "Task", fields)


def named_user(text: str | None) -> str | None:
    """The first Slack user a next step names (<@U123>), who will own it."""
    found = _MENTION.search(text or "")
    return found.group(1) if found else None
