"""The fake Salesforce's org rules: derived fields, task relations, upserts, versions, the clock."""

from datetime import datetime, timezone

import pytest
from simple_salesforce.exceptions import SalesforceMalformedRequest, SalesforceResourceNotFound

from kambot.testing.fake_salesforce import FakeSalesforce

from .test_fake_salesforce_api import client


@pytest.fixture
def sf():
    with FakeSalesforce(api_version="62.0") as fake:
        yield fake
        assert fake.internal_errors() == []


@pytest.fixture
def api(sf):
    return client(sf)


def collection(api, method: str, records: list, path: str = "composite/sobjects", all_or_none: bool = False):
    return api.restful(path, method=method, json={"allOrNone": all_or_none, "records": records})


def test_shared_activities_relate_a_tasks_who_and_what(sf, api):
    acme = sf.insert("Account", {"Name": "Acme"})
    ann = sf.insert("Contact", {"LastName": "Lee", "AccountId": acme})
    bob = sf.insert("Contact", {"LastName": "Ray", "AccountId": acme})
    task = api.Task.create({"Subject": "Call", "WhoId": ann, "WhatId": acme})["id"]
    rows = api.query(f"SELECT RelationId, IsWhat, AccountId FROM TaskRelation WHERE TaskId = '{task}' "
                     "ORDER BY IsWhat")["records"]
    assert [(r["RelationId"], r["IsWhat"], r["AccountId"]) for r in rows] == [(ann, False, acme), (acme, True, acme)]
    extra = {"attributes": {"type": "TaskRelation"}, "TaskId": task, "RelationId": bob}
    again = {"attributes": {"type": "TaskRelation"}, "TaskId": task, "RelationId": ann}
    results = collection(api, "POST", [extra, again])
    assert results[0]["success"] and results[1]["errors"][0]["statusCode"] == "DUPLICATE_VALUE"
    api.Task.update(task, {"WhoId": bob})
    assert {r["RelationId"] for r in sf.records("TaskRelation")} == {acme, bob}
    api.Task.delete(task)
    assert sf.records("TaskRelation") == []


def test_rollback_undoes_derived_rows_too(sf, api):
    ann = sf.insert("Contact", {"LastName": "Lee"})
    sf.reject("Task", lambda t: t["Subject"] == "no")
    results = collection(api, "POST", [{"attributes": {"type": "Task"}, "Subject": "yes", "WhoId": ann},
                                       {"attributes": {"type": "Task"}, "Subject": "no"}], all_or_none=True)
    assert not any(r["success"] for r in results) and "id" not in results[0]
    assert sf.records("Task") == [] and sf.records("TaskRelation") == []


def test_reject_can_be_counted(sf, api):
    sf.reject("Account", lambda a: True, code="UNABLE_TO_LOCK_ROW", message="busy", times=1)
    first = collection(api, "POST", [{"attributes": {"type": "Account"}, "Name": "A"}])
    second = collection(api, "POST", [{"attributes": {"type": "Account"}, "Name": "A"}])
    assert first[0]["errors"][0]["statusCode"] == "UNABLE_TO_LOCK_ROW" and second[0]["success"]


def test_single_record_upsert_and_get_by_external_id(sf, api):
    sf.external_id_fields = {"Event": "Kambot_Key__c"}
    body = {"Subject": "Meet", "StartDateTime": "2026-12-01T10:00:00.000+0000", "EndDateTime":
            "2026-12-01T11:00:00.000+0000"}
    created = api.Event.upsert("Kambot_Key__c/e-1", body, raw_response=True)
    assert created.status_code == 201 and created.json()["created"] is True
    updated = api.Event.upsert("Kambot_Key__c/e-1", {"StartDateTime": "2026-12-01T12:00:00Z"}, raw_response=True)
    assert updated.status_code == 200 and updated.json()["created"] is False
    event = api.Event.get_by_custom_id("Kambot_Key__c", "e-1")
    # moving the start keeps the duration, as Salesforce does
    assert (event["StartDateTime"], event["EndDateTime"], event["DurationInMinutes"]) == (
        "2026-12-01T12:00:00.000+0000", "2026-12-01T13:00:00.000+0000", 60)
    assert len(sf.records("Event")) == 1


def test_collection_update_and_retrieve(sf, api):
    a = sf.insert("Account", {"Name": "A"})
    results = collection(api, "PATCH", [{"attributes": {"type": "Account"}, "id": a, "Industry": "Retail"},
                                        {"attributes": {"type": "Account"}, "id": "001KB0000000404YAA",
                                         "Industry": "x"}])
    assert results[0] == {"id": a, "success": True, "errors": []} and not results[1]["success"]
    got = api.restful("composite/sobjects/Account", params={"ids": f"{a},001KB0000000404YAA",
                                                            "fields": "Name,Industry"})
    assert got[0]["Industry"] == "Retail" and got[1] is None


def test_whole_request_and_record_level_refusals(sf, api):
    with pytest.raises(SalesforceMalformedRequest) as unknown:
        collection(api, "POST", [{"attributes": {"type": "Account"}, "Name": "A", "Nope__c": 1}])
    assert unknown.value.content[0]["errorCode"] == "INVALID_FIELD"
    with pytest.raises(SalesforceMalformedRequest) as bad_date:
        collection(api, "POST", [{"attributes": {"type": "Task"}, "ActivityDate": "2026-13-01"}])
    assert bad_date.value.content[0]["errorCode"] == "JSON_PARSER_ERROR"
    results = collection(api, "POST", [{"attributes": {"type": "Contact"}, "LastName": "L", "Name": "x"},
                                       {"attributes": {"type": "Task"}, "WhoId": "not-an-id"},
                                       {"attributes": {"type": "Task"}, "WhoId": sf.insert("Account", {"Name": "A"})},
                                       {"attributes": {"type": "Contact"}, "FirstName": "No last name"}])
    assert [r["errors"][0]["statusCode"] for r in results] == [
        "INVALID_FIELD_FOR_INSERT_UPDATE", "MALFORMED_ID", "FIELD_INTEGRITY_EXCEPTION", "REQUIRED_FIELD_MISSING"]
    with pytest.raises(SalesforceResourceNotFound) as gone:
        api.Contact.update("003KB0000000404YAA", {"Title": "x"})
    assert gone.value.content[0]["errorCode"] == "NOT_FOUND"


def test_custom_fields_set_by_the_test_are_queryable(sf, api):
    sf.insert("Account", {"Name": "A", "Tier__c": "Gold"})
    assert api.query("SELECT Name, Tier__c FROM Account WHERE Tier__c = 'gold'")["records"][0]["Tier__c"] == "Gold"
    assert api.query("SELECT Name, tier__C FROM Account")["records"][0]["Tier__c"] == "Gold"  # canonical names back
    with pytest.raises(ValueError):
        sf.insert("Account", {"Nope": 1})


def test_versions_limits_and_batch_size(sf, api):
    newer = client(sf)
    newer.sf_version = "63.0"
    newer.base_url = newer.base_url.replace("v62.0", "v63.0")
    with pytest.raises(SalesforceResourceNotFound):
        newer.query("SELECT Id FROM Account")
    assert api.limits()["DailyApiRequests"]["Max"] == 100_000
    sf.insert_many("Account", [{"Name": str(i)} for i in range(450)])
    first = api.query("SELECT Id FROM Account", headers={"Sforce-Query-Options": "batchSize=200"})
    assert len(first["records"]) == 200 and first["nextRecordsUrl"].endswith("-200")


def test_clock_can_be_frozen_and_ticked(sf):
    sf.clock = datetime(2026, 12, 1, 10, 0, tzinfo=timezone.utc)
    a = sf.insert("Account", {"Name": "A"})
    b = sf.insert("Account", {"Name": "B"})
    sf.tick(60)
    c = sf.insert("Account", {"Name": "C"})
    stamps = [sf.record("Account", i)["SystemModstamp"] for i in (a, b, c)]
    assert stamps == ["2026-12-01T10:00:00.000+0000", "2026-12-01T10:00:00.001+0000",
                      "2026-12-01T10:01:00.000+0000"]
    sf.whole_seconds = True  # as real Salesforce: writes within one second tie
    sf.tick(1)
    d, e = sf.insert("Account", {"Name": "D"}), sf.insert("Account", {"Name": "E"})
    assert sf.record("Account", d)["SystemModstamp"] == sf.record("Account", e)["SystemModstamp"] == \
        "2026-12-01T10:01:01.000+0000"


def test_bulk2_query_all_and_refusals(sf, api):
    keep, gone = sf.insert("Contact", {"LastName": "K"}), sf.insert("Contact", {"LastName": "G"})
    sf.delete("Contact", gone)
    pages = list(api.bulk2.Contact.query_all("SELECT Id, IsDeleted FROM Contact ORDER BY Id", wait=0))
    assert pages == [f'"Id","IsDeleted"\n"{keep}","false"\n"{gone}","true"\n']
    with pytest.raises(SalesforceMalformedRequest) as aggregate:
        list(api.bulk2.Contact.query("SELECT COUNT() FROM Contact", wait=0))
    assert aggregate.value.content[0]["errorCode"] == "INVALIDJOB"
