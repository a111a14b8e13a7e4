"""A small seeded workspace for the resolve and log tests: accents, aliases, shared names, a twin team."""
from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from kambot.storage.db import session_scope
from kambot.storage.models import Contact, Touchpoint
from tests.support.factories import make_account, make_contact, writing

ACCOUNTS = [  # name, aliases
    ("Acme Corp", "ACME"),
    ("Umbrella Salud", ""),
    ("Globex", "Globex Corporation"),
    ("Globe Tech", ""),
    ("Banco Andino", "Andino"),
    ("Stark Logistics", "Stark"),
    ("Stark Energy", "Stark"),
    ("Hooli", ""),
]
CONTACTS = [  # account, name, title, status
    ("Acme Corp", "Sarah Mitchell", "CFO", "active"),
    ("Acme Corp", "Sarah Kim", "IT Director", "active"),
    ("Acme Corp", "Daniel Okafor", "VP Operations", "active"),
    ("Acme Corp", "Robert Hale", "CEO", "active"),
    ("Banco Andino", "María Fernández", "Directora de Finanzas", "active"),
    ("Banco Andino", "Javier Morales", "Director de Tecnología", "active"),
    ("Banco Andino", "Lucía Paredes", "Gerente de Innovación Digital", "left"),
    ("Umbrella Salud", "María Castillo", "Directora Médica", "active"),
    ("Umbrella Salud", "Jorge Peña", "Gerente de Compras", "active"),
    ("Globex", "Margaret Lowell", "CEO", "active"),
    ("Globex", "Kevin Walsh", "Head of Operations", "active"),
    ("Globe Tech", "Priya Shah", "CTO", "active"),
    ("Stark Logistics", "Megan Doyle", "Ops Manager", "active"),
    ("Stark Energy", "Tony Rhodes", "COO", "active"),
    ("Hooli", "Will Turner", "Head of IT", "active"),
]
TWIN_CONTACTS = [("Acme Corp", "Sarah Mitchell", "CFO", "active"), ("Globex", "Zed Quill", "CEO", "active")]


@dataclass
class Workspace:
    """Ids of the seeded rows, by team and name."""

    accounts: dict[tuple[str, str], int]
    contacts: dict[tuple[str, str], int]

    def account(self, name: str, team: str = "T1") -> int:
        return self.accounts[(team, name)]

    def contact(self, name: str, team: str = "T1") -> int:
        return self.contacts[(team, name)]


def seed(engine) -> Workspace:
    """Team T1 with the accounts above, and T2 with the SAME account names (isolation)."""
    accounts, contacts = {}, {}
    with writing(engine) as session:
        for team, people in (("T1", CONTACTS), ("T2", TWIN_CONTACTS)):
            for name, aliases in ACCOUNTS:
                accounts[(team, name)] = make_account(session, name, team=team, aliases=aliases, owner="U_ANA").id
            for account, name, title, status in people:
                contacts[(team, name)] = make_contact(session, accounts[(team, account)], name, team=team, title=title,
                                                      status=status).id
    return Workspace(accounts, contacts)


@pytest.fixture
def ws(engine) -> Workspace:
    """The seeded workspace on the test's database."""
    return seed(engine)


def count(engine, model, team: str = "T1") -> int:
    """Rows of a table in one team."""
    with session_scope(engine) as session:
        return session.execute(select(func.count()).select_from(model).where(model.team_id == team)).scalar_one()


def touches(engine, team: str = "T1") -> list[Touchpoint]:
    """Every touchpoint of a team, oldest id first."""
    with session_scope(engine) as session:
        return list(session.execute(select(Touchpoint).where(Touchpoint.team_id == team).order_by(Touchpoint.id)).scalars())


def contacts_named(engine, name: str, team: str = "T1") -> list[Contact]:
    """Contacts of a team with exactly this name."""
    with session_scope(engine) as session:
        return list(session.execute(select(Contact).where(Contact.team_id == team, Contact.name == name)).scalars())
