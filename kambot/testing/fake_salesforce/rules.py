"""What the API checks before it writes a record: fields exist and are writable, references resolve, rules pass."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from kambot.testing.fake_salesforce.errors import RecordError
from kambot.testing.fake_salesforce.ids import object_of, to18
from kambot.testing.fake_salesforce.schema import NO_DELETE
from kambot.testing.fake_salesforce.derived import derive
from kambot.testing.fake_salesforce.store import Row, Store

REQUIRED = {"Account": ("Name",), "Contact": ("LastName",), "Opportunity": ("Name", "StageName", "CloseDate"),
            "OpportunityContactRole": ("ContactId", "OpportunityId"), "Contract": ("AccountId",),
            "TaskRelation": ("TaskId", "RelationId"), "User": ("Username", "Email", "LastName")}


@dataclass
class Rejection:
    """A test's validation rule: records of obj for which test(record) is true are refused with code."""

    obj: str
    test: Callable[[Row], bool]
    code: str
    message: str
    fields: list[str]
    times: int | None  # None: for ever


class Rules:
    """API writes with Salesforce's checks; every method raises RecordError for a refused record."""

    def __init__(self, store: Store, api_user_id: str) -> None:
        self.store, self.schema = store, store.schema
        self.api_user_id = api_user_id
        self.rejections: list[Rejection] = []

    def object(self, name: str) -> str:
        """The canonical object name, or INVALID_TYPE."""
        obj = self.schema.object_name(name or "")
        if obj is None:
            raise RecordError("INVALID_TYPE", f"sObject type '{name}' is not supported.")
        return obj

    def values(self, obj: str, body: dict, *, creating: bool) -> dict:
        """Canonical, typed values of a request body; refuses unknown and read-only fields."""
        values = self.store.fields_of(obj, body, custom_ok=False)
        if creating and "Id" in values:
            raise RecordError("INVALID_FIELD_FOR_INSERT_UPDATE", "cannot specify Id in an insert call", ["Id"])
        values.pop("Id", None)
        fields = self.schema.fields(obj)
        locked = [name for name in values if not fields[name].writable]
        if obj == "TaskRelation" and not creating:
            locked = list(values)  # TaskRelation rows are created and deleted, never updated
        if locked:
            raise RecordError("INVALID_FIELD_FOR_INSERT_UPDATE", f"Unable to create/update fields: "
                              f"{', '.join(locked)}. Please check the security settings of this field and verify "
                              "that it is read/write for your profile or permission set.", locked)
        return values

    def _references(self, obj: str, values: dict) -> None:
        fields = self.schema.fields(obj)
        for name, value in values.items():
            field = fields[name]
            if field.type != "reference" or value is None:
                continue
            if name == "OwnerId" and value == self.api_user_id:
                continue
            target = self.store.get(value)
            if target is None:
                if object_of(value) not in field.references:
                    raise RecordError("FIELD_INTEGRITY_EXCEPTION",
                                      f"{field.relationship} ID: id value of incorrect type: {value}", [name])
                raise RecordError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", [name])
            if object_of(value) not in field.references:
                raise RecordError("FIELD_INTEGRITY_EXCEPTION",
                                  f"{field.relationship} ID: id value of incorrect type: {value}", [name])
            if target.get("IsDeleted"):
                raise RecordError("ENTITY_IS_DELETED", "entity is deleted", [name])

    def _complete(self, obj: str, row: dict) -> None:
        missing = [name for name in REQUIRED.get(obj, ()) if row.get(name) in (None, "")]
        if obj == "Event":
            if not row.get("StartDateTime") and not row.get("ActivityDateTime"):
                missing.append("ActivityDateTime")
            if row.get("DurationInMinutes") is None and not row.get("EndDateTime"):
                missing.append("DurationInMinutes")
        if missing:
            raise RecordError("REQUIRED_FIELD_MISSING", f"Required fields are missing: [{', '.join(missing)}]",
                              missing)
        if obj == "Event" and row.get("EndDateTime") and row.get("StartDateTime") \
                and row["EndDateTime"] < row["StartDateTime"]:
            raise RecordError("FIELD_INTEGRITY_EXCEPTION", "End Date Time: End time can't be before start time",
                              ["EndDateTime"])
        if obj == "TaskRelation":
            table = self.store.tables["TaskRelation"]
            for other in (table[i] for i in self.store.index("TaskRelation", "TaskId").get(row.get("TaskId"), ())):
                if not other.get("IsDeleted") and other["RelationId"] == row.get("RelationId") \
                        and other.get("Id") != row.get("Id"):
                    raise RecordError("DUPLICATE_VALUE", f"duplicate value found: RelationId duplicates value on "
                                      f"record with id: {other['Id']}", ["RelationId"])

    def _rules(self, obj: str, row: dict) -> None:
        for rule in self.rejections:
            if rule.obj == obj and (rule.times is None or rule.times > 0) and rule.test(dict(row)):
                if rule.times is not None:
                    rule.times -= 1
                raise RecordError(rule.code, rule.message, rule.fields)

    def create(self, obj: str, values: dict) -> Row:
        """Check and store a new record (values from values())."""
        values = {"OwnerId": self.api_user_id, **values} if "OwnerId" in self.schema.fields(obj) else values
        self._references(obj, values)
        would_be = {**values}
        if obj == "Event":
            derive(obj, would_be, values)
        self._complete(obj, would_be)
        self._rules(obj, would_be)
        return self.store.create(obj, values)

    def existing(self, obj: str, record_id: str, *, deleted_code: str = "ENTITY_IS_DELETED") -> Row:
        """The live record obj/record_id, or the error Salesforce gives for a missing or deleted one."""
        normal = to18(record_id) if isinstance(record_id, str) else None
        if normal is None:
            raise RecordError("MALFORMED_ID", f"{obj} ID: id value of incorrect type: {record_id}", ["Id"])
        if object_of(normal) != obj:
            raise RecordError("MALFORMED_ID", f"{obj} ID: id value of incorrect type: {record_id}", ["Id"])
        row = self.store.tables[obj].get(normal)
        if row is None:
            raise RecordError("INVALID_CROSS_REFERENCE_KEY", "invalid cross reference id", ["Id"])
        if row.get("IsDeleted"):
            raise RecordError(deleted_code, "entity is deleted", [])
        return row

    def update(self, obj: str, record_id: str, values: dict) -> Row:
        """Check and apply changes to a live record."""
        old = self.existing(obj, record_id)
        self._references(obj, values)
        would_be = {**old, **values}
        if obj == "Event":
            derive(obj, would_be, values)
        self._complete(obj, would_be)
        self._rules(obj, would_be)
        return self.store.change(obj, old["Id"], values)

    def delete(self, obj: str, record_id: str) -> Row:
        """Soft-delete a live record."""
        if obj in NO_DELETE:
            raise RecordError("DELETE_FAILED", f"{obj} records cannot be deleted", [])
        old = self.existing(obj, record_id)
        return self.store.mark_deleted(obj, old["Id"])

    def upsert(self, obj: str, ext_field: str, values: dict) -> tuple[Row, bool]:
        """Update the one live record whose ext_field equals the value in values, or create one."""
        key = values.get(ext_field)
        if key in (None, ""):
            raise RecordError("MISSING_ARGUMENT", f"{ext_field} not specified", [ext_field])
        table = self.store.tables[obj]
        matches = [table[i] for i in sorted(self.store.index(obj, ext_field).get(key, ()))
                   if not table[i].get("IsDeleted")]
        if len(matches) > 1:
            raise RecordError("DUPLICATE_EXTERNAL_ID", f"{ext_field}: more than one record found for external id "
                              f"field: {[r['Id'] for r in matches]}", [ext_field])
        if matches:
            return self.update(obj, matches[0]["Id"], values), False
        return self.create(obj, values), True
