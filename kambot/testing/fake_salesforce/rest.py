"""The REST resources a sync uses: SOQL query/queryAll with cursors, one-record sObject calls, describe, limits."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kambot.testing.fake_salesforce.errors import NOT_FOUND, ApiError, RecordError
from kambot.testing.fake_salesforce.ids import make_id
from kambot.testing.fake_salesforce.soql_eval import Plan, plan
from kambot.testing.fake_salesforce.soql_lexer import SoqlError

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce.api import FakeSalesforce
    from kambot.testing.fake_salesforce.http import SfCall

BATCH_SIZE = re.compile(r"batchSize=(\d+)")


@dataclass
class Request:
    """A REST call after auth: its version and the path parts after /services/data/vNN.N/."""

    call: SfCall
    version: str
    parts: list[str]

    @property
    def method(self) -> str:
        return self.call.method

    @property
    def params(self) -> dict:
        return self.call.params

    @property
    def body(self) -> object:
        return self.call.body


@dataclass
class Cursor:
    """An open query: its rows as they were when it ran, served page by page."""

    plan: Plan
    rows: list
    endpoint: str


def soql_plan(fake: FakeSalesforce, text: object) -> Plan:
    """A checked query plan, or the 400 Salesforce answers."""
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "MALFORMED_QUERY", "A query string has to be specified")
    try:
        return plan(fake.schema, text, fake.store.get, fake.clock.date())
    except SoqlError as exc:
        raise ApiError(400, exc.code, exc.message) from None


def query(fake: FakeSalesforce, req: Request) -> dict:
    """GET query?q= / queryAll?q=, and GET query/<locator> for the next page."""
    endpoint = req.parts[0]
    if len(req.parts) == 2:
        cursor_id, _, offset = req.parts[1].rpartition("-")
        cursor = fake.cursors.get(cursor_id)
        if cursor is None or not offset.isdigit():
            raise ApiError(400, "INVALID_QUERY_LOCATOR", "invalid query locator")
        return _page(fake, req, cursor_id, cursor, int(offset))
    if len(req.parts) != 1:
        raise ApiError(404, "NOT_FOUND", NOT_FOUND)
    q_plan = soql_plan(fake, req.params.get("q"))
    with fake.store.lock:
        rows = q_plan.run(list(fake.store.tables[q_plan.obj].values()), include_deleted=endpoint == "queryAll")
    if q_plan.count:
        return {"totalSize": len(rows), "done": True, "records": []}
    cursor_id = make_id("01g", fake.serial())
    cursor = Cursor(q_plan, rows, endpoint)
    fake.cursors[cursor_id] = cursor
    return _page(fake, req, cursor_id, cursor, 0)


def _page(fake: FakeSalesforce, req: Request, cursor_id: str, cursor: Cursor, offset: int) -> dict:
    size = fake.page_size
    asked = BATCH_SIZE.search(req.call.headers.get("Sforce-Query-Options", ""))
    if asked:  # Salesforce takes 200..2000 and may give fewer
        size = min(size, max(200, min(2000, int(asked.group(1)))))
    page = cursor.rows[offset:offset + size]
    done = offset + size >= len(cursor.rows)
    answer = {"totalSize": len(cursor.rows), "done": done,
              "records": [cursor.plan.project(row, req.version) for row in page]}
    if done:
        fake.cursors.pop(cursor_id, None)
    else:
        answer["nextRecordsUrl"] = f"/services/data/v{req.version}/{cursor.endpoint}/{cursor_id}-{offset + size}"
    return answer


def record_json(fake: FakeSalesforce, obj: str, row: dict, version: str, fields: list[str] | None = None) -> dict:
    """A record as GET sobjects/Obj/Id answers it: every field, null where never set."""
    names = list(fake.schema.fields(obj)) if fields is None else fields
    out = {"attributes": {"type": obj, "url": f"/services/data/v{version}/sobjects/{obj}/{row['Id']}"}}
    out.update({name: row.get(name) for name in names})
    return out


def sobjects(fake: FakeSalesforce, req: Request) -> tuple[int, object]:
    """sobjects, sobjects/Obj, sobjects/Obj/describe, sobjects/Obj/Id, sobjects/Obj/ExtField/Value."""
    parts = req.parts[1:]
    if not parts:
        return 200, {"encoding": "UTF-8", "maxBatchSize": 200, "sobjects": [
            fake.schema.describe(o, req.version) | {"fields": None} for o in fake.schema.objects()]}
    obj = fake.schema.object_name(parts[0])
    if obj is None:
        raise ApiError(404, "NOT_FOUND", NOT_FOUND)
    rules = fake.rules
    try:
        if len(parts) == 1 and req.method == "POST":
            values = rules.values(obj, _json_object(req.body), creating=True)
            row = rules.create(obj, values)
            return 201, {"id": row["Id"], "success": True, "errors": []}
        if len(parts) == 1 and req.method == "GET":
            return 200, {"objectDescribe": fake.schema.describe(obj, req.version) | {"fields": None},
                         "recentItems": []}
        if len(parts) == 2 and parts[1] == "describe" and req.method == "GET":
            return 200, fake.schema.describe(obj, req.version)
        if len(parts) == 2:
            return _one(fake, req, obj, parts[1])
        if len(parts) == 3 and req.method in ("PATCH", "GET"):
            return _by_external_id(fake, req, obj, parts[1], parts[2])
    except RecordError as exc:
        raise exc.as_api_error() from None
    raise ApiError(404, "NOT_FOUND", NOT_FOUND)


def _one(fake: FakeSalesforce, req: Request, obj: str, record_id: str) -> tuple[int, object]:
    try:
        return _one_unchecked(fake, req, obj, record_id)
    except RecordError as exc:
        if exc.fields == ["Id"]:  # a malformed or unknown id in the URL is a missing resource, not a bad record
            raise ApiError(404, "NOT_FOUND", NOT_FOUND) from None
        raise


def _one_unchecked(fake: FakeSalesforce, req: Request, obj: str, record_id: str) -> tuple[int, object]:
    rules = fake.rules
    if req.method == "GET":
        try:
            row = rules.existing(obj, record_id)
        except RecordError:
            raise ApiError(404, "NOT_FOUND", NOT_FOUND) from None
        fields = req.params.get("fields")
        names = None
        if fields:
            names = []
            for name in str(fields).split(","):
                field = fake.schema.field(obj, name.strip())
                if field is None:
                    raise ApiError(400, "INVALID_FIELD", f"No such column '{name}' on sobject of type {obj}")
                names.append(field.name)
        return 200, record_json(fake, obj, row, req.version, names)
    if req.method == "PATCH":
        values = rules.values(obj, _json_object(req.body), creating=False)
        rules.update(obj, record_id, values)
        return 204, None
    if req.method == "DELETE":
        rules.delete(obj, record_id)
        return 204, None
    raise ApiError(405, "METHOD_NOT_ALLOWED", f"HTTP Method '{req.method}' not allowed. Allowed are GET,PATCH,DELETE")


def _by_external_id(fake: FakeSalesforce, req: Request, obj: str, name: str, value: str) -> tuple[int, object]:
    field = fake.schema.field(obj, name)
    if field is None or not field.external_id:
        raise ApiError(404, "NOT_FOUND", f"Provided external ID field does not exist or is not accessible: {name}")
    if req.method == "GET":
        table = fake.store.tables[obj]
        ids = [i for i in fake.store.index(obj, field.name).get(value, ()) if not table[i].get("IsDeleted")]
        if not ids:
            raise ApiError(404, "NOT_FOUND", NOT_FOUND)
        return 200, record_json(fake, obj, table[sorted(ids)[0]], req.version)
    values = fake.rules.values(obj, _json_object(req.body), creating=False)
    values[field.name] = value
    row, created = fake.rules.upsert(obj, field.name, values)
    return (201 if created else 200), {"id": row["Id"], "success": True, "errors": [], "created": created}


def _json_object(body: object) -> dict:
    if not isinstance(body, dict):
        raise ApiError(400, "JSON_PARSER_ERROR", "The request body must be a JSON object")
    return body


def limits(fake: FakeSalesforce) -> dict:
    """GET limits: the daily API request allowance this fake counts."""
    used, total = fake.api_usage
    return {"DailyApiRequests": {"Max": total, "Remaining": max(0, total - used)},
            "DailyBulkV2QueryJobs": {"Max": 10000, "Remaining": 10000 - len(fake.jobs)}}
