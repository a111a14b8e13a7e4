"""The CRM port on Salesforce: accounts, contacts, users, buying roles and renewals in; tasks and events out."""
from __future__ import annotations

from datetime import date
from typing import Iterable, Iterator

from kambot.crm.port import CrmError
from kambot.crm.salesforce import reading, records, writing
from kambot.crm.salesforce.calls import Connection
from kambot.crm.salesforce.soql import batches, changed_since, day, id_list
from kambot.domain.crm import Activity, CrmAccount, CrmContact, CrmRenewal, CrmRole, CrmUser, WriteResult, \
    find_marker, map_role

ORDER = " ORDER BY SystemModstamp, Id"


class SalesforceClient:
    """One org through simple-salesforce (see kambot.crm.port.CrmClient for what each method promises)."""

    batch_size = writing.COLLECTION

    def __init__(self, conn: Connection, *, tier_field: str | None = None, renewal_source: str = "contract",
                 external_id_field: str = "Kambot_Key__c"):
        self.conn, self.tier_field, self.renewal_source = conn, tier_field, renewal_source
        self.external_id_field = external_id_field
        self._described: dict[str, bool] = {}
        self.shared_activities: bool | None = None  # learnt from the first TaskRelation write

    def usage(self) -> tuple[int, int] | None:
        """API requests used and allowed, as the last answer said."""
        return self.conn.usage()

    def count(self, sobject: str, since: str | None) -> int:
        """How many records changed since the cursor."""
        return reading.count(self.conn, sobject, changed_since(since))

    def _pages(self, sobject: str, fields: Iterable[str], since: str | None, bulk: bool) -> Iterator[list[dict]]:
        if bulk and not since:  # a first load: one job instead of a request per 2,000 records
            live = [f for f in fields if f != "IsDeleted"]
            return reading.bulk_pages(self.conn, sobject, f"SELECT {', '.join(live)} FROM {sobject}")
        soql = f"SELECT {', '.join(fields)} FROM {sobject}{changed_since(since)}{ORDER}"
        return reading.rest_pages(self.conn, soql, include_deleted=since is not None)

    def accounts(self, since: str | None, *, bulk: bool = False) -> Iterator[list[CrmAccount]]:
        """Accounts changed since the cursor, page by page."""
        fields = [*records.ACCOUNT_FIELDS, *([self.tier_field] if self.tier_field else [])]
        for page in self._pages("Account", fields, since, bulk):
            yield [records.account(row, self.tier_field) for row in page]

    def contacts(self, since: str | None, *, bulk: bool = False) -> Iterator[list[CrmContact]]:
        """Contacts changed since the cursor, page by page."""
        for page in self._pages("Contact", records.CONTACT_FIELDS, since, bulk):
            yield [records.contact(row) for row in page]

    def users(self) -> list[CrmUser]:
        """Every user of the org."""
        soql = f"SELECT {', '.join(records.USER_FIELDS)} FROM User ORDER BY Id"
        return [records.user(row) for page in reading.rest_pages(self.conn, soql, include_deleted=False)
                for row in page]

    def changed_ids(self, sobject: str, field: str, since: str | None) -> Iterator[tuple[list[str], str]]:
        """Pages of `field` values of records changed since the cursor, with each page's last modstamp."""
        soql = f"SELECT {field}, SystemModstamp FROM {sobject}{changed_since(since)}{ORDER}"
        for page in reading.rest_pages(self.conn, soql, include_deleted=since is not None):
            if page:
                yield sorted({row[field] for row in page if row.get(field)}), page[-1]["SystemModstamp"]

    def role_changes(self, since: str | None) -> Iterator[tuple[list[str], str]]:
        """Contacts whose opportunity roles changed since the cursor."""
        return self.changed_ids("OpportunityContactRole", "ContactId", since)

    def roles_of(self, contact_crm_ids: list[str]) -> list[CrmRole]:
        """The mapped buying roles these contacts hold on any opportunity."""
        found = []
        for part in batches(contact_crm_ids):
            soql = f"SELECT ContactId, Role FROM OpportunityContactRole WHERE ContactId IN {id_list(part)}"
            for page in reading.rest_pages(self.conn, soql, include_deleted=False):
                found += [CrmRole(row["ContactId"], role) for row in page if (role := map_role(row.get("Role")))]
        return found

    def renewal_changes(self, since: str | None) -> Iterator[tuple[list[str], str]]:
        """Accounts whose renewal source (contracts or opportunities) changed since the cursor."""
        return self.changed_ids("Contract" if self.renewal_source == "contract" else "Opportunity", "AccountId", since)

    def renewals(self, account_crm_ids: list[str], today: date) -> list[CrmRenewal]:
        """The next renewal day of these accounts, from activated contracts or open renewal opportunities."""
        if self.renewal_source == "contract":
            base = f"SELECT AccountId, EndDate FROM Contract WHERE Status = 'Activated' AND EndDate >= {day(today)}"
            field = "EndDate"
        else:
            base = ("SELECT AccountId, CloseDate FROM Opportunity WHERE IsClosed = false AND Type = 'Renewal' "
                    f"AND CloseDate >= {day(today)}")
            field = "CloseDate"
        soonest: dict[str, CrmRenewal] = {}
        for part in batches(account_crm_ids):
            for page in reading.rest_pages(self.conn, f"{base} AND AccountId IN {id_list(part)}",
                                           include_deleted=False):
                for row in page:
                    found = records.renewal(row["AccountId"], row.get(field))
                    if found and (found.account_crm_id not in soonest or found.day < soonest[found.account_crm_id].day):
                        soonest[found.account_crm_id] = found
        return list(soonest.values())

    def has_external_id(self, sobject: str) -> bool:
        """Whether the org has kambot's External ID field on this object (asked once)."""
        if sobject not in self._described:
            fields = self.conn.rest("GET", f"sobjects/{sobject}/describe").get("fields", [])
            self._described[sobject] = any(f.get("name") == self.external_id_field and f.get("externalId")
                                           for f in fields)
        return self._described[sobject]

    def create(self, activities: list[Activity], *, upsert: bool) -> list[WriteResult]:
        """Create (or upsert by key) one collection's worth of records."""
        if len(activities) > self.batch_size:
            raise CrmError(f"at most {self.batch_size} records per request")
        if upsert:
            results = writing.upsert(self.conn, activities, self.external_id_field)
        else:
            results = writing.create(self.conn, activities)
        self._relate(activities, results)
        return results

    def _relate(self, activities: list[Activity], results: list[WriteResult]) -> None:
        """The other contacts of each new task as TaskRelations (an org without Shared Activities refuses them:
        then they stay named in the description, as they already are)."""
        if self.shared_activities is False:
            return
        pairs = [(r.crm_id, who) for a, r in zip(activities, results) if r.ok for who in a.also_with]
        for start in range(0, len(pairs), self.batch_size):
            answers = writing.relate(self.conn, pairs[start:start + self.batch_size])
            if answers and all("INVALID_TYPE" in (e or "") for e in answers):
                self.shared_activities = False
                return
            self.shared_activities = True

    def find(self, activities: list[Activity]) -> dict[str, str]:
        """Records a lost answer may have made: same account and day, with the activity's marker."""
        keys, found = {a.key for a in activities}, {}
        for sobject in sorted({a.sobject for a in activities}):
            group = [a for a in activities if a.sobject == sobject]
            whats = sorted({a.fields["WhatId"] for a in group if a.fields.get("WhatId")})
            days = sorted({a.fields["ActivityDate"] for a in group if a.fields.get("ActivityDate")})
            for part in batches(whats):
                soql = (f"SELECT Id, Description FROM {sobject} WHERE WhatId IN {id_list(part)}"
                        + (f" AND ActivityDate IN ({', '.join(days)})" if days else ""))
                for page in reading.rest_pages(self.conn, soql, include_deleted=False):
                    for row in page:
                        key = find_marker(row.get("Description"))
                        if key in keys:
                            found[key] = row["Id"]
        return found

    def delete(self, crm_ids: Iterable[str]) -> list[WriteResult]:
        """Delete records by id."""
        return writing.delete(self.conn, crm_ids)

    def update(self, activities: list[Activity]) -> list[WriteResult]:
        """Change existing records (contact edits made in Slack)."""
        return writing.update(self.conn, activities)
