"""The fake Salesforce's SOQL: the parser on its own, and properties of what queries select."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kambot.testing.fake_salesforce.clock import Clock
from kambot.testing.fake_salesforce.schema import Schema
from kambot.testing.fake_salesforce.soql_ast import Compare, In, Logic
from kambot.testing.fake_salesforce.soql_eval import plan
from kambot.testing.fake_salesforce.soql_lexer import SoqlError
from kambot.testing.fake_salesforce.soql_parser import parse
from kambot.testing.fake_salesforce.store import Store


def quote(text: str) -> str:
    """A SOQL string literal for text."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def test_precedence_not_binds_tighter_than_and_than_or():
    where = parse("SELECT Id FROM Contact WHERE NOT a = 1 AND b = 2 OR c = 3").where
    assert isinstance(where, Logic) and where.op == "OR"
    left = where.parts[0]
    assert left.op == "AND" and left.parts[0].op == "NOT" and isinstance(left.parts[0].parts[0], Compare)


def test_literals_and_keywords_any_case():
    q = parse("select Id, Account.Name from Contact where Title in ('a\\'b', 'c') and SystemModstamp > "
              "2026-12-01T10:00:00.000+0000 and CreatedDate < 2026-12-01T10:00:00Z and Birthdate = 2026-01-02 "
              "and Amount >= -1.5 and IsDeleted = FALSE and Email != null order by Name desc nulls last limit 5")
    assert q.fields == [("Id",), ("Account", "Name")] and q.obj == "Contact" and q.limit == 5
    kinds = []
    node = q.where
    stack = [node]
    while stack:
        node = stack.pop()
        if isinstance(node, Logic):
            stack.extend(reversed(node.parts))
        elif isinstance(node, In):
            kinds.append(("in", tuple(v.value for v in node.values)))
        else:
            kinds.append((node.op, node.value.kind))
    assert kinds == [("in", ("a'b", "c")), (">", "datetime"), ("<", "datetime"), ("=", "date"), (">=", "number"),
                     ("=", "boolean"), ("!=", "null")]
    assert q.order[0].descending and not q.order[0].nulls_first


@pytest.mark.parametrize("text", ["SELECT FROM Contact", "SELECT Id FROM", "SELECT Id FROM Contact WHERE",
                                  "SELECT Id FROM Contact WHERE Name = 'open", "SELECT Id FROM Contact LIMIT x",
                                  "SELECT Id FROM Contact WHERE Name ~ 'x'", "SELECT Id, FROM Contact",
                                  "SELECT COUNT(Id) FROM Contact", "SELECT Id FROM Contact WHERE (Name = 'a'"])
def test_malformed_queries(text):
    with pytest.raises(SoqlError) as bad:
        parse(text)
    assert bad.value.code == "MALFORMED_QUERY"


@given(st.text(max_size=60))
def test_any_text_parses_or_is_malformed(text):
    try:
        parse(text)
    except SoqlError as exc:
        assert exc.code == "MALFORMED_QUERY"


# -- what queries select, against a small org -------------------------------------------------------------
TITLES = [None, "CFO", "cfo", "VP Sales", "O'Brien & Co", "100%", "a_b", "\\"]
NAMES = st.text(alphabet="aAbB'%_\\ é", max_size=4)
ROWS = st.lists(st.fixed_dictionaries({"LastName": NAMES, "Title": st.sampled_from(TITLES),
                                       "Department": st.sampled_from([None, "Ops", "ops", "Eng"])}),
                max_size=12)


def org(rows):
    schema = Schema()
    store = Store(schema, Clock())
    for row in rows:
        store.create("Contact", dict(row))
    return schema, store


def run(schema, store, where: str, order: str = "") -> list[str]:
    text = f"SELECT Id FROM Contact{' WHERE ' + where if where else ''}{' ORDER BY ' + order if order else ''}"
    p = plan(schema, text, store.get)
    return [r["Id"] for r in p.run(list(store.tables["Contact"].values()), include_deleted=False)]


CONDITIONS = st.one_of(
    st.builds(lambda t: f"Title = {quote(t)}", st.sampled_from([t for t in TITLES if t])),
    st.builds(lambda t: f"Title != {quote(t)}", st.sampled_from([t for t in TITLES if t])),
    st.just("Title = null"), st.just("Department != null"),
    st.builds(lambda ts: f"Department IN ({', '.join(quote(t) for t in ts)})",
              st.lists(st.sampled_from(["Ops", "Eng", "x"]), min_size=1, max_size=3)),
    st.builds(lambda n: f"LastName LIKE {quote(n)}", NAMES),
    st.builds(lambda n: f"LastName < {quote(n)}", NAMES),
)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(ROWS, CONDITIONS, CONDITIONS)
def test_and_or_not_are_set_operations(rows, a, b):
    schema, store = org(rows)
    everyone = set(run(schema, store, ""))
    left, right = set(run(schema, store, a)), set(run(schema, store, b))
    assert set(run(schema, store, f"{a} AND {b}")) == left & right
    assert set(run(schema, store, f"({a}) OR ({b})")) == left | right
    assert set(run(schema, store, f"NOT ({a})")) == everyone - left
    assert set(run(schema, store, f"NOT {a} AND NOT {b}")) == everyone - (left | right)


@settings(max_examples=60)
@given(ROWS, NAMES)
def test_string_literals_round_trip(rows, name):
    schema, store = org(rows)
    expected = {r["Id"] for r in store.tables["Contact"].values() if r["LastName"].casefold() == name.casefold()}
    assert set(run(schema, store, f"LastName = {quote(name)}")) == expected
    # LIKE with every wildcard escaped is equality again
    literal = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_").replace("'", "\\'")
    assert set(run(schema, store, f"LastName LIKE '{literal}'")) == expected


@settings(max_examples=60)
@given(ROWS, st.booleans(), st.booleans())
def test_order_by_sorts_with_nulls_where_asked(rows, descending, nulls_first):
    schema, store = org(rows)
    order = f"Title {'DESC' if descending else 'ASC'} NULLS {'FIRST' if nulls_first else 'LAST'}"
    titles = [store.get(i)["Title"] for i in run(schema, store, "", order)]
    present = [t.casefold() for t in titles if t is not None]
    assert present == sorted(present, reverse=descending)
    nulls = titles.count(None)
    assert titles[:nulls] == [None] * nulls if nulls_first else titles[len(titles) - nulls:] == [None] * nulls


def test_type_checks_like_salesforce():
    schema, store = org([])
    for where, code in [("SystemModstamp > 2026-01-01", "INVALID_FIELD"),
                        ("SystemModstamp > '2026-01-01T00:00:00Z'", "INVALID_FIELD"),
                        ("LastName = 5", "INVALID_FIELD"), ("IsDeleted > true", "INVALID_FIELD"),
                        ("AccountId = 'nope'", "INVALID_QUERY_FILTER_OPERATOR"),
                        ("Account.Nope = 'x'", "INVALID_FIELD"), ("Nope.Name = 'x'", "INVALID_FIELD"),
                        ("Email LIKE 5", "INVALID_FIELD")]:
        with pytest.raises(SoqlError) as bad:
            run(schema, store, where)
        assert bad.value.code == code, where


def test_long_text_areas_cannot_be_filtered_or_sorted():
    schema, store = org([])
    for text in ("SELECT Id FROM Task WHERE Description = 'x'", "SELECT Id FROM Event ORDER BY Description"):
        with pytest.raises(SoqlError) as bad:
            plan(schema, text, store.get)
        assert bad.value.code == "INVALID_FIELD" and "Description" in bad.value.message
    assert plan(schema, "SELECT Description FROM Task", store.get).columns[0].header == "Description"


def test_ids_match_in_15_or_18_characters_and_datetimes_in_any_zone():
    schema, store = org([{"LastName": "A"}])
    row = next(iter(store.tables["Contact"].values()))
    assert run(schema, store, f"Id = '{row['Id'][:15]}'") == [row["Id"]]
    stamp = row["SystemModstamp"]  # e.g. 2026-12-08T01:36:14.802+0000
    shifted = f"{stamp[:10]}T{stamp[11:19]}.{stamp[20:23]}+0000".replace("+0000", "Z")
    assert run(schema, store, f"SystemModstamp = {shifted}") == [row["Id"]]
    assert run(schema, store, f"SystemModstamp > {stamp[:19]}+01:00") == [row["Id"]]


def test_date_literals_cover_whole_days_of_the_org_clock():
    from datetime import date, datetime
    schema = Schema()
    clock = Clock()
    clock.set(datetime(2026, 12, 8, 23, 59))
    store = Store(schema, clock)
    days = {d: store.create("Task", {"ActivityDate": f"2026-12-{d:02d}"})["Id"] for d in (1, 7, 8, 9, 10, 20)}
    store.create("Task", {})

    def found(where: str) -> list[int]:
        p = plan(schema, f"SELECT Id FROM Task WHERE {where}", store.get, date(2026, 12, 8))
        ids = {r["Id"] for r in p.run(list(store.tables["Task"].values()), include_deleted=False)}
        return [d for d, i in days.items() if i in ids]

    assert found("ActivityDate = TODAY") == [8]
    assert found("ActivityDate = LAST_N_DAYS:7") == [1, 7, 8]
    assert found("ActivityDate = NEXT_N_DAYS:2") == [9, 10]
    assert found("ActivityDate < YESTERDAY") == [1]
    assert found("ActivityDate > TOMORROW") == [10, 20]
    assert found("ActivityDate = N_DAYS_AGO:1") == [7]
    assert found("CreatedDate = TODAY") == [1, 7, 8, 9, 10, 20]  # a datetime field: all written today
    assert found("CreatedDate < TODAY") == [] and found("CreatedDate = LAST_N_DAYS:1") == [1, 7, 8, 9, 10, 20]
    with pytest.raises(SoqlError):
        found("Subject = TODAY")
