"""Row conversion and header mapping: pure, no database."""
from datetime import date

import pytest

from kambot.importexport.headers import map_headers, normalize_header
from kambot.importexport.importer import read_csv
from kambot.importexport.rows import (
    Invalid, parse_date, parse_kind, parse_revenue, parse_role, parse_status, parse_tier, to_record,
)


@pytest.mark.parametrize("text, expected", [
    ("2026-08-27", date(2026, 8, 27)),
    ("8/27/2026", date(2026, 8, 27)),
    ("08/07/2026", date(2026, 8, 7)),
    ("8/27/26", date(2026, 8, 27)),
    ("8/27/2026 10:15 AM", date(2026, 8, 27)),
    ("8/27/2026, 10:15 AM", date(2026, 8, 27)),
    ("2026-08-27T10:00:00Z", date(2026, 8, 27)),
    ("2026/08/27", date(2026, 8, 27)),
])
def test_dates_iso_and_salesforce_us(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text", ["27/08/2026", "2026-02-30", "tomorrow", "2026-8", "13/1/2026"])
def test_bad_dates_are_rejected_not_guessed(text):
    with pytest.raises(Invalid, match="bad date"):
        parse_date(text)


@pytest.mark.parametrize("text, expected", [
    ("4500000", 4_500_000.0),
    ("1,500,000.00", 1_500_000.0),
    ("$1,500,000.00", 1_500_000.0),
    ("USD 1,500,000", 1_500_000.0),
    ("1.500.000,50 €", 1_500_000.5),
    ("$1.5M", 1_500_000.0),
    ("1.1M", 1_100_000.0),
    ("250K", 250_000.0),
    ("2bn", 2_000_000_000.0),
    ("1500000.25", 1_500_000.25),
])
def test_revenue_with_separators_currency_and_suffixes(text, expected):
    assert parse_revenue(text) == expected


@pytest.mark.parametrize("text", ["lots", "-5", "1.5X", "$"])
def test_bad_revenue(text):
    with pytest.raises(Invalid, match="bad amount"):
        parse_revenue(text)


@pytest.mark.parametrize("text, expected", [
    ("decision_maker", "decision_maker"), ("Decision Maker", "decision_maker"), ("decision-maker", "decision_maker"),
    ("Decisor", "decision_maker"), ("Economic Buyer", "economic_buyer"), ("comprador económico", "economic_buyer"),
    ("campeón", "champion"), ("Champion", "champion"), ("Technical Buyer", "technical_buyer"),
    ("influenciador", "influencer"), ("Business User", "user"), ("usuario", "user"), ("Bloqueador", "blocker"),
    ("Other", None),
])
def test_roles_canonical_english_and_spanish(text, expected):
    assert parse_role(text) == expected


def test_unknown_role_says_what_is_accepted():
    with pytest.raises(Invalid, match="unknown role 'boss'.*decision_maker"):
        parse_role("boss")


def test_tier_status_kind():
    assert [parse_tier(t) for t in ("a", "B", " c ", "Tier A")] == ["A", "B", "C", "A"]
    with pytest.raises(Invalid, match="unknown tier 'D'"):
        parse_tier("D")
    assert [parse_status(s) for s in ("active", "Left", "inactive", "Former", "inactivo")] == \
        ["active", "left", "left", "left", "left"]
    assert [parse_kind(k) for k in ("Call", "E-mail", "reunión", "Task", "almuerzo")] == \
        ["call", "email", "meeting", "other", "meal"]
    with pytest.raises(Invalid, match="unknown kind 'fax'"):
        parse_kind("fax")


def test_headers_tolerate_bom_case_spaces_and_api_names():
    assert normalize_header("\ufeff Annual_Revenue ") == "annual revenue"
    assert normalize_header("AnnualRevenue") == "annual revenue"
    assert normalize_header("Tier__c") == "tier"
    headers, problems = map_headers("accounts", ["\ufeffNAME", " Owner ", "Annual Revenue", "Billing City"])
    assert problems == []
    assert dict((f, i) for i, f in headers.columns) == {"name": 0, "owner": 1, "annual_revenue": 2}
    assert headers.ignored == ("Billing City",)


def test_salesforce_headers_mean_different_fields_per_file():
    accounts, _ = map_headers("accounts", ["Account Name", "Account Owner"])
    contacts, _ = map_headers("contacts", ["First Name", "Last Name", "Account Name", "Contact Owner", "Reports To"])
    touches, _ = map_headers("touchpoints", ["Subject", "Name", "Company / Account", "Activity Date", "Task Type",
                                             "Assigned", "Comments"])
    assert accounts.fields == {"name", "owner"}
    assert contacts.fields == {"first_name", "last_name", "account", "relationship_owner", "reports_to"}
    assert touches.fields == {"summary", "contacts", "account", "occurred_on", "kind", "logged_by", "comments"}


def test_missing_required_column_is_a_header_problem():
    _, problems = map_headers("contacts", ["name", "email"])
    assert problems == ["missing column 'account' (found: name, email)"]
    _, problems = map_headers("contacts", ["Account Name", "First Name", "Last Name"])
    assert problems == []


def test_record_lists_every_problem_of_a_row():
    record, problems = to_record("accounts", {"name": "", "tier": "Z", "annual_revenue": "lots",
                                              "renewal_date": "31/12/2026"})
    assert problems == [
        "tier: unknown tier 'Z' (use A, B or C)",
        "annual_revenue: bad amount 'lots'",
        "renewal_date: bad date '31/12/2026' (use YYYY-MM-DD, or M/D/YYYY as Salesforce exports)",
        "missing name",
    ]


def test_empty_cells_clear_values_but_keep_tier_and_status():
    record, problems = to_record("accounts", {"name": "Acme", "tier": "", "owner": "", "aliases": ""})
    assert problems == []
    assert record == {"name": "Acme", "name_norm": "acme", "owner": None, "aliases": ""}
    record, _ = to_record("contacts", {"account": "Acme", "first_name": "Ana", "last_name": "Ruiz", "status": ""})
    assert record["name"] == "Ana Ruiz" and "status" not in record


def test_touch_summary_from_subject_and_comments_and_default_kind():
    record, problems = to_record("touchpoints", {"account": "Acme", "occurred_on": "9/3/2026", "summary": "Call",
                                                 "comments": "Talked renewal", "kind": ""})
    assert problems == []
    assert record["summary"] == "Call — Talked renewal"
    assert record["kind"] == "other"
    assert record["occurred_on"] == date(2026, 9, 3)


def test_values_longer_than_their_column_are_rejected():
    _, problems = to_record("accounts", {"name": "Acme", "owner": "x" * 255})
    assert problems == [f"owner: '{'x' * 40}…' is longer than 254 characters"]


def test_read_csv_line_numbers_blank_lines_and_salesforce_footer():
    text = 'a,b\n1,"two\nlines"\n\n3,4\n\n"Report"\n"Copyright (c) salesforce.com"\n'
    assert list(read_csv(text)) == [(1, ["a", "b"]), (2, ["1", "two\nlines"]), (5, ["3", "4"])]


def test_read_csv_semicolon_files():
    assert list(read_csv("name;tier\nAcme;A\n")) == [(1, ["name", "tier"]), (2, ["Acme", "A"])]


def test_one_cell_lines_are_only_a_footer_at_the_end():
    text = "a,b\n1,2\n\nstray\n3,4\n"
    assert list(read_csv(text)) == [(1, ["a", "b"]), (2, ["1", "2"]), (4, ["stray"]), (5, ["3", "4"])]
