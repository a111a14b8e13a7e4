"""`bot.py import|export|demo` through kambot.cli.main, against the test database."""
import io
import sys

from kambot.importexport.importer import Progress
from tests.importexport.helpers import ACCOUNTS, CONTACTS, write_file as _file


def test_import_then_export_to_stdout(cli, tmp_path):
    status, out, err = cli("import", "accounts", _file(tmp_path, "a.csv", ACCOUNTS), "--team", "T1")
    assert (status, out) == (0, "imported 3 accounts: 3 new, 0 updated, 0 unchanged\n")
    status, out, _ = cli("import", "accounts", _file(tmp_path, "a.csv", ACCOUNTS), "--team", "T1")
    assert (status, out) == (0, "imported 3 accounts: 0 new, 0 updated, 3 unchanged\n")
    status, out, err = cli("export", "accounts", "--team", "T1")
    assert status == 0
    assert out == (  # stdout carries the CSV and nothing else
        "name,aliases,owner,tier,annual_revenue,renewal_date,industry\n"
        "Acme Corp,ACME;Acme,U_ANA,A,4500000,2027-03-31,Manufacturing\n"
        "Globex,,U_BEN,B,650000.5,,Energy\n"
        "Initech,Initrode,U_BEN,C,,2027-09-30,\n"
    )


def test_a_rejected_file_lists_every_problem_and_fails(cli, tmp_path):
    cli("import", "accounts", _file(tmp_path, "a.csv", ACCOUNTS), "--team", "T1")
    bad = CONTACTS + "Nowhere,Lost Soul,,,,,,,\nGlobex,Bad Role,,,,boss,,,\n"
    status, out, err = cli("import", "contacts", _file(tmp_path, "c.csv", bad), "--team", "T1")
    assert status == 1
    assert out == ""
    assert "c.csv: rejected, nothing imported: 2 problem(s) in 2 line(s)" in err
    assert "  line 6: unknown account 'Nowhere'\n" in err
    assert "  line 7: role: unknown role 'boss'" in err
    _, out, _ = cli("export", "contacts", "--team", "T1")
    assert out == "account,name,title,department,email,role,reports_to,relationship_owner,status,stance,influence\n"


def test_skip_invalid_imports_the_rest_and_lists_what_it_skipped(cli, tmp_path):
    cli("import", "accounts", _file(tmp_path, "a.csv", ACCOUNTS), "--team", "T1")
    bad = CONTACTS + "Nowhere,Lost Soul,,,,,,,\n"
    status, out, err = cli("import", "contacts", _file(tmp_path, "c.csv", bad), "--team", "T1", "--skip-invalid")
    assert status == 0
    assert out == "imported 4 contacts: 4 new, 0 updated, 0 unchanged; skipped 1 invalid\n"
    assert "c.csv: skipped 1 invalid row(s):\n  line 6: unknown account 'Nowhere'\n" in err


def test_missing_columns_fail_even_with_skip_invalid(cli, tmp_path):
    path = _file(tmp_path, "c.csv", "name\nAna\n")
    status, _, err = cli("import", "contacts", path, "--team", "T1", "--skip-invalid")
    assert status == 1
    assert "line 1: missing column 'account'" in err


def test_stdin_bom_and_windows_1252(cli, tmp_path, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("\ufeffName, Tier \nAcme,a\n".encode("utf-8"))))
    assert cli("import", "accounts", "-", "--team", "T1")[:2] == \
        (0, "imported 1 accounts: 1 new, 0 updated, 0 unchanged\n")
    status, _, err = cli("import", "accounts", _file(tmp_path, "w.csv", b"name,industry\nCaf\xe9 Sol,Caf\xe9s\n"),
                         "--team", "T1")
    assert status == 0
    assert "not UTF-8, read as Windows-1252" in err
    assert cli("export", "accounts", "--team", "T1")[1].splitlines()[1:] == ["Acme,,,A,,,", "Café Sol,,,B,,,Cafés"]


def test_export_to_a_file(cli, tmp_path):
    cli("import", "accounts", _file(tmp_path, "a.csv", ACCOUNTS), "--team", "T1")
    target = tmp_path / "out" / "accounts.csv"
    target.parent.mkdir()
    status, out, err = cli("export", "accounts", "--team", "T1", "-o", str(target))
    assert (status, out) == (0, "")
    assert f"exported 3 accounts to {target}" in err
    assert target.read_text(encoding="utf-8").startswith("name,aliases,owner,tier")


def test_unreadable_file(cli, tmp_path):
    status, _, err = cli("import", "accounts", str(tmp_path / "nope.csv"), "--team", "T1")
    assert status == 2
    assert "nope.csv: cannot read" in err


def test_long_files_report_progress(cli, tmp_path):
    rows = "".join(f"Account {i},C\n" for i in range(10_500))
    status, out, err = cli("import", "accounts", _file(tmp_path, "big.csv", "name,tier\n" + rows), "--team", "T1")
    assert (status, out) == (0, "imported 10,500 accounts: 10,500 new, 0 updated, 0 unchanged\n")
    assert [line.split(" (")[0] for line in err.splitlines() if line.startswith("accounts: ")] == \
        ["accounts: 10,000 rows"]


def test_progress_only_on_a_terminal_or_for_long_files():
    quiet, loud = io.StringIO(), io.StringIO()
    loud.isatty = lambda: True
    for stream in (quiet, loud):
        progress = Progress("touchpoints", stream, every=1000)
        for rows in range(1, 6_001):
            progress.update(rows)
    assert [line.split(" (")[0] for line in quiet.getvalue().splitlines()] == ["touchpoints: 6,000 rows"]
    assert len(loud.getvalue().splitlines()) == 6


def test_demo_command_resets_the_demo_workspace(cli):
    status, out, _ = cli("demo", "--team", "T_DEMO")
    assert (status, out) == (0, "demo workspace T_DEMO reset: 10 accounts, 40 contacts, 100 touchpoints\n")
    status, out, _ = cli("export", "touchpoints", "--team", "T_DEMO")
    assert len(out.splitlines()) == 101
