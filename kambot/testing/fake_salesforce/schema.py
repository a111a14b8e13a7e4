"""The objects and fields the fake org has, looked up case-insensitively as SOQL and the REST API do."""

from __future__ import annotations

from dataclasses import dataclass

from kambot.testing.fake_salesforce.ids import KEY_PREFIX


@dataclass(frozen=True)
class Field:
    """One field of an object, as describe reports it."""

    name: str
    type: str  # id, reference, string, textarea, email, picklist, boolean, date, datetime, double, currency, int
    references: tuple[str, ...] = ()
    relationship: str | None = None  # "Account" for AccountId: how SOQL walks up to the parent
    writable: bool = True  # false: the API refuses it (Id, system stamps, computed names)
    external_id: bool = False

    @property
    def filterable(self) -> bool:
        """Long text areas (Description) cannot be filtered or sorted on in SOQL."""
        return self.type != "textarea"


def _ref(name: str, *targets: str) -> Field:
    return Field(name, "reference", targets, name[:-2] if name.endswith("Id") else name)


SYSTEM = (Field("Id", "id", writable=False), Field("IsDeleted", "boolean", writable=False),
          Field("CreatedDate", "datetime", writable=False), Field("LastModifiedDate", "datetime", writable=False),
          Field("SystemModstamp", "datetime", writable=False))
WHO = ("Contact", "Lead")
WHAT = ("Account", "Opportunity", "Contract")

_OWN = (_ref("OwnerId", "User"),)
STANDARD: dict[str, tuple[Field, ...]] = {
    "Account": (Field("Name", "string"), *_OWN, Field("AnnualRevenue", "currency"), Field("Industry", "picklist"),
                Field("Type", "picklist"), Field("Website", "string")),
    "Contact": (_ref("AccountId", "Account"), Field("FirstName", "string"), Field("LastName", "string"),
                Field("Name", "string", writable=False), Field("Title", "string"), Field("Department", "string"),
                Field("Email", "email"), _ref("ReportsToId", "Contact"), *_OWN),
    "User": (Field("Email", "email"), Field("Name", "string", writable=False), Field("FirstName", "string"),
             Field("LastName", "string"), Field("Username", "string"), Field("IsActive", "boolean")),
    "OpportunityContactRole": (_ref("ContactId", "Contact"), _ref("OpportunityId", "Opportunity"),
                               Field("Role", "picklist"), Field("IsPrimary", "boolean")),
    "Opportunity": (_ref("AccountId", "Account"), Field("Name", "string"), Field("CloseDate", "date"),
                    Field("IsClosed", "boolean"), Field("IsWon", "boolean"), Field("Type", "picklist"),
                    Field("StageName", "picklist"), Field("Amount", "currency"), *_OWN),
    "Contract": (_ref("AccountId", "Account"), Field("StartDate", "date"), Field("EndDate", "date"),
                 Field("Status", "picklist"), *_OWN),
    "Task": (Field("Subject", "string"), Field("ActivityDate", "date"), Field("Status", "picklist"),
             Field("Priority", "picklist"), _ref("WhoId", *WHO), _ref("WhatId", *WHAT), *_OWN,
             Field("Description", "textarea"), Field("TaskSubtype", "picklist")),
    "Event": (Field("Subject", "string"), Field("StartDateTime", "datetime"), Field("EndDateTime", "datetime"),
              Field("ActivityDateTime", "datetime"), Field("DurationInMinutes", "int"),
              Field("ActivityDate", "date"), _ref("WhoId", *WHO), _ref("WhatId", *WHAT), *_OWN,
              Field("Description", "textarea")),
    "TaskRelation": (_ref("TaskId", "Task"), _ref("RelationId", *WHO, *WHAT, "User"), Field("IsWhat", "boolean"),
                     Field("AccountId", "reference", ("Account",), "Account", writable=False)),
}
NO_DELETE = {"User"}  # users are deactivated, never deleted: User has no IsDeleted
BOOLEAN_DEFAULTS = {"IsActive": True}  # a boolean never set reads false, except these


class Schema:
    """Standard fields plus the custom ones this org has (external id fields, or __c fields tests set)."""

    def __init__(self) -> None:
        self.custom: dict[str, dict[str, Field]] = {name: {} for name in STANDARD}
        self.shared_activities = True
        self._external: dict[str, str] = {}
        self._fields: dict[str, dict[str, Field]] = {}  # per object; queries look fields up per row

    @property
    def external_id_fields(self) -> dict[str, str]:
        """Object -> its external id field (one per object is all the product needs)."""
        return dict(self._external)

    @external_id_fields.setter
    def external_id_fields(self, value: dict[str, str]) -> None:
        self._external = dict(value)
        self._fields.clear()

    def objects(self) -> list[str]:
        """Object names this org answers for (TaskRelation only with Shared Activities)."""
        return [n for n in STANDARD if n != "TaskRelation" or self.shared_activities]

    def object_name(self, name: str) -> str | None:
        """The canonical object name for any casing, or None when the org has no such object."""
        return next((n for n in self.objects() if n.lower() == name.lower()), None)

    def fields(self, obj: str) -> dict[str, Field]:
        """Every field of obj, by canonical name."""
        if obj in self._fields:
            return self._fields[obj]
        system = [f for f in SYSTEM if not (f.name == "IsDeleted" and obj in NO_DELETE)]
        found = {f.name: f for f in (*system, *STANDARD[obj])}
        found.update(self.custom[obj])
        ext = self._external.get(obj)
        if ext:
            found[ext] = Field(ext, "string", external_id=True)
        self._fields[obj] = found
        return found

    def field(self, obj: str, name: str) -> Field | None:
        """The field of obj called name in any casing."""
        fields = self.fields(obj)
        if name in fields:
            return fields[name]
        low = name.lower()
        return next((f for n, f in fields.items() if n.lower() == low), None)

    def relationship(self, obj: str, name: str) -> Field | None:
        """The reference field behind a relationship name (Account on Contact is AccountId)."""
        low = name.lower()
        return next((f for f in self.fields(obj).values() if f.relationship and f.relationship.lower() == low),
                    None)

    def add_custom(self, obj: str, name: str, type_: str = "string") -> Field:
        """Give obj a custom field (name ends in __c) unless it has it already."""
        existing = self.field(obj, name)
        if existing:
            return existing
        self.custom[obj][name] = Field(name, type_)
        self._fields.pop(obj, None)
        return self.custom[obj][name]

    def describe(self, obj: str, version: str) -> dict:
        """The describe answer, enough for 'is Kambot_Key__c an external id on Task'."""
        fields = [{"name": f.name, "label": f.name, "type": f.type, "externalId": f.external_id,
                   "filterable": f.filterable, "sortable": f.filterable,
                   "nillable": f.type != "boolean" and f.name != "Id", "createable": f.writable,
                   "updateable": f.writable, "custom": f.name.endswith("__c"),
                   "referenceTo": list(f.references), "relationshipName": f.relationship,
                   "idLookup": f.name == "Id" or f.external_id, "unique": False}
                  for f in self.fields(obj).values()]
        return {"name": obj, "label": obj, "keyPrefix": KEY_PREFIX[obj], "custom": False, "createable": True,
                "updateable": True, "deletable": obj not in NO_DELETE, "queryable": True, "fields": fields,
                "urls": {"sobject": f"/services/data/v{version}/sobjects/{obj}"}}
