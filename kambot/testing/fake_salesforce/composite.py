"""sObject Collections: up to 200 records per call, each with its own result, optionally all or none."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from kambot.testing.fake_salesforce.errors import NOT_FOUND, ApiError, RecordError
from kambot.testing.fake_salesforce.ids import object_of, to18
from kambot.testing.fake_salesforce.rest import Request, record_json

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce.api import FakeSalesforce

MAX_RECORDS = 200
ROLLED_BACK = RecordError("ALL_OR_NONE_OPERATION_ROLLED_BACK", "Record rolled back because not all records were "
                          "valid and the request was using AllOrNone header")
# Bad JSON for a field fails the whole request before any record is written; these fail only their record.
RECORD_LEVEL = {"MALFORMED_ID", "INVALID_TYPE", "INVALID_FIELD_FOR_INSERT_UPDATE", "MISSING_ARGUMENT"}


def handle(fake: FakeSalesforce, req: Request) -> object:
    """composite/sobjects (POST create, PATCH update, DELETE, GET) and composite/sobjects/Obj/ExtField (PATCH)."""
    parts = req.parts[2:]
    if req.method == "DELETE" and not parts:
        ids = [i for i in str(req.params.get("ids", "")).split(",") if i]
        return _run(fake, [_deleter(fake, i) for i in _limited(ids)], _flag(req.params.get("allOrNone")))
    if req.method == "GET" and len(parts) == 1:
        return _retrieve(fake, req, parts[0])
    body = req.body if isinstance(req.body, dict) else None
    if body is None or not isinstance(body.get("records"), list):
        raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be an object with a records list")
    records = _limited(body["records"])
    all_or_none = _flag(body.get("allOrNone"))
    if req.method == "POST" and not parts:
        return _run(fake, [_writer(fake, r, "create") for r in records], all_or_none)
    if req.method == "PATCH" and not parts:
        return _run(fake, [_writer(fake, r, "update") for r in records], all_or_none)
    if req.method == "PATCH" and len(parts) == 2:
        obj = fake.schema.object_name(parts[0])
        field = fake.schema.field(obj, parts[1]) if obj else None
        if field is None or not field.external_id:
            raise ApiError(400, "INVALID_FIELD", f"Field name provided, {parts[1]} is not an External ID or "
                           f"indexed field for {parts[0]}")
        return _run(fake, [_writer(fake, r, "upsert", obj, field.name) for r in records], all_or_none)
    raise ApiError(404, "NOT_FOUND", NOT_FOUND)


def _flag(value: object) -> bool:
    return value is True or str(value).lower() == "true"


def _limited(items: list) -> list:
    if len(items) > MAX_RECORDS:
        raise ApiError(400, "EXCEEDED_ID_LIMIT", f"record limit reached. cannot submit more than {MAX_RECORDS} "
                       "records into this call")
    return items


class Step:
    """One record's write, parsed up front; known_id is the existing record it touches, if any."""

    def __init__(self, run: Callable[[Step], tuple[str, dict]], known_id: str | None = None) -> None:
        self.run, self.known_id = run, known_id

    def __call__(self) -> tuple[str, dict]:
        """Write; the record's id and extra result fields ({"created": ...} for upserts)."""
        return self.run(self)


def _writer(fake: FakeSalesforce, record: object, action: str, upsert_obj: str | None = None,
            ext_field: str | None = None) -> Step | RecordError:
    """Parse one record now (a bad field fails the whole call) and return the step that writes it."""
    rules = fake.rules
    try:
        if not isinstance(record, dict):
            raise ApiError(400, "JSON_PARSER_ERROR", "Each record must be a JSON object")
        kind = (record.get("attributes") or {}).get("type")
        if not kind:
            raise RecordError("INVALID_TYPE", "Must specify a type in attributes", [])
        obj = rules.object(kind)
        if upsert_obj and obj != upsert_obj:
            raise RecordError("INVALID_TYPE", f"Record type {obj} does not match {upsert_obj}", [])
        record_id = record.get("id") or record.get("Id")
        values = rules.values(obj, {k: v for k, v in record.items() if k not in ("id", "Id")},
                              creating=action == "create")
        if action == "create" and record_id:
            raise RecordError("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", ["Id"])
    except RecordError as exc:
        if exc.code not in RECORD_LEVEL:
            raise ApiError(400, exc.code, exc.message, exc.fields) from None
        return exc

    def create(step: Step) -> tuple[str, dict]:
        return rules.create(obj, values)["Id"], {}

    def update(step: Step) -> tuple[str, dict]:
        if not record_id:
            raise RecordError("MISSING_ARGUMENT", "Id not specified in an update call", ["Id"])
        return rules.update(obj, record_id, values)["Id"], {}

    def upsert(step: Step) -> tuple[str, dict]:
        assert ext_field is not None
        table = fake.store.tables[obj]
        live = [i for i in fake.store.index(obj, ext_field).get(values.get(ext_field), ())
                if not table[i].get("IsDeleted")]
        step.known_id = live[0] if len(live) == 1 else None
        row, created = rules.upsert(obj, ext_field, values)
        return row["Id"], {"created": created}

    if action == "create":
        return Step(create)
    if action == "update":
        return Step(update, to18(record_id) if isinstance(record_id, str) else None)
    return Step(upsert)


def _deleter(fake: FakeSalesforce, record_id: str) -> Step | RecordError:
    normal = to18(record_id)
    obj = object_of(normal) if normal else None
    if obj is None or obj not in fake.schema.objects():
        return RecordError("MALFORMED_ID", f"malformed id {record_id}", [])

    def delete(step: Step) -> tuple[str, dict]:
        fake.rules.delete(obj, normal)
        return normal, {}

    return Step(delete, normal)


def _failure(step: Step | RecordError, error: RecordError) -> dict:
    # Salesforce names the record in a failed result only when it already existed.
    known = step.known_id if isinstance(step, Step) else None
    return {**({"id": known} if known else {}), "success": False, "errors": [error.item()]}


def _run(fake: FakeSalesforce, steps: list[Step | RecordError], all_or_none: bool) -> list[dict]:
    """Run the steps in order under the store lock; with all_or_none, one failure undoes every write."""
    results: list[dict] = []
    with fake.store.lock:
        fake.store.begin()
        for step in steps:
            try:
                if isinstance(step, RecordError):
                    raise step
                record_id, extra = step()
            except RecordError as exc:
                results.append(_failure(step, exc))
                continue
            results.append({"id": record_id, "success": True, "errors": [], **extra})
        if not (all_or_none and any(not r["success"] for r in results)):
            fake.store.commit()
        else:
            fake.store.rollback()
            results = [r if not r["success"] else _failure(step, ROLLED_BACK)
                       for r, step in zip(results, steps)]
    return results


def _retrieve(fake: FakeSalesforce, req: Request, name: str) -> list:
    obj = fake.schema.object_name(name)
    if obj is None:
        raise ApiError(404, "NOT_FOUND", NOT_FOUND)
    ids = [i for i in str(req.params.get("ids", "")).split(",") if i]
    fields = [f for f in str(req.params.get("fields", "")).split(",") if f]
    names = []
    for name_ in fields:
        field = fake.schema.field(obj, name_)
        if field is None:
            raise ApiError(400, "INVALID_FIELD", f"No such column '{name_}' on sobject of type {obj}")
        names.append(field.name)
    out = []
    for record_id in _limited(ids):
        row = fake.store.get(record_id)
        ok = row is not None and not row.get("IsDeleted") and object_of(row["Id"]) == obj
        out.append(record_json(fake, obj, row, req.version, names or None) if ok else None)
    return out
