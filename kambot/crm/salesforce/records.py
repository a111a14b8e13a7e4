"""Salesforce records (REST JSON or Bulk CSV rows) as kambot's CRM records."""
from __future__ import annotations

from datetime import date

from kambot.domain.crm import CrmAccount, CrmContact, CrmRenewal, CrmUser, map_tier

ACCOUNT_FIELDS = ("Id", "Name", "OwnerId", "AnnualRevenue", "Industry", "SystemModstamp", "IsDeleted")
CONTACT_FIELDS = ("Id", "AccountId", "FirstName", "LastName", "Title", "Department", "Email", "ReportsToId",
                  "OwnerId", "SystemModstamp", "IsDeleted")
USER_FIELDS = ("Id", "Email", "Name", "IsActive")


def _text(value: object) -> str | None:
    """A field as stripped text, None when empty (Bulk CSV writes nulls as empty strings)."""
    if value is None:
        return None
    text = str(value).strip()
    return text or None


def _flag(value: object) -> bool:
    return value is True or str(value).lower() == "true"


def _number(value: object) -> float | None:
    try:
        return None if _text(value) is None else float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def account(row: dict, tier_field: str | None) -> CrmAccount:
    """An Account row."""
    return CrmAccount(
        crm_id=row["Id"], name=_text(row.get("Name")) or row["Id"], owner_crm_id=_text(row.get("OwnerId")),
        annual_revenue=_number(row.get("AnnualRevenue")), industry=_text(row.get("Industry")),
        tier=map_tier(row.get(tier_field)) if tier_field else None, deleted=_flag(row.get("IsDeleted")),
        modstamp=_text(row.get("SystemModstamp")) or "",
    )


def contact(row: dict) -> CrmContact:
    """A Contact row; the name is first and last name as Salesforce shows them."""
    name = " ".join(p for p in (_text(row.get("FirstName")), _text(row.get("LastName"))) if p)
    return CrmContact(
        crm_id=row["Id"], account_crm_id=_text(row.get("AccountId")), name=name or row["Id"],
        title=_text(row.get("Title")), department=_text(row.get("Department")),
        email=(_text(row.get("Email")) or "").lower() or None, reports_to_crm_id=_text(row.get("ReportsToId")),
        owner_crm_id=_text(row.get("OwnerId")), deleted=_flag(row.get("IsDeleted")),
        modstamp=_text(row.get("SystemModstamp")) or "",
    )


def user(row: dict) -> CrmUser:
    """A User row."""
    return CrmUser(crm_id=row["Id"], email=(_text(row.get("Email")) or "").lower() or None,
                   name=_text(row.get("Name")), active=_flag(row.get("IsActive")))


def renewal(account_id: str, value: object) -> CrmRenewal | None:
    """A renewal from an AccountId and an EndDate/CloseDate."""
    text = _text(value)
    return CrmRenewal(account_id, date.fromisoformat(text[:10])) if text else None
