"""Owners in a file (names, emails, Slack ids) become Slack users through `bot.py import`, asking the fake Slack."""
from kambot.config import DEFAULT_SCOPES
from tests.importexport.helpers import write_file

SALESFORCE_ACCOUNTS = (
    '"Account Name","Account Owner","Industry"\n'
    '"Acme Corp","ana lopez","Manufacturing"\n'  # real name "Ana López": case and accents folded
    '"Globex","BEN@corp.example","Energy"\n'  # an email: users.lookupByEmail
    '"Hooli","Ben@corp.example","Tech"\n'  # the same email again: asked once
    '"Initech","Cora","Software"\n'  # a display name
    '"Massive Dynamic","Dana Cruz","Science"\n'  # two Slack users have this name: nobody is guessed
    '"Soylent","Carl Gone","Food"\n'  # a deleted user
    '"Umbrella","Ana Torres","Pharma"\n'  # nobody
    '"Vandelay","Ana Torres","Import"\n'
    '"Wonka","U09XYZ123","Candy"\n'  # already a Slack id
    '"Zorg","nobody@corp.example","Arms"\n'
)


def _workspace(fake, fillers: int = 0) -> None:
    fake.set_user("U01ANA", name="Ana López", display_name="ana.lopez")
    fake.set_user("U02BEN", name="Benjamin Ortiz", email="ben@corp.example")
    fake.set_user("U03CORA", name="Cora Lindqvist", display_name="Cora")
    fake.set_user("U04DANA", name="Dana Cruz")
    fake.set_user("U05DANA", name="Dana Cruz", display_name="dana.c")
    fake.set_user("U06CARL", name="Carl Gone", deleted=True)
    for i in range(fillers):  # more than one page of users.list
        fake.set_user(f"U9{i:04d}", name=f"Filler Person {i}")


def _owners(cli, team: str = "T1") -> list[tuple[str, str]]:
    _, out, _ = cli("export", "accounts", "--team", team)
    return [(row.split(",")[0], row.split(",")[2]) for row in out.splitlines()[1:]]


def test_salesforce_owners_become_slack_users_and_the_rest_are_listed(slack_cli, fake, tmp_path):
    _workspace(fake, fillers=250)
    status, out, err = slack_cli("import", "accounts", write_file(tmp_path, "a.csv", SALESFORCE_ACCOUNTS),
                                 "--team", "T1")
    assert status == 0
    assert out == "imported 10 accounts: 10 new, 0 updated, 0 unchanged; 5 owner(s) not found in Slack, left empty\n"
    assert _owners(slack_cli) == [
        ("Acme Corp", "U01ANA"), ("Globex", "U02BEN"), ("Hooli", "U02BEN"), ("Initech", "U03CORA"),
        ("Massive Dynamic", ""), ("Soylent", ""), ("Umbrella", ""), ("Vandelay", ""), ("Wonka", "U09XYZ123"),
        ("Zorg", ""),
    ]
    assert "a.csv: 4 owner(s) match no Slack user; their rows were imported with no owner" in err
    assert err.index("  Ana Torres: 2 row(s)\n") < err.index("  Carl Gone: 1 row(s)\n")
    assert "  Dana Cruz: 1 row(s) (2 Slack users have this name: write their email instead)\n" in err
    assert "  nobody@corp.example: 1 row(s)\n" in err
    assert "no Slack credentials" not in err
    # users.list read once, page by page; each email asked once; every call with the bot token
    pages = fake.calls("users.list")
    assert [c.params.get("cursor") for c in pages] == [None, "page:200"]
    assert sorted(c.params["email"] for c in fake.calls("users.lookupByEmail")) == \
        ["ben@corp.example", "nobody@corp.example"]
    assert {c.token for c in fake.calls()} == {"xoxb-test"}


def test_contact_owners_and_activity_assignees_too(slack_cli, fake, tmp_path):
    _workspace(fake)
    slack_cli("import", "accounts", write_file(tmp_path, "a.csv", "name\nAcme Corp\n"), "--team", "T1")
    contacts = "First Name,Last Name,Contact Owner,Account Name\nRobert,Hale,Ana Lopez,Acme Corp\n"
    assert slack_cli("import", "contacts", write_file(tmp_path, "c.csv", contacts), "--team", "T1")[0] == 0
    activities = ("Subject,Name,Company / Account,Activity Date,Assigned,Type\n"
                  "Call,Robert Hale,Acme Corp,9/3/2026,ben@corp.example,Call\n"
                  "Prep,,Acme Corp,9/4/2026,Ana Torres,Task\n")
    status, out, err = slack_cli("import", "touchpoints", write_file(tmp_path, "t.csv", activities), "--team", "T1")
    assert status == 0 and "1 owner(s) not found in Slack" in out and "  Ana Torres: 1 row(s)" in err
    assert slack_cli("export", "contacts", "--team", "T1")[1].splitlines()[1] == \
        "Acme Corp,Robert Hale,,,,,,U01ANA,active,,"
    assert slack_cli("export", "touchpoints", "--team", "T1")[1].splitlines()[1:] == [
        "Acme Corp,2026-09-03,call,Robert Hale,,Call,,,U02BEN",
        "Acme Corp,2026-09-04,other,,,Prep,,,",
    ]


def test_strict_refuses_the_whole_file_and_lists_the_unknown_owners(slack_cli, fake, tmp_path):
    _workspace(fake)
    path = write_file(tmp_path, "a.csv", SALESFORCE_ACCOUNTS)
    status, out, err = slack_cli("import", "accounts", path, "--team", "T1", "--strict")
    assert (status, out) == (1, "")
    assert "a.csv: refused (--strict), nothing imported: 4 owner(s) match no Slack user:\n" in err
    assert "  Ana Torres: 2 row(s)\n" in err
    assert _owners(slack_cli) == []
    good = '"Account Name","Account Owner"\n"Acme Corp","Ana López"\n'
    assert slack_cli("import", "accounts", write_file(tmp_path, "g.csv", good), "--team", "T1", "--strict")[:2] == \
        (0, "imported 1 accounts: 1 new, 0 updated, 0 unchanged\n")


def test_without_slack_credentials_only_slack_ids_are_kept(cli, tmp_path):
    status, out, err = cli("import", "accounts", write_file(tmp_path, "a.csv", SALESFORCE_ACCOUNTS), "--team", "T1")
    assert status == 0 and "9 owner(s) not found in Slack, left empty" in out
    assert [owner for _, owner in _owners(cli)] == ["", "", "", "", "", "", "", "", "U09XYZ123", ""]
    assert "  Ana Torres: 2 row(s)\n" in err and "no Slack credentials for this workspace" in err
    assert "AnaTorres" not in cli("export", "accounts", "--team", "T1")[1]


def test_when_slack_cannot_be_asked_nothing_is_imported(slack_cli, fake, tmp_path):
    fake.fail("users.list", "invalid_auth")
    status, out, err = slack_cli("import", "accounts", write_file(tmp_path, "a.csv", SALESFORCE_ACCOUNTS),
                                 "--team", "T1")
    assert (status, out) == (2, "")
    assert "a.csv: nothing imported: Slack could not say who the owners are (users.list: invalid_auth)" in err
    assert "Traceback" not in err
    assert _owners(slack_cli) == []


def test_the_app_asks_for_the_email_scope():
    assert "users:read.email" in DEFAULT_SCOPES.split(",")


def test_an_oauth_workspace_is_asked_with_its_own_token(cli, engine, fake, monkeypatch, tmp_path):
    from slack_sdk.oauth.installation_store import Installation
    from slack_sdk.oauth.installation_store.sqlalchemy import SQLAlchemyInstallationStore

    store = SQLAlchemyInstallationStore(client_id="111.222", engine=engine)
    store.create_tables()
    store.save(Installation(app_id="A1", team_id="T2", user_id="U_ADMIN", bot_token="xoxb-team-two", bot_id="B2",
                            bot_user_id="UBOT2"))
    for name, value in (("SLACK_CLIENT_ID", "111.222"), ("SLACK_CLIENT_SECRET", "s"), ("SLACK_API_URL", fake.base_url)):
        monkeypatch.setenv(name, value)
    _workspace(fake)
    path = write_file(tmp_path, "a.csv", '"Account Name","Account Owner"\n"Acme Corp","Ana López"\n')
    assert cli("import", "accounts", path, "--team", "T2")[:2] == \
        (0, "imported 1 accounts: 1 new, 0 updated, 0 unchanged\n")
    assert _owners(cli, "T2") == [("Acme Corp", "U01ANA")]
    assert {c.token for c in fake.calls("users.list")} == {"xoxb-team-two"}
    status, out, err = cli("import", "accounts", path, "--team", "T_NOT_INSTALLED")
    assert status == 0 and "  Ana López: 1 row(s)" in err and "no Slack credentials for this workspace" in err


def test_a_missing_email_scope_says_which_scope_and_imports_nothing(slack_cli, fake, tmp_path):
    fake.fail("users.lookupByEmail", "missing_scope", needed="users:read.email")
    path = write_file(tmp_path, "a.csv", "name,owner\nAcme Corp,ana@corp.example\n")
    status, out, err = slack_cli("import", "accounts", path, "--team", "T1")
    assert (status, out) == (2, "")
    assert ("Slack could not say who the owners are (users.lookupByEmail: missing_scope (the app needs the "
            "users:read.email scope: reinstall it))") in err
    assert _owners(slack_cli) == []
