"""Field values as Salesforce stores them: UTC datetimes at a fixed width, so comparing strings compares times."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from kambot.testing.fake_salesforce.ids import to18

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATETIME_RE = re.compile(r"^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})?$")
NUMBER_TYPES = {"double", "currency", "int", "percent"}
TEXT_TYPES = {"string", "textarea", "email", "picklist", "phone", "url"}


class BadValue(ValueError):
    """A value the field cannot hold; code is the Salesforce error code to answer with."""

    def __init__(self, message: str, code: str = "JSON_PARSER_ERROR") -> None:
        super().__init__(message)
        self.code = code


def format_datetime(moment: datetime) -> str:
    """The way the REST API writes a datetime: 2026-12-01T10:00:00.000+0000, always UTC."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    moment = moment.astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}+0000"


def parse_datetime(value: object) -> str:
    """A datetime value in any form Salesforce accepts, in the canonical form; BadValue otherwise."""
    if isinstance(value, datetime):
        return format_datetime(value)
    if isinstance(value, str):
        if len(value) == 28 and value.endswith("+0000") and value[10] == "T":
            return value  # already canonical: the fast path for bulk loads
        match = DATETIME_RE.match(value)
        if match:
            zone = match.group(6) or "Z"
            iso = f"{match.group(1)}T{match.group(2)}:{match.group(3)}:{match.group(4)}{(match.group(5) or '')[:7]}"
            offset = "+00:00" if zone == "Z" else zone[:3] + ":" + zone[-2:]
            try:
                return format_datetime(datetime.fromisoformat(iso + offset))
            except ValueError:
                pass
    raise BadValue(f"Cannot deserialize instance of datetime from VALUE_STRING value {value}")


def parse_date(value: object) -> str:
    """A date value as YYYY-MM-DD; BadValue otherwise."""
    if isinstance(value, date) and not isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, str) and DATE_RE.match(value):
        try:
            return date.fromisoformat(value).isoformat()
        except ValueError:
            pass
    raise BadValue(f"Cannot deserialize instance of date from VALUE_STRING value {value}")


def coerce(type_: str, value: object) -> object:
    """value as the field stores it (None stays None)."""
    if value is None:
        return None
    if type_ == "datetime":
        return parse_datetime(value)
    if type_ == "date":
        return parse_date(value)
    if type_ in ("id", "reference"):
        normal = to18(value) if isinstance(value, str) else None
        if normal is None:
            raise BadValue(f"malformed id {value}", "MALFORMED_ID")
        return normal
    if type_ == "boolean":
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.lower() in ("true", "false"):
            return value.lower() == "true"
        raise BadValue(f"Cannot deserialize instance of boolean from VALUE_STRING value {value}")
    if type_ in NUMBER_TYPES:
        if isinstance(value, bool):
            raise BadValue(f"Cannot deserialize instance of double from VALUE_TRUE value {value}")
        try:
            number = float(value) if not isinstance(value, (int, float)) else value
        except (TypeError, ValueError):
            raise BadValue(f"Cannot deserialize instance of double from VALUE_STRING value {value}") from None
        return int(number) if type_ == "int" else float(number)
    if isinstance(value, (dict, list)):
        raise BadValue(f"Cannot deserialize instance of string from START_OBJECT value {value}")
    return value if isinstance(value, str) else str(value)


def csv_text(value: object) -> str:
    """A value as a Bulk API CSV cell: empty for null, lowercase booleans."""
    if value is None:
        return ""
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)
