"""PostgreSQL for the tests: skipped only where no server binaries exist, and never skipped in CI."""
from __future__ import annotations

import os

import pytest

from kambot.testing import postgres


def require_postgres() -> str:
    """The admin URL; skip the test where no PostgreSQL exists, but fail in CI, where it must."""
    try:
        return postgres.admin_url()
    except postgres.PostgresUnavailable:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries are required in CI")
        pytest.skip("no PostgreSQL binaries on this machine")
