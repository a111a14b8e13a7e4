"""A small Salesforce org for the tests: two users, two accounts, an org chart, roles, a contract."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass
class Org:
    """Ids of what `seed_org` created."""

    ana: str
    ben: str
    acme: str
    globex: str
    maria: str
    luis: str
    jane: str
    opp: str


def seed_org(sf, fake_slack=None) -> Org:
    """Users Ana (a Slack user) and Ben (not), Acme (Tier 1) with Maria <- Luis, Globex with Jane."""
    ana = sf.insert("User", {"Email": "ana@ours.example", "Name": "Ana Torres", "IsActive": True})
    ben = sf.insert("User", {"Email": "ben@ours.example", "Name": "Ben Ortiz", "IsActive": True})
    if fake_slack is not None:
        fake_slack.set_user("U_ANA", name="Ana Torres", email="ana@ours.example")
    acme = sf.insert("Account", {"Name": "Acme Corp", "OwnerId": ana, "AnnualRevenue": 5_000_000,
                                 "Industry": "Manufacturing", "Tier__c": "Tier 1"})
    globex = sf.insert("Account", {"Name": "Globex", "OwnerId": ben, "Tier__c": "C"})
    maria = sf.insert("Contact", {"AccountId": acme, "FirstName": "María", "LastName": "López", "Title": "CFO",
                                  "Department": "Finance", "Email": "maria@acme.example", "OwnerId": ana})
    luis = sf.insert("Contact", {"AccountId": acme, "FirstName": "Luis", "LastName": "Gómez",
                                 "Title": "Procurement Manager", "ReportsToId": maria})
    jane = sf.insert("Contact", {"AccountId": globex, "FirstName": "Jane", "LastName": "Doe", "Title": "CTO"})
    opp = sf.insert("Opportunity", {"AccountId": acme, "Name": "Acme expansion", "CloseDate": "2027-03-31",
                                    "IsClosed": False, "Type": "New Business"})
    sf.insert("OpportunityContactRole", {"OpportunityId": opp, "ContactId": maria, "Role": "Economic Buyer"})
    sf.insert("OpportunityContactRole", {"OpportunityId": opp, "ContactId": luis, "Role": "Evaluator"})
    sf.insert("Contract", {"AccountId": acme, "EndDate": "2027-06-30", "Status": "Activated"})
    return Org(ana, ben, acme, globex, maria, luis, jane, opp)
