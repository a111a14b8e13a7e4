"""Writing to an org with sObject Collections: up to 200 records a request, each with its own answer."""
from __future__ import annotations

from typing import Iterable

from kambot.crm.port import CrmError
from kambot.crm.salesforce.calls import Connection
from kambot.crm.salesforce.soql import batches
from kambot.domain.crm import Activity, WriteResult

COLLECTION = 200  # the sObject Collections limit per request
_GONE = {"ENTITY_IS_DELETED", "INVALID_CROSS_REFERENCE_KEY", "NOT_FOUND"}  # deleting these: already done


def _errors(answer: dict) -> str | None:
    errors = answer.get("errors") or []
    if answer.get("success") and not errors:
        return None
    return "; ".join(f"{e.get('statusCode', '')}: {e.get('message', '')}".strip(": ") for e in errors) or "refused"


def _results(activities: list[Activity], answers: list[dict]) -> list[WriteResult]:
    return [WriteResult(a.key, answer.get("id"), _errors(answer)) for a, answer in zip(activities, answers)]


def create(conn: Connection, activities: list[Activity]) -> list[WriteResult]:
    """POST composite/sobjects, allOrNone off: one refused record does not hold back the others."""
    records = [{"attributes": {"type": a.sobject}, **a.fields} for a in activities]
    return _results(activities, conn.rest("POST", "composite/sobjects", json={"allOrNone": False, "records": records}))


def upsert(conn: Connection, activities: list[Activity], external_id: str) -> list[WriteResult]:
    """PATCH composite/sobjects/{type}/{External ID}: a resend updates the record the first send made."""
    results: dict[str, WriteResult] = {}
    for sobject in sorted({a.sobject for a in activities}):
        group = [a for a in activities if a.sobject == sobject]
        records = [{"attributes": {"type": sobject}, external_id: a.key, **a.fields} for a in group]
        answers = conn.rest("PATCH", f"composite/sobjects/{sobject}/{external_id}",
                            json={"allOrNone": False, "records": records})
        results.update((r.key, r) for r in _results(group, answers))
    return [results[a.key] for a in activities]


def relate(conn: Connection, pairs: list[tuple[str, str]]) -> list[str | None]:
    """TaskRelation rows (task id, contact id); each answer's error, None when made or already there."""
    records = [{"attributes": {"type": "TaskRelation"}, "TaskId": task, "RelationId": who, "IsWhat": False}
               for task, who in pairs]
    try:
        answers = conn.rest("POST", "composite/sobjects", json={"allOrNone": False, "records": records})
    except CrmError as exc:
        if type(exc) is not CrmError:
            raise
        return [str(exc)] * len(pairs)  # the whole request refused: no TaskRelation in this org
    errors = [_errors(answer) for answer in answers]
    return [None if e is None or "DUPLICATE_VALUE" in e else e for e in errors]


def update(conn: Connection, activities: list[Activity]) -> list[WriteResult]:
    """PATCH composite/sobjects: each activity's fields carry the record's Id."""
    records = [{"attributes": {"type": a.sobject}, **a.fields} for a in activities]
    return _results(activities, conn.rest("PATCH", "composite/sobjects", json={"allOrNone": False, "records": records}))


def delete(conn: Connection, crm_ids: Iterable[str]) -> list[WriteResult]:
    """DELETE composite/sobjects?ids=…; a record already gone counts as deleted."""
    results = []
    for part in batches(list(crm_ids), COLLECTION):
        answers = conn.rest("DELETE", "composite/sobjects", params={"ids": ",".join(part), "allOrNone": "false"})
        for crm_id, answer in zip(part, answers or []):
            codes = {e.get("statusCode") for e in answer.get("errors") or []}
            gone = not answer.get("success") and codes and codes <= _GONE
            results.append(WriteResult(crm_id, crm_id, None if answer.get("success") or gone else _errors(answer)))
    return results
