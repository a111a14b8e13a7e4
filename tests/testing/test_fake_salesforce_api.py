"""The fake Salesforce, driven by the real simple-salesforce client over TLS."""

import csv
import io
import time

import pytest
import requests
from simple_salesforce import Salesforce
from simple_salesforce.exceptions import (SalesforceExpiredSession, SalesforceGeneralError,
                                          SalesforceMalformedRequest, SalesforceRefusedRequest,
                                          SalesforceResourceNotFound)

from kambot.testing.fake_salesforce import FakeSalesforce


def login(sf: FakeSalesforce) -> str:
    """A token the way the product gets one: a plain POST of the client credentials."""
    answer = requests.post(sf.instance_url + "/services/oauth2/token", verify=sf.ca_file, timeout=10,
                           data={"grant_type": "client_credentials", "client_id": sf.client_id,
                                 "client_secret": sf.client_secret})
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["instance_url"] == sf.instance_url and body["token_type"] == "Bearer"
    return body["access_token"]


def client(sf: FakeSalesforce, token: str | None = None) -> Salesforce:
    session = requests.Session()
    session.verify = sf.ca_file
    session.trust_env = False  # else REQUESTS_CA_BUNDLE from the environment beats session.verify
    return Salesforce(instance_url=sf.instance_url, session_id=token or login(sf), session=session,
                      version="62.0")


@pytest.fixture
def sf():
    with FakeSalesforce(api_version="62.0") as fake:
        yield fake
        assert fake.internal_errors() == []


@pytest.fixture
def api(sf):
    return client(sf)


def test_listens_on_loopback_with_tls_and_stops(sf):
    assert sf.instance_url.startswith("https://127.0.0.1:")
    with pytest.raises(requests.exceptions.SSLError):
        s = requests.Session()
        s.trust_env = False
        s.get(sf.instance_url + "/services/data/", timeout=5)  # not trusted without the fake's CA
    other = FakeSalesforce()
    kept_alive = client(other)
    kept_alive.query("SELECT Id FROM Account")
    other.close()
    other.close()
    with pytest.raises(requests.exceptions.ConnectionError):
        requests.get(other.instance_url + "/services/data/", verify=other.ca_file, timeout=2)
    with pytest.raises(requests.exceptions.ConnectionError):
        kept_alive.query("SELECT Id FROM Account")  # the open connection is closed too


def test_bad_client_credentials_are_refused(sf):
    answer = requests.post(sf.instance_url + "/services/oauth2/token", verify=sf.ca_file, timeout=10,
                           data={"grant_type": "client_credentials", "client_id": sf.client_id,
                                 "client_secret": "wrong"})
    assert answer.status_code == 400 and answer.json()["error"] == "invalid_client"
    assert sf.api_calls() == 0 and len(sf.calls) == 1


def test_jwt_bearer_login(sf):
    import jwt  # PyJWT is pinned in requirements.txt: a missing package must fail, not skip
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo)
    sf.add_jwt_user("kam@example.com", public)

    def assertion(sub: str, private=key) -> str:
        return jwt.encode({"iss": sf.client_id, "sub": sub, "aud": "https://login.salesforce.com",
                           "exp": int(time.time()) + 180}, private, algorithm="RS256")

    def post(token: str) -> requests.Response:
        return requests.post(sf.instance_url + "/services/oauth2/token", verify=sf.ca_file, timeout=10,
                             data={"grant_type": "urn:ietf:params:oauth:grant-type:jwt-bearer",
                                   "assertion": token})

    good = post(assertion("kam@example.com"))
    assert good.status_code == 200
    client(sf, good.json()["access_token"]).query("SELECT Id FROM Account")
    assert post(assertion("nobody@example.com")).json()["error"] == "invalid_grant"
    stranger = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert post(assertion("kam@example.com", stranger)).json()["error"] == "invalid_grant"
    late = jwt.encode({"iss": sf.client_id, "sub": "kam@example.com", "aud": "https://test.salesforce.com",
                       "exp": int(time.time()) - 60}, key, algorithm="RS256")
    assert post(late).json()["error_description"] == "expired authorization code"
    elsewhere = jwt.encode({"iss": sf.client_id, "sub": "kam@example.com", "aud": "https://example.com",
                            "exp": int(time.time()) + 60}, key, algorithm="RS256")
    assert post(elsewhere).json()["error_description"] == "audience is invalid"


def test_query_all_pages_through_next_records_url(sf, api):
    sf.page_size = 3
    ids = [sf.insert("Contact", {"LastName": f"L{i:02d}"}) for i in range(8)]
    first = api.query("SELECT Id FROM Contact")
    assert first["totalSize"] == 8 and not first["done"] and len(first["records"]) == 3
    assert first["nextRecordsUrl"].startswith("/services/data/v62.0/query/01g")
    assert first["nextRecordsUrl"].endswith("-3")
    everything = api.query_all("SELECT Id, LastName FROM Contact ORDER BY LastName DESC")
    assert [r["Id"] for r in everything["records"]] == ids[::-1]
    assert sf.api_calls("/query") == 1 + 3  # one page of the first query, three of query_all


def test_deleted_rows_only_in_query_all(sf, api):
    keep = sf.insert("Contact", {"LastName": "Keep"})
    gone = sf.insert("Contact", {"LastName": "Gone"})
    sf.delete("Contact", gone)
    assert [r["Id"] for r in api.query_all("SELECT Id FROM Contact")["records"]] == [keep]
    rows = api.query_all("SELECT Id, IsDeleted FROM Contact", include_deleted=True)["records"]
    assert {r["Id"]: r["IsDeleted"] for r in rows} == {keep: False, gone: True}
    assert sf.record("Contact", gone)["IsDeleted"] is True and sf.records("Contact")[0]["Id"] == keep


def test_system_modstamp_filter_sees_only_later_changes(sf, api):
    old = sf.insert("Contact", {"LastName": "Old"})
    mark = sf.record("Contact", old)["SystemModstamp"]
    sf.tick(5)
    new = sf.insert("Contact", {"LastName": "New"})
    sf.update("Contact", old, {"Title": "CFO"})
    assert sf.record("Contact", old)["SystemModstamp"] > mark
    rows = api.query_all(f"SELECT Id, Title FROM Contact WHERE SystemModstamp > {mark} ORDER BY Id")["records"]
    assert [(r["Id"], r["Title"]) for r in rows] == [(old, "CFO"), (new, None)]
    with pytest.raises(SalesforceMalformedRequest) as quoted:
        api.query(f"SELECT Id FROM Contact WHERE SystemModstamp > '{mark}'")
    assert quoted.value.content[0]["errorCode"] == "INVALID_FIELD"


def test_relationship_fields_come_back_nested(sf, api):
    acme = sf.insert("Account", {"Name": "Acme"})
    deal = sf.insert("Opportunity", {"AccountId": acme, "Name": "D", "IsClosed": False, "Type": "Renewal",
                                     "CloseDate": "2026-12-01"})
    ann = sf.insert("Contact", {"LastName": "Lee", "AccountId": acme})
    bob = sf.insert("Contact", {"LastName": "Bo"})
    sf.insert("OpportunityContactRole", {"ContactId": ann, "OpportunityId": deal, "Role": "Decision Maker"})
    rows = api.query("SELECT ContactId, Role, Opportunity.AccountId, Opportunity.IsClosed, Opportunity.CloseDate, "
                     "Opportunity.Type FROM OpportunityContactRole WHERE Opportunity.IsClosed = false "
                     "AND Opportunity.CloseDate >= 2026-01-01")["records"]
    assert len(rows) == 1
    opp = rows[0]["Opportunity"]
    assert opp["attributes"]["type"] == "Opportunity"
    assert (opp["AccountId"], opp["IsClosed"], opp["CloseDate"], opp["Type"]) == (acme, False, "2026-12-01",
                                                                                   "Renewal")
    people = api.query("SELECT Id, Account.Name FROM Contact ORDER BY LastName")["records"]
    assert [p["Account"] and p["Account"]["Name"] for p in people] == [None, "Acme"] and people[0]["Id"] == bob


def test_in_like_order_by_limit_and_count(sf, api):
    for first, last, title in [("Ann", "Lee", "CFO"), ("Bob", "Ray", "CTO"), ("Cy", "O'Neil", None),
                               ("Di", "Lum", "VP Sales")]:
        sf.insert("Contact", {"FirstName": first, "LastName": last, "Title": title})
    names = lambda q: [r["LastName"] for r in api.query(q)["records"]]  # noqa: E731
    assert names("SELECT LastName FROM Contact WHERE Title IN ('cfo', 'CTO') ORDER BY LastName") == ["Lee", "Ray"]
    assert names("SELECT LastName FROM Contact WHERE Title NOT IN ('CFO') ORDER BY LastName") == [
        "Lum", "O'Neil", "Ray"]  # SOQL counts null as not in the list
    assert names("SELECT LastName FROM Contact WHERE LastName LIKE 'L%' ORDER BY LastName DESC LIMIT 1") == ["Lum"]
    assert names("SELECT LastName FROM Contact WHERE LastName = 'O\\'Neil'") == ["O'Neil"]
    assert names("SELECT LastName FROM Contact WHERE (Title = null OR Title LIKE 'vp%') AND NOT FirstName = 'Di'"
                 ) == ["O'Neil"]
    assert names("SELECT LastName FROM Contact ORDER BY Title NULLS LAST, LastName LIMIT 2 OFFSET 2") == [
        "Lum", "O'Neil"]
    assert api.query("SELECT COUNT() FROM Contact WHERE Title != null")["totalSize"] == 3


def test_unknown_field_and_object_are_refused_like_salesforce(api):
    with pytest.raises(SalesforceMalformedRequest) as field:
        api.query("SELECT Id, Nope FROM Contact")
    assert field.value.content[0]["errorCode"] == "INVALID_FIELD"
    with pytest.raises(SalesforceMalformedRequest) as obj:
        api.query("SELECT Id FROM Nope")
    assert obj.value.content[0]["errorCode"] == "INVALID_TYPE"
    with pytest.raises(SalesforceMalformedRequest) as syntax:
        api.query("SELECT Id FROM Contact WHERE")
    assert syntax.value.content[0]["errorCode"] == "MALFORMED_QUERY"


def test_sobject_create_get_update_delete(sf, api):
    acme = api.Account.create({"Name": "Acme", "Industry": "Retail"})
    assert acme["success"] and acme["id"].startswith("001") and len(acme["id"]) == 18
    assert api.Account.get(acme["id"])["Industry"] == "Retail"
    before = sf.record("Account", acme["id"])["SystemModstamp"]
    assert api.Account.update(acme["id"], {"Industry": "Tech"}) == 204
    after = sf.record("Account", acme["id"])
    assert after["Industry"] == "Tech" and after["SystemModstamp"] > before
    assert api.Account.delete(acme["id"]) == 204
    with pytest.raises(SalesforceResourceNotFound) as again:
        api.Account.delete(acme["id"])
    assert again.value.content[0]["errorCode"] == "ENTITY_IS_DELETED"
    with pytest.raises(SalesforceResourceNotFound):
        api.Account.get("001KB0000000777YAA")


def test_collection_with_one_rejected_record(sf, api):
    sf.reject("Task", lambda rec: rec.get("Subject") == "bad", message="No bad tasks")
    who = sf.insert("Contact", {"LastName": "Lee"})
    records = [{"attributes": {"type": "Task"}, "Subject": s, "WhoId": who} for s in ("ok", "bad", "fine")]
    results = api.restful("composite/sobjects", method="POST", json={"allOrNone": False, "records": records})
    assert [r["success"] for r in results] == [True, False, True]
    assert results[1]["errors"] == [{"statusCode": "FIELD_CUSTOM_VALIDATION_EXCEPTION",
                                     "message": "No bad tasks", "fields": []}]
    assert sorted(t["Subject"] for t in sf.records("Task")) == ["fine", "ok"]
    results = api.restful("composite/sobjects", method="POST", json={"allOrNone": True, "records": records})
    assert [r["errors"][0]["statusCode"] for r in results] == [
        "ALL_OR_NONE_OPERATION_ROLLED_BACK", "FIELD_CUSTOM_VALIDATION_EXCEPTION", "ALL_OR_NONE_OPERATION_ROLLED_BACK"]
    assert len(sf.records("Task")) == 2


def test_collection_checks_references_required_fields_and_size(sf, api):
    missing_account = "001KB0000000999YAA"
    results = api.restful("composite/sobjects", method="POST", json={"records": [
        {"attributes": {"type": "Task"}, "Subject": "x", "WhatId": missing_account},
        {"attributes": {"type": "Event"}, "Subject": "meeting"},
        {"attributes": {"type": "Event"}, "Subject": "ok", "StartDateTime": "2026-12-01T10:00:00Z",
         "DurationInMinutes": 30},
    ]})
    assert [r["success"] for r in results] == [False, False, True]
    assert results[0]["errors"][0]["statusCode"] == "INVALID_CROSS_REFERENCE_KEY"
    assert results[1]["errors"][0]["statusCode"] == "REQUIRED_FIELD_MISSING"
    event = sf.record("Event", results[2]["id"])
    assert event["EndDateTime"] == "2026-12-01T10:30:00.000+0000" and event["ActivityDate"] == "2026-12-01"
    with pytest.raises(SalesforceMalformedRequest) as too_many:
        api.restful("composite/sobjects", method="POST", json={
            "records": [{"attributes": {"type": "Account"}, "Name": str(i)} for i in range(201)]})
    assert too_many.value.content[0]["errorCode"] == "EXCEEDED_ID_LIMIT"


def test_upsert_by_external_id_twice_makes_one_record(sf, api):
    sf.external_id_fields = {"Task": "Kambot_Key__c"}
    fields = {f["name"]: f for f in api.Task.describe()["fields"]}
    assert fields["Kambot_Key__c"]["externalId"] is True
    body = {"allOrNone": False, "records": [{"attributes": {"type": "Task"}, "Kambot_Key__c": "k1",
                                             "Subject": "Call"}]}
    first = api.restful("composite/sobjects/Task/Kambot_Key__c", method="PATCH", json=body)
    body["records"][0]["Subject"] = "Call back"
    second = api.restful("composite/sobjects/Task/Kambot_Key__c", method="PATCH", json=body)
    assert first[0]["created"] is True and second[0]["created"] is False and first[0]["id"] == second[0]["id"]
    assert [t["Subject"] for t in sf.records("Task")] == ["Call back"]
    sf.external_id_fields = {}
    assert "Kambot_Key__c" not in {f["name"] for f in api.Task.describe()["fields"]}
    with pytest.raises(SalesforceMalformedRequest):
        api.restful("composite/sobjects/Task/Kambot_Key__c", method="PATCH", json=body)


def test_collection_delete(sf, api):
    a = sf.insert("Account", {"Name": "A"})
    b = sf.insert("Account", {"Name": "B"})
    sf.delete("Account", b)
    results = api.restful("composite/sobjects", method="DELETE", params={"ids": f"{a},{b}", "allOrNone": "false"})
    assert results[0] == {"id": a, "success": True, "errors": []}
    assert results[1]["success"] is False and results[1]["errors"][0]["statusCode"] == "ENTITY_IS_DELETED"
    assert sf.records("Account") == []


def test_task_relation_needs_shared_activities(sf, api):
    who = sf.insert("Contact", {"LastName": "Lee"})
    task = sf.insert("Task", {"Subject": "Call"})
    record = {"attributes": {"type": "TaskRelation"}, "TaskId": task, "RelationId": who, "IsWhat": False}
    sf.shared_activities = False
    refused = api.restful("composite/sobjects", method="POST", json={"records": [record]})
    assert refused[0]["errors"][0]["statusCode"] == "INVALID_TYPE"
    sf.shared_activities = True
    assert api.restful("composite/sobjects", method="POST", json={"records": [record]})[0]["success"]
    assert api.query(f"SELECT RelationId FROM TaskRelation WHERE TaskId = '{task}'")["records"][0][
        "RelationId"] == who


def test_expired_session(sf, api):
    api.query("SELECT Id FROM Account")
    sf.expire_sessions()
    with pytest.raises(SalesforceExpiredSession) as expired:
        api.query("SELECT Id FROM Account")
    assert expired.value.content[0]["errorCode"] == "INVALID_SESSION_ID"
    client(sf).query("SELECT Id FROM Account")  # a new login works


def test_limit_exceeded_and_server_errors(sf, api):
    sf.limit_exceeded()
    with pytest.raises(SalesforceRefusedRequest) as limited:  # simple-salesforce maps every 403 to this
        api.query("SELECT Id FROM Account")
    assert limited.value.status == 403
    assert limited.value.content == [{"message": "TotalRequests Limit exceeded.",
                                      "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
    sf.fail_next(2, status=503)
    sf.fail_next(1)
    for status in (503, 503, 500):
        with pytest.raises(SalesforceGeneralError) as failed:
            api.query("SELECT Id FROM Account")
        assert failed.value.status == status
    assert api.query("SELECT Id FROM Account")["totalSize"] == 0


def test_slow_answers_let_client_timeouts_fire(sf, api):
    sf.slow(1.0)
    with pytest.raises(requests.exceptions.Timeout):
        api.query("SELECT Id FROM Account", timeout=0.2)
    assert api.query("SELECT Id FROM Account", timeout=5)["totalSize"] == 0


def test_api_usage_header_is_parsed(sf, api):
    sf.api_usage = (41, 15000)
    api.query("SELECT Id FROM Account")
    assert api.api_usage["api-usage"].used == 42 and api.api_usage["api-usage"].total == 15000
    api.query("SELECT Id FROM Account")
    assert sf.api_usage == (43, 15000)


def test_die_after_drops_the_answer_but_keeps_the_write(sf, api):
    def crash():
        raise RuntimeError("the product died here")

    sf.die_after(1, crash)
    with pytest.raises(requests.exceptions.ConnectionError):
        api.Account.create({"Name": "Written"})
    assert [a["Name"] for a in sf.records("Account")] == ["Written"]
    assert sf.calls[-1].status == 201


def test_bulk2_query_in_pages(sf, api):
    sf.insert_many("Contact", [{"LastName": f"L{i}", "Email": f"p{i}@x.com", "Title": "A, \"B\"" if i == 3 else None}
                               for i in range(10_000)])
    sf.bulk_polls_in_progress = 1
    pages = list(api.bulk2.Contact.query("SELECT Id, LastName, Title FROM Contact", max_records=3000, wait=0))
    assert len(pages) == 4
    rows = [row for page in pages for row in csv.DictReader(io.StringIO(page))]
    assert len(rows) == 10_000 and len({r["Id"] for r in rows}) == 10_000
    assert rows[3]["Title"] == 'A, "B"' and rows[4]["Title"] == ""
    results = [c for c in sf.calls if c.path.endswith("/results")]
    assert [c.params.get("locator") for c in results] == [None, "MzAwMA", "NjAwMA", "OTAwMA"]


def test_calls_are_recorded(sf, api):
    api.Account.create({"Name": "Acme"})
    api.query("SELECT Id FROM Account")
    calls = [c for c in sf.calls if c.path.startswith("/services/data/")]
    assert [(c.method, c.path) for c in calls] == [("POST", "/services/data/v62.0/sobjects/Account/"),
                                                   ("GET", "/services/data/v62.0/query/")]
    assert calls[0].body == {"Name": "Acme"} and calls[0].status == 201 and calls[0].response["success"]
    assert calls[1].params == {"q": "SELECT Id FROM Account"} and calls[1].response["totalSize"] == 1
    assert sf.calls[0].path == "/services/oauth2/token" and sf.api_calls() == 2


def test_unknown_path_is_not_found(sf, api):
    with pytest.raises(SalesforceResourceNotFound) as missing:
        api.restful("nothing/here")
    assert missing.value.content[0]["errorCode"] == "NOT_FOUND"


def test_many_contacts_load_and_page_quickly(sf, api):
    sf.insert_many("Contact", ({"LastName": f"L{i}", "AccountId": None, "Email": f"c{i}@x.com"}
                               for i in range(200_000)))
    rows = api.query_all("SELECT Id, Email FROM Contact")["records"]
    assert len(rows) == 200_000 and rows[-1]["Email"] == "c199999@x.com"
