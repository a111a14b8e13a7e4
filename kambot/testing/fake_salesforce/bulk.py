"""Bulk API 2.0 query jobs: create, poll until JobComplete, read CSV pages by locator."""

from __future__ import annotations

import base64
import csv
import io
from dataclasses import dataclass
from typing import TYPE_CHECKING

from kambot.testing.fake_salesforce.errors import NOT_FOUND, ApiError
from kambot.testing.fake_salesforce.http import Answer
from kambot.testing.fake_salesforce.ids import make_id
from kambot.testing.fake_salesforce.rest import Request, soql_plan
from kambot.testing.fake_salesforce.soql_eval import Plan
from kambot.testing.fake_salesforce.values import csv_text

if TYPE_CHECKING:
    from kambot.testing.fake_salesforce.api import FakeSalesforce

DELIMITERS = {"COMMA": ",", "TAB": "\t", "PIPE": "|", "SEMICOLON": ";", "CARET": "^", "BACKQUOTE": "`"}
ENDINGS = {"LF": "\n", "CRLF": "\r\n"}


@dataclass
class Job:
    """One query job: its info as Salesforce reports it, and the rows it found when it ran."""

    info: dict
    plan: Plan
    rows: list
    polls_before_done: int


def handle(fake: FakeSalesforce, req: Request) -> Answer:
    """jobs/query (POST), jobs/query/{id} (GET, PATCH abort, DELETE), jobs/query/{id}/results (GET)."""
    parts = req.parts[2:]
    if req.parts[1] != "query":
        raise ApiError(404, "NOT_FOUND", NOT_FOUND)  # ingest jobs are not faked: the product only reads in bulk
    if not parts and req.method == "POST":
        return Answer(200, _create(fake, req))
    job = fake.jobs.get(parts[0]) if parts else None
    if job is None:
        raise ApiError(404, "NOT_FOUND", f"Could not find job with ID: {parts[0] if parts else ''}")
    if len(parts) == 1 and req.method == "GET":
        if job.info["state"] in ("UploadComplete", "InProgress"):
            job.info["state"] = "InProgress" if job.polls_before_done > 0 else "JobComplete"
            job.polls_before_done -= 1
        if job.info["state"] == "JobComplete":
            job.info["numberRecordsProcessed"] = len(job.rows)
        return Answer(200, dict(job.info))
    if len(parts) == 1 and req.method == "PATCH":
        if isinstance(req.body, dict) and req.body.get("state") == "Aborted":
            job.info["state"] = "Aborted"
        return Answer(200, dict(job.info))
    if len(parts) == 1 and req.method == "DELETE":
        del fake.jobs[parts[0]]
        return Answer(204)
    if len(parts) == 2 and parts[1] == "results" and req.method == "GET":
        return _results(job, req)
    raise ApiError(404, "NOT_FOUND", NOT_FOUND)


def _create(fake: FakeSalesforce, req: Request) -> dict:
    body = req.body if isinstance(req.body, dict) else {}
    operation = body.get("operation")
    if operation not in ("query", "queryAll"):
        raise ApiError(400, "INVALIDJOB", f"InvalidJob : Invalid operation: {operation}")
    delimiter, ending = body.get("columnDelimiter", "COMMA"), body.get("lineEnding", "LF")
    if delimiter not in DELIMITERS or ending not in ENDINGS:
        raise ApiError(400, "INVALIDJOB", "InvalidJob : Invalid columnDelimiter or lineEnding")
    plan = soql_plan(fake, body.get("query"))
    if plan.count:
        raise ApiError(400, "INVALIDJOB", "InvalidJob : Aggregate queries are not supported by Bulk API 2.0")
    if plan.query.offset:
        raise ApiError(400, "INVALIDJOB", "InvalidJob : OFFSET is not supported by Bulk API 2.0")
    with fake.store.lock:
        rows = plan.run(list(fake.store.tables[plan.obj].values()), include_deleted=operation == "queryAll")
        job_id = make_id("750", fake.serial())
        stamp = fake.store.clock.stamp()
    info = {"id": job_id, "operation": operation, "object": plan.obj, "createdById": fake.api_user_id,
            "createdDate": stamp, "systemModstamp": stamp, "state": "UploadComplete",
            "concurrencyMode": "Parallel", "contentType": "CSV", "apiVersion": float(req.version),
            "lineEnding": ending, "columnDelimiter": delimiter, "jobType": "V2Query", "retries": 0,
            "totalProcessingTime": 0}
    fake.jobs[job_id] = Job(info, plan, rows, fake.bulk_polls_in_progress)
    return {k: v for k, v in info.items() if k not in ("jobType", "retries", "totalProcessingTime")}


def _locator(offset: int) -> str:
    # Real locators are opaque; these are base64 of the offset, as Salesforce's look.
    return base64.b64encode(str(offset).encode()).decode().rstrip("=")


def _offset(locator: str) -> int:
    try:
        return int(base64.b64decode(locator + "=" * (-len(locator) % 4)).decode())
    except ValueError:
        raise ApiError(400, "INVALIDLOCATOR", f"Invalid locator: {locator}") from None


def _results(job: Job, req: Request) -> Answer:
    if job.info["state"] != "JobComplete":
        raise ApiError(409, "INVALIDJOBSTATE", "Job is not in JobComplete state")
    locator = req.params.get("locator")
    offset = _offset(locator) if locator else 0
    size = req.params.get("maxRecords")
    count = int(size) if size and str(size).isdigit() and int(size) > 0 else len(job.rows)
    page = job.rows[offset:offset + count]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=DELIMITERS[job.info["columnDelimiter"]], quoting=csv.QUOTE_ALL,
                        lineterminator=ENDINGS[job.info["lineEnding"]])
    columns = job.plan.columns
    writer.writerow([c.header for c in columns])
    for row in page:
        writer.writerow([csv_text(c.read(row)) for c in columns])
    following = offset + count
    headers = {"Sforce-Locator": _locator(following) if following < len(job.rows) else "null",
               "Sforce-NumberOfRecords": str(len(page))}
    return Answer(200, out.getvalue(), headers, "text/csv")
