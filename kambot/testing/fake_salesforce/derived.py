"""What Salesforce computes on a write: names, an Event's times, a Task's relations under Shared Activities."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from kambot.testing.fake_salesforce.ids import object_of
from kambot.testing.fake_salesforce.values import parse_datetime

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce.store import Row, Store


def _full_name(row: Row) -> None:
    first, last = row.get("FirstName"), row.get("LastName")
    if first or last:
        row["Name"] = " ".join(p for p in (first, last) if p)


def derive(obj: str, row: Row, changed: dict) -> None:
    """Fields Salesforce computes: a person's Name, an Event's start, end, duration and date."""
    if obj in ("Contact", "User") and ({"FirstName", "LastName"} & changed.keys()):
        _full_name(row)
    if obj == "Event":
        _event_times(row, changed)


def _event_times(row: Row, changed: dict) -> None:
    if "ActivityDateTime" in changed and "StartDateTime" not in changed:
        row["StartDateTime"] = row["ActivityDateTime"]
    row["ActivityDateTime"] = row.get("StartDateTime")
    start = row.get("StartDateTime")
    if start is None:
        return
    begin = datetime.strptime(start[:19], "%Y-%m-%dT%H:%M:%S")
    if "EndDateTime" in changed and row.get("EndDateTime"):
        end = datetime.strptime(row["EndDateTime"][:19], "%Y-%m-%dT%H:%M:%S")
        row["DurationInMinutes"] = int((end - begin).total_seconds() // 60)
    elif row.get("DurationInMinutes") is not None:
        row["EndDateTime"] = parse_datetime((begin + timedelta(minutes=row["DurationInMinutes"])).isoformat() + "Z")
    row["ActivityDate"] = start[:10]


def relate_task(store: Store, task: Row, old: Row | None) -> None:
    """Keep a TaskRelation row for the task's WhoId (IsWhat false) and WhatId (true), as Shared Activities does.

    A task that is deleted takes its relations along; a changed WhoId or WhatId moves its relation.
    """
    if not store.schema.shared_activities:
        return
    relations = store.tables["TaskRelation"]
    mine = [relations[i] for i in sorted(store.index("TaskRelation", "TaskId").get(task["Id"], ()))]
    live = [r for r in mine if not r.get("IsDeleted")]
    if task.get("IsDeleted"):
        for relation in live:
            store.mark_deleted("TaskRelation", relation["Id"])
        return
    for field in ("WhoId", "WhatId"):
        new, before = task.get(field), (old or {}).get(field)
        if old is not None and new == before:
            continue
        for relation in live:
            if before and relation["RelationId"] == before:
                store.mark_deleted("TaskRelation", relation["Id"])
        if new and not any(r["RelationId"] == new for r in live if not store.tables["TaskRelation"][r["Id"]].get(
                "IsDeleted")):
            store.create("TaskRelation", relation_values(store, task["Id"], new))


def relation_values(store: Store, task_id: str, relation_id: str) -> dict:
    """The fields Salesforce fills on a TaskRelation: IsWhat from the related object, AccountId from it."""
    kind = object_of(relation_id)
    target = store.get(relation_id) or {}
    account = relation_id if kind == "Account" else target.get("AccountId")
    return {"TaskId": task_id, "RelationId": relation_id, "IsWhat": kind not in ("Contact", "Lead"),
            "AccountId": account}
