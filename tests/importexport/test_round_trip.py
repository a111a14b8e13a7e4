"""`bot.py export` then `import` keeps every touch, the same file again adds none; touches with no contact import."""
from datetime import date

from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.touchpoints import create_touchpoint
from tests.importexport.helpers import KINDS, counts, write_file

HEADER = "account,occurred_on,kind,contacts,participants,summary,next_step,next_step_due,logged_by\n"


def _logged_twice(engine) -> None:
    """A team where the same call was logged twice, and two calls on one day share a summary."""
    with session_scope(engine) as session:
        acme = create_account(session, team_id="T1", name="Acme Corp", owner="U_ANA")
        ana = create_contact(session, team_id="T1", account_id=acme.id, name="Ana Ruiz")
        tom = create_contact(session, team_id="T1", account_id=acme.id, name="Tom Lee")
        for contact in (ana, ana, tom):
            create_touchpoint(session, team_id="T1", account_id=acme.id, occurred_on=date(2026, 11, 2), kind="call",
                              summary="Weekly check-in", contact_ids=[contact.id], participants=["U_ANA"],
                              logged_by="U_ANA")


def _export_all(cli, team: str, tmp_path) -> dict[str, str]:
    files = {}
    for kind in KINDS:
        path = tmp_path / f"{team}-{kind}.csv"
        assert cli("export", kind, "--team", team, "-o", str(path))[0] == 0
        files[kind] = str(path)
    return files


def test_export_then_import_into_an_empty_team_keeps_every_touch(cli, engine, tmp_path):
    _logged_twice(engine)
    files = _export_all(cli, "T1", tmp_path)
    exported = open(files["touchpoints"], encoding="utf-8").read()
    assert exported.count("Acme Corp,2026-11-02,call,Ana Ruiz,U_ANA,Weekly check-in,,,U_ANA\n") == 2
    results = [cli("import", kind, files[kind], "--team", "T2") for kind in KINDS]
    assert [status for status, _, _ in results] == [0, 0, 0]
    assert results[2][1] == ("imported 3 touchpoints: 3 new, 0 updated, 0 unchanged; 2 row(s) repeat an earlier "
                             "row's account, day, kind and summary, each kept as its own touch\n")
    assert counts(engine, "T2") == counts(engine, "T1") == {"accounts": 1, "contacts": 2, "touchpoints": 3}
    assert cli("export", "touchpoints", "--team", "T2")[1] == cli("export", "touchpoints", "--team", "T1")[1]
    # the same file again, into either team: every row finds its own touch, nothing is added
    for team in ("T2", "T1"):
        status, out, _ = cli("import", "touchpoints", files["touchpoints"], "--team", team)
        assert status == 0 and out.startswith("imported 3 touchpoints: 0 new, 0 updated, 3 unchanged; 2 row(s) repeat")
        assert counts(engine, team)["touchpoints"] == 3


def test_identical_rows_in_a_file_are_two_touches_and_a_third_copy_adds_one(cli, engine, tmp_path):
    cli("import", "accounts", write_file(tmp_path, "a.csv", "name\nAcme Corp\n"), "--team", "T1")
    row = "Acme Corp,2026-11-02,call,,U_ANA,Weekly check-in,,,U_ANA\n"
    assert cli("import", "touchpoints", write_file(tmp_path, "t.csv", HEADER + row * 2), "--team", "T1")[1] \
        .startswith("imported 2 touchpoints: 2 new, 0 updated, 0 unchanged; 1 row(s) repeat")
    assert cli("import", "touchpoints", write_file(tmp_path, "t3.csv", HEADER + row * 3), "--team", "T1")[1] \
        .startswith("imported 3 touchpoints: 1 new, 0 updated, 2 unchanged; 2 row(s) repeat")
    assert counts(engine)["touchpoints"] == 3
    # a changed next step updates one of them, in place
    changed = HEADER + row + row.replace(",,,U_ANA", ",Send deck,,U_ANA")
    assert cli("import", "touchpoints", write_file(tmp_path, "t4.csv", changed), "--team", "T1")[1] \
        .startswith("imported 2 touchpoints: 0 new, 1 updated, 1 unchanged")
    assert counts(engine)["touchpoints"] == 3
    assert cli("export", "touchpoints", "--team", "T1")[1].count("Send deck") == 1


def test_a_touch_with_no_contacts_imports(cli, engine, tmp_path):
    cli("import", "accounts", write_file(tmp_path, "a.csv", "name\nAcme Corp\nGlobex\n"), "--team", "T1")
    text = HEADER + "Globex,2026-11-03,meeting,,U_BEN,Internal prep for the QBR,,,U_BEN\n"
    status, out, err = cli("import", "touchpoints", write_file(tmp_path, "t.csv", text), "--team", "T1")
    assert (status, out) == (0, "imported 1 touchpoints: 1 new, 0 updated, 0 unchanged\n")
    assert "Traceback" not in err
    assert cli("export", "touchpoints", "--team", "T1")[1] == \
        HEADER + "Globex,2026-11-03,meeting,,U_BEN,Internal prep for the QBR,,,U_BEN\n"
    # Salesforce: an activity with no WhoId has an empty Name
    sf = "Subject,Name,Company / Account,Activity Date,Type\nPrep,,Acme Corp,9/4/2026,Task\n"
    assert cli("import", "touchpoints", write_file(tmp_path, "sf.csv", sf), "--team", "T1")[:2] == \
        (0, "imported 1 touchpoints: 1 new, 0 updated, 0 unchanged\n")


def test_an_emptied_contacts_cell_takes_the_contacts_off_the_touch(cli, engine, tmp_path):
    with session_scope(engine) as session:
        acme = create_account(session, team_id="T1", name="Acme Corp")
        ana = create_contact(session, team_id="T1", account_id=acme.id, name="Ana Ruiz")
        create_touchpoint(session, team_id="T1", account_id=acme.id, occurred_on=date(2026, 11, 2), kind="call",
                          summary="Check-in", contact_ids=[ana.id])
    text = HEADER + "Acme Corp,2026-11-02,call,,,Check-in,,,\n"
    assert cli("import", "touchpoints", write_file(tmp_path, "t.csv", text), "--team", "T1")[:2] == \
        (0, "imported 1 touchpoints: 0 new, 1 updated, 0 unchanged\n")
    assert cli("export", "touchpoints", "--team", "T1")[1] == HEADER + "Acme Corp,2026-11-02,call,,,Check-in,,,\n"


def test_repeated_rows_keep_the_file_order(cli, engine, tmp_path):
    cli("import", "accounts", write_file(tmp_path, "a.csv", "name\nAcme Corp\n"), "--team", "T1")
    rows = ["Acme Corp,2026-11-02,call,,,Check-in,,,U_ANA\n", "Acme Corp,2026-11-02,call,,,Pricing,,,U_ANA\n",
            "Acme Corp,2026-11-02,call,,,Check-in,,,U_BEN\n"]
    path = write_file(tmp_path, "t.csv", HEADER + "".join(rows))
    assert cli("import", "touchpoints", path, "--team", "T1")[0] == 0
    assert cli("export", "touchpoints", "--team", "T1")[1] == HEADER + "".join(rows)
    # again, with the repeated rows swapped: each finds its identical touch, nothing changes
    swapped = write_file(tmp_path, "s.csv", HEADER + rows[2] + rows[1] + rows[0])
    assert cli("import", "touchpoints", swapped, "--team", "T1")[1].startswith(
        "imported 3 touchpoints: 0 new, 0 updated, 3 unchanged; 1 row(s) repeat")
