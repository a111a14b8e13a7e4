"""Importing CSV into a team: canonical and Salesforce files, upserts, validation (SQLite and PostgreSQL)."""
from datetime import date

from sqlalchemy import select

from kambot.storage.accounts import account_by_name, accounts_version, list_accounts
from kambot.storage.db import session_scope
from kambot.storage.models import AccountName, Contact, Touchpoint, TouchpointContact, TouchpointParticipant
from tests.importexport.helpers import ACCOUNTS, CONTACTS, TOUCHPOINTS, counts, export, load, load_sample


def _contacts(engine, team="T1") -> dict[str, Contact]:
    with session_scope(engine) as session:
        return {c.name: c for c in session.execute(select(Contact).where(Contact.team_id == team)).scalars()}


def test_canonical_files_import_every_field(engine):
    load_sample(engine)
    with session_scope(engine) as session:
        acme, globex, initech = list_accounts(session, team_id="T1")
        names = session.execute(select(AccountName.name_norm).where(AccountName.account_id == acme.id)).scalars()
        version = accounts_version(session, team_id="T1")
    assert (acme.name, acme.aliases, acme.owner, acme.tier, acme.annual_revenue, acme.renewal_date, acme.industry) == \
        ("Acme Corp", "ACME;Acme", "U_ANA", "A", 4_500_000.0, date(2027, 3, 31), "Manufacturing")
    assert sorted(names) == ["acme", "acme corp"]
    assert (globex.tier, globex.annual_revenue, globex.renewal_date) == ("B", 650000.5, None)
    assert initech.annual_revenue is None
    assert version == 1  # bumped once for the whole file
    people = _contacts(engine)
    assert people["Sarah Mitchell"].role == "economic_buyer"
    assert people["Sarah Mitchell"].reports_to_id == people["Robert Hale"].id  # named before he appears
    assert people["Tom Becker"].account_id == acme.id  # by alias
    assert (people["Tom Becker"].role, people["Tom Becker"].status) == ("blocker", "left")
    assert (people["Kevin Walsh"].email, people["Kevin Walsh"].role, people["Kevin Walsh"].status) == \
        ("kevin@globex.example", "champion", "active")
    assert people["Kevin Walsh"].first_norm == "kevin"
    with session_scope(engine) as session:
        qbr, call, mail = session.execute(select(Touchpoint).where(Touchpoint.team_id == "T1")
                                          .order_by(Touchpoint.id)).scalars()
        links = set(session.execute(select(TouchpointContact.touchpoint_id, TouchpointContact.contact_id)).all())
        ours = set(session.execute(select(TouchpointParticipant.touchpoint_id, TouchpointParticipant.user_id)).all())
    assert (qbr.kind, qbr.summary, qbr.next_step, qbr.next_step_due, qbr.logged_by, qbr.source) == \
        ("meeting", "QBR, went well", "Send deck", date(2026, 11, 9), "U_ANA", "import")
    assert (call.kind, mail.summary) == ("call", "Sent pricing\n(two lines)")
    assert links == {(qbr.id, people["Robert Hale"].id), (qbr.id, people["Sarah Mitchell"].id),
                     (call.id, people["Kevin Walsh"].id)}
    assert ours == {(qbr.id, "U_ANA"), (qbr.id, "U_BEN"), (call.id, "U_BEN")}


def test_importing_the_same_files_twice_changes_nothing(engine):
    load_sample(engine)
    before = {kind: export(engine, kind) for kind in ("accounts", "contacts", "touchpoints")}
    with session_scope(engine) as session:
        version = accounts_version(session, team_id="T1")
    again = [load(engine, kind, text) for kind, text in
             (("accounts", ACCOUNTS), ("contacts", CONTACTS), ("touchpoints", TOUCHPOINTS))]
    assert [(r.new, r.updated, r.unchanged) for r in again] == [(0, 0, 3), (0, 0, 4), (0, 0, 3)]
    assert counts(engine) == {"accounts": 3, "contacts": 4, "touchpoints": 3}
    assert {kind: export(engine, kind) for kind in before} == before
    with session_scope(engine) as session:
        assert accounts_version(session, team_id="T1") == version  # no name changed: caches stay valid


def test_changed_rows_are_updated_in_place(engine):
    load_sample(engine)
    result = load(engine, "accounts", "name,tier,aliases\nacme corp,B,ACME\nNew Co,,\n")
    assert (result.new, result.updated, result.unchanged) == (1, 1, 0)
    with session_scope(engine) as session:
        acme = account_by_name(session, team_id="T1", name="Acme Corp")
        names = sorted(session.execute(select(AccountName.name_norm)
                                       .where(AccountName.account_id == acme.id)).scalars())
        version = accounts_version(session, team_id="T1")
    # name follows the file; absent columns (owner, revenue...) are kept; aliases re-indexed
    assert (acme.name, acme.tier, acme.aliases, acme.owner, acme.annual_revenue) == \
        ("acme corp", "B", "ACME", "U_ANA", 4_500_000.0)
    assert names == ["acme", "acme corp"]
    assert version == 2
    touch = load(engine, "touchpoints", 'account,occurred_on,kind,summary,next_step,contacts\n'
                                        'Acme Corp,2026-11-02,meeting,"QBR, went well",Send the deck v2,Robert Hale\n')
    assert (touch.new, touch.updated) == (0, 1)
    assert counts(engine)["touchpoints"] == 3


def test_contacts_match_by_email_then_by_name_at_the_account(engine):
    load_sample(engine)
    result = load(engine, "contacts", "account,name,email,title\n"
                                      "Acme Corp,Sarah M. Mitchell,SARAH@acme.example,Chief Financial Officer\n"
                                      "Acme Corp,Tom Becker,tom@acme.example,\n"
                                      "Globex,Tom Becker,,\n")
    assert (result.new, result.updated, result.unchanged) == (1, 2, 0)
    people = _contacts(engine)
    assert people["Sarah M. Mitchell"].title == "Chief Financial Officer"  # same person, found by email
    assert people["Tom Becker"].email in ("tom@acme.example", None)
    with session_scope(engine) as session:
        toms = session.execute(select(Contact.account_id, Contact.email).where(Contact.name == "Tom Becker")).all()
    assert len(toms) == 2  # a Tom Becker at Globex is someone else


def test_reports_to_forward_references_and_chains(engine):
    load(engine, "accounts", "name\nAcme\nGlobex\n")
    result = load(engine, "contacts", "account,name,reports_to\n"
                                      "Acme,Dana Analyst,Mia Manager\n"
                                      "Acme,Mia Manager,Vic Director\n"
                                      "Acme,Vic Director,\n"
                                      "Globex,Mia Manager,\n")
    assert not result.problems
    people = _contacts(engine)
    with session_scope(engine) as session:
        rows = {(c.name, c.account_id): c for c in session.execute(select(Contact)).scalars()}
    acme_mia = next(c for (name, _), c in rows.items() if name == "Mia Manager" and c.reports_to_id)
    assert people["Dana Analyst"].reports_to_id == acme_mia.id  # Acme's Mia, not Globex's
    assert acme_mia.reports_to_id == people["Vic Director"].id
    # and a second file can point at people already stored
    assert not load(engine, "contacts", "account,name,reports_to\nAcme,Nora New,dana analyst\n").problems
    assert _contacts(engine)["Nora New"].reports_to_id == people["Dana Analyst"].id


def test_a_file_with_bad_rows_is_rejected_whole_with_every_problem(engine):
    load_sample(engine)
    before = {kind: export(engine, kind) for kind in ("accounts", "contacts", "touchpoints")}
    result = load(engine, "contacts", (
        "account,name,email,role,reports_to,status\n"
        "Acme Corp,Good Person,good@acme.example,champion,,\n"           # 2: fine
        "Nowhere Inc,Lost Person,,,,\n"                                   # 3: unknown account
        "Acme Corp,Role Person,,boss,,\n"                                 # 4: unknown role
        "Acme Corp,,,,,\n"                                                # 5: missing name
        "Acme Corp,\"Multi\nLine\",bad-email,,Nobody Here,retired\n"      # 6-7: email, status, manager
        "Acme Corp,Late Person,,,,\n"                                     # 8: fine
    ))
    assert [str(p) for p in result.problems] == [
        "line 3: unknown account 'Nowhere Inc'",
        "line 4: role: unknown role 'boss' (e.g. decision_maker, economic_buyer, champion, technical_buyer, "
        "influencer, user, blocker, or Decision Maker, decisor, campeón)",
        "line 5: missing name",
        "line 6: email: bad email 'bad-email'",
        "line 6: status: unknown status 'retired' (active or left)",
    ]
    assert {p.line for p in result.problems} == {3, 4, 5, 6}
    assert {kind: export(engine, kind) for kind in before} == before


def test_reports_to_problems_are_found_after_the_whole_file(engine):
    load_sample(engine)
    result = load(engine, "contacts", "account,name,reports_to\n"
                                      "Acme Corp,Ann One,Nobody Here\n"
                                      "Acme Corp,Ben Two,Ben Two\n"
                                      "Globex,Cy Three,Robert Hale\n")
    assert [str(p) for p in result.problems] == [
        "line 2: reports_to: 'Nobody Here' is not a contact at Acme Corp",
        "line 3: reports_to: a contact cannot report to themselves",
        "line 4: reports_to: 'Robert Hale' is not a contact at Globex",
    ]
    assert counts(engine)["contacts"] == 4


def test_touchpoint_rows_are_checked_against_the_team(engine):
    load_sample(engine)
    result = load(engine, "touchpoints", (
        "account,occurred_on,kind,contacts,summary\n"
        "Acme Corp,2026-11-20,call,Robert Hale,fine\n"
        "Acme Corp,2026-11-21,fax,,bad kind\n"
        "Acme Corp,21/11/2026,call,,bad date\n"
        "Acme Corp,2026-11-22,call,Kevin Walsh,Kevin is at Globex\n"
        "Umbrella,2026-11-22,call,,unknown account\n"
        "Globex,2026-11-23,call,,\n"
        "Globex,,call,,no date\n"
    ))
    assert [str(p) for p in result.problems] == [
        "line 3: kind: unknown kind 'fax' (call, email, meeting, meal, event, message or other)",
        "line 4: occurred_on: bad date '21/11/2026' (use YYYY-MM-DD, or M/D/YYYY as Salesforce exports)",
        "line 5: contacts: 'Kevin Walsh' is not a contact at Acme Corp",
        "line 6: unknown account 'Umbrella'",
        "line 7: missing summary",
        "line 8: missing occurred_on",
    ]
    assert counts(engine)["touchpoints"] == 3


def test_skip_invalid_imports_the_good_rows(engine):
    load_sample(engine)
    result = load(engine, "contacts", "account,name,reports_to\n"
                                      "Acme Corp,Ann One,\n"
                                      "Nowhere,Ben Two,\n"
                                      "Acme Corp,Cy Three,Ann One\n"
                                      "Acme Corp,Di Four,Ben Two\n"       # her manager's row was skipped
                                      "Acme Corp,Ed Five,Di Four\n",      # and so was hers
                  skip_invalid=True)
    assert [p.line for p in result.problems] == [3, 5, 6]
    assert (result.new, result.updated, result.unchanged) == (2, 0, 0)
    people = _contacts(engine)
    assert people["Cy Three"].reports_to_id == people["Ann One"].id
    assert "Di Four" not in people and "Ed Five" not in people


def test_skip_invalid_for_accounts_and_touchpoints(engine):
    result = load(engine, "accounts", "name,tier\nAcme,A\nBad,Q\nGlobex,c\n", skip_invalid=True)
    assert ([p.line for p in result.problems], result.new) == ([3], 2)
    result = load(engine, "touchpoints", "account,occurred_on,summary\nAcme,2026-01-02,ok\nNope,2026-01-02,x\n",
                  skip_invalid=True)
    assert ([p.line for p in result.problems], result.new) == ([3], 1)
    assert counts(engine) == {"accounts": 2, "contacts": 0, "touchpoints": 1}


def test_header_problems_reject_even_with_skip_invalid(engine):
    result = load(engine, "contacts", "name,email\nAna,ana@x.example\n", skip_invalid=True)
    assert [str(p) for p in result.problems] == ["line 1: missing column 'account' (found: name, email)"]
    assert not result.readable
    assert [str(p) for p in load(engine, "accounts", "").problems] == \
        ["line 1: the file is empty (expected a header line)"]


def test_salesforce_report_exports(engine):
    accounts = (
        '\ufeff"Account Name","Account Owner","Type","Industry","Annual Revenue","Billing City"\n'
        '"Acme Corp","Ana López","Customer - Direct","Manufacturing","$1,500,000.00","Dayton"\n'
        '"Globex","Ben Ortiz","Customer - Channel","Energy","USD 2.5M","Springfield"\n'
        '\n'
        '"Accounts with revenue"\n'
        '"Copyright (c) 2000-2026 salesforce.com, inc. All rights reserved."\n'
        '"Confidential Information - Do Not Distribute"\n'
        '"Generated By:  Ana López  11/27/2026 9:14 AM"\n'
    )
    contacts = (
        " First Name , Last Name ,Title,Department,Email,Reports To,Contact Owner,Account Name,Mailing City\n"
        "Robert,Hale,CEO,Executive,robert@acme.example,,Ana López,Acme Corp,Dayton\n"
        "Sarah,Mitchell,CFO,Finance,sarah@acme.example,Robert Hale,Ana López,Acme Corp,Dayton\n"
        "Kevin,Walsh,Head of Engineering,Engineering,kevin@globex.example,,Ben Ortiz,Globex,Springfield\n"
    )
    activities = (
        "Subject,Name,Company / Account,Task,Activity Date,Assigned,Type,Status,Comments\n"
        "Call,Robert Hale,Acme Corp,1,9/3/2026,Ana López,Call,Completed,Renewal budget approved\n"
        "Email: proposal,Kevin Walsh,Globex,1,9/14/2026,Ben Ortiz,Email,Completed,\n"
        "Quarterly review,Sarah Mitchell,Acme Corp,0,10/1/2026,Ana López,Meeting,Completed,QBR at HQ\n"
    )
    unmatched = []
    for kind, text in (("accounts", accounts), ("contacts", contacts), ("touchpoints", activities)):
        result = load(engine, kind, text)
        assert not result.problems, result.problems
        unmatched.append(result.unmatched)
    # Owners are names, not Slack users: with no Slack to ask, none is stored (test_owners.py asks Slack)
    assert unmatched == [{"Ana López": 1, "Ben Ortiz": 1}, {"Ana López": 2, "Ben Ortiz": 1},
                         {"Ana López": 2, "Ben Ortiz": 1}]
    assert export(engine, "accounts").splitlines()[1:] == [
        "Acme Corp,,,B,1500000,,Manufacturing",
        "Globex,,,B,2500000,,Energy",
    ]
    assert export(engine, "contacts").splitlines()[1:] == [
        "Acme Corp,Robert Hale,CEO,Executive,robert@acme.example,,,,active,,",
        "Acme Corp,Sarah Mitchell,CFO,Finance,sarah@acme.example,,Robert Hale,,active,,",
        "Globex,Kevin Walsh,Head of Engineering,Engineering,kevin@globex.example,,,,active,,",
    ]
    assert export(engine, "touchpoints").splitlines()[1:] == [
        "Acme Corp,2026-09-03,call,Robert Hale,,Call — Renewal budget approved,,,",
        "Globex,2026-09-14,email,Kevin Walsh,,Email: proposal,,,",
        "Acme Corp,2026-10-01,meeting,Sarah Mitchell,,Quarterly review — QBR at HQ,,,",
    ]


def test_teams_never_see_each_other(engine):
    load_sample(engine, team="T1")
    load(engine, "accounts", "name,owner,tier\nAcme Corp,U_ZED,C\n", team="T2")
    assert load(engine, "contacts", "account,name\nAcme Corp,Zoe Zed\nGlobex,Nope\n", team="T2").problems[0].message \
        == "unknown account 'Globex'"  # Globex exists, but in T1
    assert not load(engine, "contacts", "account,name,reports_to\nAcme Corp,Zoe Zed,\n", team="T2").problems
    result = load(engine, "touchpoints", "account,occurred_on,contacts,summary\nAcme Corp,2026-11-02,Robert Hale,x\n",
                  team="T2")
    assert str(result.problems[0]) == "line 2: contacts: 'Robert Hale' is not a contact at Acme Corp"
    assert export(engine, "accounts", team="T2").splitlines()[1:] == ["Acme Corp,,U_ZED,C,,,"]
    assert export(engine, "contacts", team="T2").splitlines()[1:] == ["Acme Corp,Zoe Zed,,,,,,,active,,"]
    assert counts(engine, "T1") == {"accounts": 3, "contacts": 4, "touchpoints": 3}
    assert counts(engine, "T2") == {"accounts": 1, "contacts": 1, "touchpoints": 0}
    # the same email in two workspaces is two people
    load(engine, "contacts", "account,name,email\nAcme Corp,Sarah Clone,sarah@acme.example\n", team="T2")
    assert _contacts(engine, "T1")["Sarah Mitchell"].name == "Sarah Mitchell"
    assert "Sarah Clone" in _contacts(engine, "T2")


def test_an_unclosed_quote_rejects_the_file_even_with_skip_invalid(engine):
    text = 'name,industry\nAcme,Retail\nGlobex,"Energy\nInitech,Software\nHooli,Tech\n'
    result = load(engine, "accounts", text, skip_invalid=True)
    assert not result.readable
    assert [str(p) for p in result.problems] == [
        "line 3: cannot read the CSV from here on: unexpected end of data (check the quotes on this line)"]
    assert counts(engine)["accounts"] == 0
    result = load(engine, "accounts", 'name,industry\nAcme,"Retail"s\n')
    assert [str(p) for p in result.problems] == [
        "line 2: cannot read the CSV from here on: ',' expected after '\"' (check the quotes on this line)"]


def test_control_characters_in_cells_are_not_stored(engine):
    load(engine, "accounts", "name,owner,industry\nAcme\x07 Corp,U1,Manu\x1b[31mfacturing\x00\n")
    load(engine, "contacts", "account,name,title\nAcme Corp,Jane\x08 Doe,C\u202eFO\n")
    load(engine, "touchpoints", "account,occurred_on,kind,contacts,summary,next_step\n"
                                "Acme Corp,2026-11-20,call,Jane Doe,Pricing\x00 call\x1b[0m,send\x07 deck\n")
    with session_scope(engine) as session:
        account = account_by_name(session, team_id="T1", name="Acme Corp")
        touch = session.execute(select(Touchpoint)).scalar_one()
    assert (account.name, account.industry) == ("Acme Corp", "Manufacturing")
    assert (_contacts(engine)["Jane Doe"].title, touch.summary, touch.next_step) == ("CFO", "Pricing call", "send deck")
