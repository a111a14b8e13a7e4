"""Export: canonical headers, stable order, and export -> import -> export giving the same bytes."""
from datetime import date

from kambot.config import DATA_DIR
from kambot.importexport.exporter import format_amount
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.accounts import account_by_name
from kambot.storage.touchpoints import create_touchpoint
from tests.importexport.helpers import KINDS, export, load, load_sample


def test_export_uses_canonical_headers_and_stable_order(engine):
    load_sample(engine)
    assert export(engine, "accounts") == (
        "name,aliases,owner,tier,annual_revenue,renewal_date,industry\n"
        "Acme Corp,ACME;Acme,U_ANA,A,4500000,2027-03-31,Manufacturing\n"
        "Globex,,U_BEN,B,650000.5,,Energy\n"
        "Initech,Initrode,U_BEN,C,,2027-09-30,\n"
    )
    assert export(engine, "contacts") == (
        "account,name,title,department,email,role,reports_to,relationship_owner,status,stance,influence\n"
        "Acme Corp,Robert Hale,CEO,Executive,robert@acme.example,decision_maker,,,active,,\n"
        "Acme Corp,Sarah Mitchell,CFO,Finance,sarah@acme.example,economic_buyer,Robert Hale,U_BEN,active,,\n"
        "Acme Corp,Tom Becker,Buyer,Procurement,,blocker,Sarah Mitchell,,left,,\n"
        "Globex,Kevin Walsh,Head of Engineering,Engineering,kevin@globex.example,champion,,U_BEN,active,,\n"
    )
    assert export(engine, "touchpoints") == (
        "account,occurred_on,kind,contacts,participants,summary,next_step,next_step_due,logged_by\n"
        "Acme Corp,2026-11-02,meeting,Robert Hale;Sarah Mitchell,U_ANA;U_BEN,"
        '"QBR, went well",Send deck,2026-11-09,U_ANA\n'
        "Globex,2026-11-03,call,Kevin Walsh,U_BEN,Call about rollout,,,U_BEN\n"
        'Acme Corp,2026-11-04,email,,,"Sent pricing\n(two lines)",,,\n'
    )


def test_an_empty_team_exports_just_the_header(engine):
    assert export(engine, "touchpoints", team="T_EMPTY") == \
        "account,occurred_on,kind,contacts,participants,summary,next_step,next_step_due,logged_by\n"


def test_round_trip_of_the_demo_data_is_byte_identical(engine):
    for kind in KINDS:
        result = load(engine, kind, (DATA_DIR / "demo" / f"{kind}.csv").read_text(encoding="utf-8"), team="T1")
        assert not result.problems
    first = {kind: export(engine, kind, team="T1") for kind in KINDS}
    for kind in KINDS:
        assert not load(engine, kind, first[kind], team="T2").problems
    assert {kind: export(engine, kind, team="T2") for kind in KINDS} == first
    # and importing its own export into the first team is a no-op
    again = [load(engine, kind, first[kind], team="T1") for kind in KINDS]
    assert [(r.new, r.updated, r.unchanged) for r in again] == [(0, 0, 10), (0, 0, 40), (0, 0, 100)]
    assert {kind: export(engine, kind, team="T1") for kind in KINDS} == first


def test_homonyms_are_exported_by_email_so_they_round_trip(engine):
    load(engine, "accounts", "name\nAcme\n")
    with session_scope(engine) as session:  # two Ana Ruiz at one account, made the way commands make them
        acme = account_by_name(session, team_id="T1", name="Acme")
        boss = create_contact(session, team_id="T1", account_id=acme.id, name="Ana Ruiz", email="ana.a@acme.example")
        other = create_contact(session, team_id="T1", account_id=acme.id, name="Ana Ruiz", email="ana.b@acme.example",
                               reports_to_id=boss.id)
        create_touchpoint(session, team_id="T1", account_id=acme.id, occurred_on=date(2026, 11, 2), kind="call",
                          summary="both of them", contact_ids=[other.id, boss.id], participants=["U_ANA"])
    first = {kind: export(engine, kind) for kind in KINDS}
    assert "Acme,Ana Ruiz,,,ana.b@acme.example,,ana.a@acme.example,,active" in first["contacts"]
    assert "ana.a@acme.example;ana.b@acme.example" in first["touchpoints"]
    for kind in KINDS:
        assert not load(engine, kind, first[kind], team="T2").problems
    assert {kind: export(engine, kind, team="T2") for kind in KINDS} == first


def test_amounts_read_back_exactly():
    assert [format_amount(v) for v in (None, 4_500_000.0, 1_500_000.5, 0.1, 1e20)] == \
        ["", "4500000", "1500000.5", "0.1", "100000000000000000000"]
