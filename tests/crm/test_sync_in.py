"""Salesforce in: the first load and each incremental sync, through simple-salesforce against the fake org."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from kambot.storage.models import Account, Contact, Snooze
from tests.crm.conftest import TEAM
from tests.crm.org import seed_org


def _accounts(engine) -> dict[str, Account]:
    with Session(engine) as session:
        return {a.name: a for a in session.execute(select(Account).where(Account.team_id == TEAM)).scalars()}


def _contacts(engine) -> dict[str, Contact]:
    with Session(engine) as session:
        return {c.name: c for c in session.execute(select(Contact).where(Contact.team_id == TEAM)).scalars()}


def test_first_load_brings_accounts_people_org_chart_roles_renewals_and_owners(engine, sf, fake, sync, now):
    org = seed_org(sf, fake)
    report = sync(now)
    assert report.error is None
    accounts, people = _accounts(engine), _contacts(engine)
    acme = accounts["Acme Corp"]
    assert (acme.crm_id, acme.owner, acme.tier, acme.annual_revenue, acme.industry) == (
        org.acme, "U_ANA", "A", 5_000_000, "Manufacturing")
    assert acme.renewal_date == date(2027, 6, 30)
    assert accounts["Globex"].owner is None  # Ben has no Slack user: no fake id, and he is listed as unmatched
    assert report.unmatched_users == ["Ben Ortiz"]
    maria, luis = people["María López"], people["Luis Gómez"]
    assert (maria.title, maria.department, maria.email, maria.role) == ("CFO", "Finance", "maria@acme.example",
                                                                       "economic_buyer")
    assert maria.relationship_owner == "U_ANA"
    assert luis.reports_to_id == maria.id and luis.role == "influencer"
    assert people["Jane Doe"].account_id == accounts["Globex"].id


def test_incremental_sync_follows_renames_moves_new_managers_and_deletions(engine, sf, fake, sync, now):
    org = seed_org(sf, fake)
    sync(now)
    first_ids = {name: a.id for name, a in _accounts(engine).items()}
    sf.update("Account", org.acme, {"Name": "Acme Corporation"})
    sf.update("Contact", org.luis, {"AccountId": org.globex, "ReportsToId": org.jane})
    sf.delete("Contact", org.maria)
    newcomer = sf.insert("Contact", {"AccountId": org.globex, "FirstName": "Zoe", "LastName": "Park"})
    before = len(sf.calls)
    report = sync(now + timedelta(minutes=15))
    assert report.error is None
    accounts, people = _accounts(engine), _contacts(engine)
    assert set(accounts) == {"Acme Corporation", "Globex"}  # renamed, not duplicated
    assert accounts["Acme Corporation"].id == first_ids["Acme Corp"]
    assert people["Luis Gómez"].account_id == accounts["Globex"].id
    assert people["Luis Gómez"].reports_to_id == people["Jane Doe"].id
    assert people["María López"].status == "left"
    assert people["Zoe Park"].crm_id == newcomer
    queries = [c.params["q"] for c in sf.calls[before:] if "q" in c.params and " FROM Contact " in c.params["q"] + " "]
    assert queries and all("SystemModstamp >=" in q for q in queries)  # only what changed is read
    assert "Acme Corporation" in str(_kam_lookup(engine, "acme corporation"))


def _kam_lookup(engine, text):
    from kambot.storage.accounts import account_by_name

    with Session(engine) as session:
        found = account_by_name(session, team_id=TEAM, name=text)
        return found.name if found else None


def test_kambot_only_data_survives_every_sync(engine, sf, fake, sync, kam, now):
    org = seed_org(sf, fake)
    sync(now)
    assert kam("/kam cadence Acme Corp 21").ok
    assert kam("/kam snooze Acme Corp 2 weeks").ok  # Ana owns Acme (its Salesforce owner is her)
    assert kam("/kam contact Globex: Jane Doe, role champion").ok
    assert kam("/kam contact Acme Corp: María López, stance mentor, influence high").ok
    assert kam("/kam contacto Globex: Jane Doe, postura detractora, influencia baja").ok
    assert kam("/kam log call with María López at Acme Corp yesterday about pricing").ok
    sf.update("Account", org.acme, {"AnnualRevenue": 6_000_000})
    sf.update("Contact", org.jane, {"Title": "Chief Technology Officer"})
    sync(now + timedelta(minutes=15), full=True)
    accounts, people = _accounts(engine), _contacts(engine)
    assert accounts["Acme Corp"].cadence_days == 21 and accounts["Acme Corp"].annual_revenue == 6_000_000
    assert people["Jane Doe"].role == "champion"  # no opportunity role in Salesforce: kambot's stands
    assert people["Jane Doe"].title == "Chief Technology Officer"
    assert (people["Jane Doe"].stance, people["Jane Doe"].influence) == ("detractor", "low")  # kambot-only
    assert (people["María López"].stance, people["María López"].influence) == ("mentor", "high")
    assert people["María López"].touch_count == 1
    with Session(engine) as session:
        assert session.get(Snooze, (TEAM, accounts["Acme Corp"].id)) is not None


def test_an_account_imported_from_csv_is_adopted_not_duplicated(engine, sf, fake, sync, now):
    from kambot.storage.accounts import create_account
    from kambot.storage.db import session_scope

    with session_scope(engine) as session:
        create_account(session, team_id=TEAM, name="Acme Corp", tier="B", cadence_days=10)
    org = seed_org(sf, fake)
    sync(now)
    accounts = _accounts(engine)
    assert set(accounts) == {"Acme Corp", "Globex"}
    assert accounts["Acme Corp"].crm_id == org.acme and accounts["Acme Corp"].cadence_days == 10


def test_roles_follow_opportunity_contact_roles(engine, sf, fake, sync, now):
    org = seed_org(sf, fake)
    sync(now)
    sf.insert("OpportunityContactRole", {"OpportunityId": org.opp, "ContactId": org.luis, "Role": "Decision Maker"})
    sync(now + timedelta(minutes=15))
    assert _contacts(engine)["Luis Gómez"].role == "decision_maker"  # the weightiest of his roles


def test_dry_run_reads_everything_and_saves_nothing(engine, sf, fake, sync, now):
    seed_org(sf, fake)
    report = sync(now, dry_run=True)
    assert report.counts["Account"].new == 2 and report.counts["Contact"].new == 3
    assert _accounts(engine) == {}


def test_a_manager_read_on_an_earlier_page_is_set_as_its_reports_come_in(engine, sf, fake, sync, now):
    org = seed_org(sf, fake)
    sf.page_size = 1  # María, then Luis who reports to her, each on a page of its own
    assert sync(now).error is None
    people = _contacts(engine)
    assert people["Luis Gómez"].reports_to_id == people["María López"].id
    assert org.luis == people["Luis Gómez"].crm_id
