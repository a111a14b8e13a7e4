"""A synthetic Salesforce org for the Salesforce benchmark, served by the fake org in a process of its own.

The fake runs in a child process so that what the benchmark process spends is kambot's side alone (the
real Salesforce is another machine); the child reports its own CPU time apart.
"""
from __future__ import annotations

import multiprocessing
import random
import resource
import time
from dataclasses import dataclass

import numpy as np

from bench.names import INDUSTRIES, account_names, person
from bench.workspace import allocate

USERS = 200
TITLES = ("Chief Executive Officer", "Chief Financial Officer", "VP Operations", "VP Sales", "Director of IT",
          "Procurement Director", "Head of Finance", "Operations Manager", "IT Manager", "Procurement Manager",
          "Buyer", "Analyst", "Engineer", "Project Manager", "Specialist")
DEPARTMENTS = ("Finance", "Operations", "IT", "Procurement", "Sales", "Marketing", "Legal", "HR", None)
ROLES = ("Decision Maker", "Economic Buyer", "Executive Sponsor", "Technical Buyer", "Evaluator", "Influencer",
         "Business User")


@dataclass(frozen=True)
class OrgFacts:
    """Where the fake listens and how to log in to it, and what it holds."""

    instance_url: str
    ca_file: str
    client_id: str
    client_secret: str
    counts: dict
    seed_s: float


def user_email(i: int) -> str:
    """The email of the org's i-th user (the same person in Slack)."""
    return f"kam{i:03d}@kambot-bench.example"


def seed(sf, accounts: int, contacts: int, *, seed_value: int = 14) -> dict:
    """Users, accounts, contacts (reports-to trees per account), some contracts and buying roles."""
    rng, nrng = random.Random(seed_value), np.random.default_rng(seed_value)
    users = sf.insert_many("User", [{"Email": user_email(i), "FirstName": "Kam", "LastName": f"User {i:03d}",
                                     "IsActive": True} for i in range(USERS)])
    names = account_names(accounts, rng)
    revenue = (nrng.pareto(1.2, accounts) + 1) * 200_000
    account_ids = sf.insert_many("Account", [
        {"Name": name, "OwnerId": users[rng.randrange(USERS)], "AnnualRevenue": round(float(revenue[i]), -3),
         "Industry": rng.choice(INDUSTRIES), "Tier__c": rng.choice(("Tier 1", "Tier 2", "Tier 2", "Tier 3", "Tier 3"))}
        for i, (name, _alias) in enumerate(names)])
    # A few accounts hold many people and most a handful (Zipf over a shuffled rank), capped at 500.
    weights = 1.0 / nrng.permutation(np.arange(1, accounts + 1))
    per_account = allocate(contacts, weights, cap=500, floor=1, rng=nrng)
    rows, parents = [], []
    for account, count in zip(account_ids, per_account.tolist()):
        domain = f"a{len(parents):06d}.example"
        first = len(rows)
        for k in range(count):
            full = person(rng)
            given, _, family = full.partition(" ")
            level = min(int(np.log(k * 2 + 1) / np.log(3)), 3) if k else 0
            title = TITLES[min(level * 3 + rng.randrange(3), len(TITLES) - 1)] if k else rng.choice(TITLES[:2])
            rows.append({"AccountId": account, "FirstName": given, "LastName": family, "Title": title,
                         "Department": rng.choice(DEPARTMENTS), "OwnerId": users[rng.randrange(USERS)],
                         "Email": f"{given.lower()}.{len(rows)}@{domain}"})
            parents.append(first + (k - 1) // 3 if k else None)  # a tree: each manager has three reports
    contact_ids = sf.insert_many("Contact", rows)
    for i, parent in enumerate(parents):  # managers exist once every contact has its id
        if parent is not None:
            sf.store.tables["Contact"][contact_ids[i]]["ReportsToId"] = contact_ids[parent]
    contract_accounts = rng.sample(account_ids, accounts * 3 // 10)
    sf.insert_many("Contract", [{"AccountId": a, "Status": "Activated",
                                 "EndDate": f"{2027 + rng.randrange(3)}-{rng.randrange(1, 13):02d}-28"}
                                for a in contract_accounts])
    opp_accounts = rng.sample(range(accounts), accounts // 20)
    opps = sf.insert_many("Opportunity", [{"AccountId": account_ids[a], "Name": f"{names[a][0]} expansion",
                                           "CloseDate": "2027-06-30", "IsClosed": False, "Type": "New Business"}
                                          for a in opp_accounts])
    first_contact = np.concatenate([[0], np.cumsum(per_account)[:-1]])
    sf.insert_many("OpportunityContactRole", [
        {"OpportunityId": opp, "ContactId": contact_ids[int(first_contact[a]) + k], "Role": rng.choice(ROLES)}
        for opp, a in zip(opps, opp_accounts) for k in range(min(2, int(per_account[a])))])
    return {"users": USERS, "accounts": accounts, "contacts": len(contact_ids), "contracts": len(contract_accounts),
            "opportunities": len(opps)}


def _serve(pipe, accounts: int, contacts: int, external_ids: bool) -> None:
    from kambot.testing.fake_salesforce import FakeSalesforce

    started = time.perf_counter()
    with FakeSalesforce(page_size=2000, api_usage=(0, 10_000_000)) as sf:
        if external_ids:
            sf.external_id_fields = {"Task": "Kambot_Key__c", "Event": "Kambot_Key__c"}
        counts = seed(sf, accounts, contacts)
        pipe.send(OrgFacts(sf.instance_url, sf.ca_file, sf.client_id, sf.client_secret, counts,
                           time.perf_counter() - started))
        while True:
            command, args = pipe.recv()
            if command == "stop":
                pipe.send(None)
                return
            if command == "cpu":  # seconds of CPU the fake spent (every thread of its process)
                usage = resource.getrusage(resource.RUSAGE_SELF)
                pipe.send(usage.ru_utime + usage.ru_stime)
            elif command == "calls":  # REST requests so far, and those whose path has `args`
                pipe.send((sf.api_calls(), sf.api_calls(args) if args else None))
            elif command == "count":
                pipe.send(len(sf.records(args)))
            elif command == "external_ids":
                sf.external_id_fields = {"Task": "Kambot_Key__c", "Event": "Kambot_Key__c"} if args else {}
                pipe.send(None)


class FakeOrg:
    """The fake Salesforce in a child process, seeded; ask it for its CPU time and call counts."""

    def __init__(self, accounts: int, contacts: int, *, external_ids: bool = True):
        self._pipe, child = multiprocessing.get_context("spawn").Pipe()
        self._process = multiprocessing.get_context("spawn").Process(
            target=_serve, args=(child, accounts, contacts, external_ids), name="fake-salesforce", daemon=True)
        self._process.start()
        self.facts: OrgFacts = self._pipe.recv()

    def ask(self, command: str, args=None):
        self._pipe.send((command, args))
        return self._pipe.recv()

    def cpu(self) -> float:
        return self.ask("cpu")

    def calls(self, path_contains: str | None = None) -> tuple[int, int | None]:
        return self.ask("calls", path_contains)

    def close(self) -> None:
        if self._process.is_alive():
            try:
                self.ask("stop")
            except (EOFError, BrokenPipeError):
                pass
        self._process.join(10)
        if self._process.is_alive():
            self._process.terminate()

    def __enter__(self) -> FakeOrg:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
