"""The two ways Salesforce says no: a whole request refused, or one record of it."""

from __future__ import annotations


class ApiError(Exception):
    """A refused request: HTTP status and the [{"errorCode", "message"}] body Salesforce sends."""

    def __init__(self, status: int, code: str, message: str, fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.fields = status, code, message, fields

    def body(self) -> list[dict]:
        """The JSON answer."""
        error: dict = {"message": self.message, "errorCode": self.code}
        if self.fields is not None:
            error["fields"] = self.fields
        return [error]


class RecordError(Exception):
    """One record refused; in a collection it becomes {"statusCode", "message", "fields"} of that record."""

    def __init__(self, code: str, message: str, fields: list[str] | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.fields = code, message, list(fields or [])

    def item(self) -> dict:
        """The entry in a result's errors list."""
        return {"statusCode": self.code, "message": self.message, "fields": self.fields}

    def as_api_error(self) -> ApiError:
        """The same refusal for a single-record request (400 with errorCode)."""
        status = 404 if self.code in ("ENTITY_IS_DELETED", "NOT_FOUND") else 400
        return ApiError(status, self.code, self.message, self.fields)


NOT_FOUND = "The requested resource does not exist"
