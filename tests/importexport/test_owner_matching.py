"""Matching owner texts to workspace members: pure, accent- and case-blind, a unique match or none."""
import pytest

from kambot.importexport.owners import Member, Owners, is_slack_id, match_name, name_index


@pytest.mark.parametrize("text, expected", [
    ("U04DIALEE", True), ("W012A3CDE", True), ("U_ANA", True), ("U_BEN", True),
    ("URSULA", False), ("Ana Torres", False), ("AnaTorres", False), ("u04dialee", False), ("U1", True), ("W", False),
    ("ana@corp.example", False), ("U04 DIALEE", False),
])
def test_what_counts_as_a_slack_id(text, expected):
    assert is_slack_id(text) is expected


def test_names_match_real_or_display_name_once_and_only_when_unique():
    index = name_index([
        Member("U1", "José Ángel Núñez", "jose"), Member("U2", "Dana Cruz", ""), Member("U3", "Dana Cruz", "dc"),
        Member("U4", "Old Timer", "", deleted=True), Member("UBOT", "kambot", "kambot", is_bot=True),
    ])
    assert match_name(index, "jose angel nunez") == ("U1", 1)
    assert match_name(index, "  JOSÉ  ") == ("U1", 1)
    assert match_name(index, "Dana Cruz") == (None, 2)
    assert match_name(index, "dc") == ("U3", 1)
    assert match_name(index, "Old Timer") == (None, 0)
    assert match_name(index, "kambot") == (None, 0)


class CountingDirectory:
    """A directory that counts what it is asked."""

    def __init__(self):
        self.emails, self.listed = [], 0

    def user_by_email(self, email):
        self.emails.append(email)
        return "U2" if email == "ben@corp.example" else None

    def members(self):
        self.listed += 1
        return [Member("U1", "Ana López")]


def test_each_text_is_asked_once_and_every_row_is_counted():
    directory = CountingDirectory()
    owners = Owners(directory)
    records = [{"owner": "Ana Lopez"}, {"owner": "BEN@corp.example"}, {"owner": "ben@corp.example"},
               {"owner": "Ana Torres"}, {"owner": "Ana Torres"}, {"owner": "U_KEPT"}, {"owner": None}]
    for record in records:
        owners.apply("accounts", record)
    assert [r["owner"] for r in records] == ["U1", "U2", "U2", None, None, "U_KEPT", None]
    assert (directory.emails, directory.listed) == (["ben@corp.example"], 1)
    assert owners.unmatched == {"Ana Torres": 2}
    touch = {"participants": ("Ana López", "Nobody", "U_BEN", "U1", "Ana Lopez"), "logged_by": "nobody@corp.example"}
    owners.apply("touchpoints", touch)
    assert touch == {"participants": ("U1", "U_BEN"), "logged_by": None}  # U1 named twice: once
    assert owners.unmatched == {"Ana Torres": 2, "Nobody": 1, "nobody@corp.example": 1}
