"""Stance and influence in CSV: read in English or Spanish (accents and gender optional), exported canonical,
read back unchanged, kept per team."""
from tests.importexport.helpers import export, load

ACCOUNTS = "name,owner,tier\nAcme Corp,U_ANA,A\n"


def test_stance_and_influence_round_trip_in_both_languages(engine):
    load(engine, "accounts", ACCOUNTS)
    result = load(engine, "contacts", (
        "account,name,stance,influence\n"
        "Acme Corp,Ana Ruiz,Supporter,High\n"
        "Acme Corp,Bo Berg,no partidaria,media\n"
        "Acme Corp,Cy Diaz,Detractora,baja\n"
        "Acme Corp,Di Eto,mentora,alta\n"
        "Acme Corp,Ed Fox,neutral,\n"))
    assert not result.problems
    exported = export(engine, "contacts")
    assert exported.splitlines() == [
        "account,name,title,department,email,role,reports_to,relationship_owner,status,stance,influence",
        "Acme Corp,Ana Ruiz,,,,,,,active,supporter,high",
        "Acme Corp,Bo Berg,,,,,,,active,non_supporter,medium",
        "Acme Corp,Cy Diaz,,,,,,,active,detractor,low",
        "Acme Corp,Di Eto,,,,,,,active,mentor,high",
        "Acme Corp,Ed Fox,,,,,,,active,neutral,",
    ]
    load(engine, "accounts", ACCOUNTS, team="T2")
    assert not load(engine, "contacts", exported, team="T2").problems
    assert export(engine, "contacts", team="T2") == exported
    # the same file again changes nothing; another team's file never touches T1
    assert not load(engine, "contacts", exported).problems and export(engine, "contacts") == exported
    load(engine, "contacts", "account,name,stance\nAcme Corp,Ana Ruiz,detractor\n", team="T2")
    assert "Ana Ruiz,,,,,,,active,supporter,high" in export(engine, "contacts")
    assert "Ana Ruiz,,,,,,,active,detractor,high" in export(engine, "contacts", team="T2")


def test_postura_and_influencia_headers_and_a_bad_value(engine):
    load(engine, "accounts", ACCOUNTS)
    assert not load(engine, "contacts", "account,name,Postura,Influencia\nAcme Corp,Ana Ruiz,partidário,ALTA\n").problems
    assert "Ana Ruiz,,,,,,,active,supporter,high" in export(engine, "contacts")
    problems = load(engine, "contacts", "account,name,stance,influence\nAcme Corp,Ana Ruiz,friendly,huge\n").problems
    assert sorted(str(p) for p in problems) == [
        "line 2: influence: unknown influence 'huge' (high, medium or low; alta, media o baja)",
        "line 2: stance: unknown stance 'friendly' (mentor, supporter, neutral, non-supporter or detractor; "
        "mentor, partidario, neutral, no partidario, detractor)"]
