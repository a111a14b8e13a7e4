"""Account and contact resolution: names, aliases, accents, typos, cue words, contacts, caching, teams."""
from __future__ import annotations

from datetime import date

import pytest

from kambot.core.cache import new_cache
from kambot.core.name_index import NameIndex
from kambot.core.resolve import find_account_in_line, resolve_account, resolve_contacts
from kambot.domain.parsing.line import parse_line
from kambot.storage.accounts import create_account, update_account
from kambot.storage.db import session_scope
from tests.core.log_workspace import ws  # noqa: F401 - ws is a fixture
from tests.support.factories import make_accounts

TODAY = date(2026, 11, 27)


@pytest.fixture
def session(engine, ws):
    with session_scope(engine) as session:
        yield session


@pytest.mark.parametrize("query,expected", [
    ("Acme Corp", "Acme Corp"), ("ACME", "Acme Corp"), ("acme", "Acme Corp"), ("acme corp.", "Acme Corp"),
    ("umbrella salud", "Umbrella Salud"), ("Umbrela Salud", "Umbrella Salud"), ("Umbrela", "Umbrella Salud"),
    ("banco andino", "Banco Andino"), ("Bánco Andíno", "Banco Andino"), ("BANCO-ANDINO", "Banco Andino"),
    ("Andino", "Banco Andino"), ("Globex Corporation", "Globex"), ("Globx", "Globex"), ("@hooli", "Hooli"),
    ("Stark Logistic", "Stark Logistics"), ("Acme Corporation", "Acme Corp"),
])
def test_resolve_account_finds(session, query, expected):
    match = resolve_account(session, team_id="T1", query=query, cache=new_cache())
    assert match.status == "found", match
    assert match.account.name == expected and match.account.team_id == "T1"


def test_resolve_account_ambiguous_and_unknown(session):
    stark = resolve_account(session, team_id="T1", query="Stark", cache=new_cache())
    assert stark.status == "ambiguous" and [a.name for a in stark.candidates] == ["Stark Energy", "Stark Logistics"]
    globe = resolve_account(session, team_id="T1", query="Globe", cache=new_cache())
    assert globe.status == "ambiguous" and {a.name for a in globe.candidates} == {"Globex", "Globe Tech"}
    unknown = resolve_account(session, team_id="T1", query="Umbrel", cache=new_cache())
    assert unknown.status == "unknown" and unknown.suggestions[:1] == ["Umbrella Salud"]
    assert resolve_account(session, team_id="T1", query="Wayne Enterprises", cache=new_cache()).status == "unknown"
    assert resolve_account(session, team_id="T1", query="  ", cache=new_cache()).status == "unknown"


def test_resolve_account_never_crosses_teams(session, ws):
    assert resolve_account(session, team_id="T2", query="Acme", cache=new_cache()).account.id == ws.account("Acme Corp", "T2")
    cache = new_cache()
    assert resolve_account(session, team_id="T1", query="Umbrela", cache=cache).account.team_id == "T1"
    assert resolve_account(session, team_id="T2", query="Umbrela", cache=cache).account.team_id == "T2"
    assert resolve_account(session, team_id="T3", query="Acme", cache=cache).status == "unknown"


def _line(session, text, team="T1", cache=None):
    parsed = parse_line(text, today=TODAY)
    return find_account_in_line(session, team_id=team, parsed=parsed, cache=new_cache() if cache is None else cache), parsed


@pytest.mark.parametrize("text,expected,via", [
    ("call with Globex folks at Acme", "Acme Corp", "name"),  # "at" says account more than "with"
    ("dinner with the Hooli team from Globe Tech", "Globe Tech", "name"),
    ("met the Acme Corp people", "Acme Corp", "name"),
    ("lunch with Kevin Walsh", "Globex", "contact"),
    ("lunch with kevin", "Globex", "contact"),
    ("call with Margaret at Globe", "Globex", "contact"),  # a typo near two accounts, decided by a person
    ("call with Priya at Globe", "Globe Tech", "contact"),
    ("call with Tony at Stark", "Stark Energy", "contact"),  # a shared alias, decided by a person
    ("call at Umbrela Salud", "Umbrella Salud", "typo"),
    ("llamada con Jorge Peña", "Umbrella Salud", "contact"),
])
def test_find_account_in_line(session, text, expected, via):
    match, _ = _line(session, text)
    assert match.status == "found" and match.account.name == expected and match.via == via


def test_find_account_in_line_ignores_new_people_names(session):
    match, parsed = _line(session, "coffee with our new contact Priya Globe")  # a person, not Globe Tech
    assert [h.name for h in parsed.new_contacts] == ["Priya Globe"] and match.status == "unknown"
    match, _ = _line(session, "coffee with our new contact Priya Globe at Hooli")
    assert match.account.name == "Hooli"


def test_index_follows_account_changes(engine, ws):
    cache = new_cache()
    with session_scope(engine) as session:
        assert resolve_account(session, team_id="T1", query="Wayne Enterprize", cache=cache).status == "unknown"
        first = cache[("name_index", "T1")]
        resolve_account(session, team_id="T1", query="Umbrela", cache=cache)
        assert cache[("name_index", "T1")] is first  # same version: no rebuild
    with session_scope(engine) as session:
        create_account(session, team_id="T1", name="Wayne Enterprises")
    with session_scope(engine) as session:
        match = resolve_account(session, team_id="T1", query="Wayne Enterprize", cache=cache)
        assert match.status == "found" and match.account.name == "Wayne Enterprises"
        hooli = resolve_account(session, team_id="T1", query="Hooli", cache=cache).account
        update_account(session, hooli, name="Hooli XYZ", aliases="")
    with session_scope(engine) as session:
        assert resolve_account(session, team_id="T1", query="Hooli XY", cache=cache).account.name == "Hooli XYZ"
        assert resolve_account(session, team_id="T1", query="Hooli", cache=cache).account.name == "Hooli XYZ"


def _people(session, ws, text, account):
    parsed = parse_line(text, today=TODAY)
    return resolve_contacts(session, team_id="T1", account_id=ws.account(account), parsed=parsed, cache=new_cache())


def test_contacts_by_full_name_first_name_and_accents(session, ws):
    found = _people(session, ws, "met Maria Fernandez and javier at Banco Andino", "Banco Andino")
    assert [p.name for p in found.known] == ["María Fernández", "Javier Morales"] and found.status == "ok"
    found = _people(session, ws, "met Lucía at Banco Andino", "Banco Andino")
    assert [p.name for p in found.known] == ["Lucía Paredes"]  # left the company: still loggable


def test_contacts_shared_first_name_is_a_question(session, ws):
    found = _people(session, ws, "call with Sarah at Acme", "Acme Corp")
    assert found.status == "ambiguous" and found.ambiguous[0].typed == "Sarah"
    assert [p.name for p in found.ambiguous[0].candidates] == ["Sarah Kim", "Sarah Mitchell"]
    found = _people(session, ws, "call with Sarah Kim at Acme", "Acme Corp")
    assert found.status == "ok" and [p.name for p in found.known] == ["Sarah Kim"]


def test_new_contacts_and_common_words(session, ws):
    found = _people(session, ws, "lunch with our new contact Ravi Patel and Daniel at Acme", "Acme Corp")
    assert [h.name for h in found.new] == ["Ravi Patel"] and [p.name for p in found.known] == ["Daniel Okafor"]
    found = _people(session, ws, "call with Hooli, will send the deck", "Hooli")
    assert found.known == []  # "will" is a word here, not Will Turner
    found = _people(session, ws, "call with Will at Hooli", "Hooli")
    assert [p.name for p in found.known] == ["Will Turner"]
    found = _people(session, ws, "call with Margaret at Acme", "Acme Corp")
    assert found.known == [] and found.status == "ok"  # Margaret works at Globex, not Acme


def test_name_index_search_scores():
    index = NameIndex.build([("acme corp", 1), ("acme", 1), ("umbrella salud", 2), ("globex", 3), ("globe tech", 4)],
                            version=7)
    assert index.search("umbrela salud")[0].account_id == 2
    assert {h.account_id for h in index.search("globe") if h.score(prefix=True) >= 84} == {3, 4}
    assert index.search("zzzz") == []
    assert len(index) == 5 and index.version == 7


@pytest.fixture
def ini(engine, ws):
    """Initech and Initrode beside the workspace: "Ini" begins both."""
    make_accounts(engine, ["Initech", "Initrode"], owner="U_ANA")


@pytest.mark.parametrize("query", ["Ini", "ini", "INIT"])
def test_a_phrase_beginning_two_names_is_ambiguous(session, ini, query):
    match = resolve_account(session, team_id="T1", query=query, cache=new_cache())
    assert match.status == "ambiguous" and [a.name for a in match.candidates] == ["Initech", "Initrode"]


def test_a_phrase_beginning_one_name_or_too_short_is_not_a_question(session, ini):
    assert resolve_account(session, team_id="T1", query="Initr", cache=new_cache()).status == "unknown"
    assert resolve_account(session, team_id="T1", query="In", cache=new_cache()).status == "unknown"


def test_a_line_naming_a_prefix_after_at_is_ambiguous_unless_a_person_decides(session, ini, ws):
    line = parse_line("call with Bob at Ini yesterday", today=TODAY)
    match = find_account_in_line(session, team_id="T1", parsed=line, cache=new_cache())
    assert match.status == "ambiguous" and [a.name for a in match.candidates] == ["Initech", "Initrode"]


@pytest.mark.parametrize("query", [
    "Acme Corp'; DROP TABLE account;--", "Acme SELECT * FROM accounts WHERE 1=1; DROP TABLE account;--",
    "Acme Corp %s%s%n %x", "Banco Andino " + "x" * 40, "umbrella salud <!here> {{7*7}}",
])
def test_a_name_amid_junk_is_asked_back_never_found(session, query):
    match = resolve_account(session, team_id="T1", query=query, cache=new_cache())
    assert match.status == "unknown" and match.meant is not None, match
    assert match.suggestions == [match.meant.name]


@pytest.mark.parametrize("query", ["Banco Andino sucursal norte", "Acme Corp.", "umbrella salud hospital"])
def test_a_few_words_around_a_name_are_not_junk(session, query):
    assert resolve_account(session, team_id="T1", query=query, cache=new_cache()).status == "found"
