"""Helpers for the import/export tests: run an import from text, export to text, count rows."""
from __future__ import annotations

import io

from sqlalchemy import func, select

from kambot.importexport.exporter import export_csv
from kambot.importexport.importer import ImportResult, import_csv
from kambot.storage.db import session_scope
from kambot.storage.models import Account, Contact, Touchpoint

KINDS = ("accounts", "contacts", "touchpoints")


def load(engine, kind: str, text: str, *, team: str = "T1", skip_invalid: bool = False) -> ImportResult:
    """Import CSV text (leading indentation of test literals removed)."""
    return import_csv(engine, kind, text, team=team, skip_invalid=skip_invalid)


def export(engine, kind: str, *, team: str = "T1") -> str:
    """The export of one kind as text."""
    out = io.StringIO()
    export_csv(engine, kind, out, team=team)
    return out.getvalue()


def write_file(tmp_path, name: str, content: str | bytes) -> str:
    """Write a file for `bot.py import` to read; its path."""
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return str(path)


def counts(engine, team: str = "T1") -> dict[str, int]:
    """Rows per table for a team."""
    with session_scope(engine) as session:
        return {
            name: session.execute(select(func.count()).select_from(model).where(model.team_id == team)).scalar_one()
            for name, model in (("accounts", Account), ("contacts", Contact), ("touchpoints", Touchpoint))
        }


ACCOUNTS = """\
name,aliases,owner,tier,annual_revenue,renewal_date,industry
Acme Corp,ACME;Acme,U_ANA,A,4500000,2027-03-31,Manufacturing
Globex,,U_BEN,b,650000.5,,Energy
Initech,Initrode,U_BEN,C,,2027-09-30,
"""

CONTACTS = """\
account,name,title,department,email,role,reports_to,relationship_owner,status
Acme Corp,Sarah Mitchell,CFO,Finance,sarah@acme.example,Economic Buyer,Robert Hale,U_BEN,active
Acme Corp,Robert Hale,CEO,Executive,robert@acme.example,decision_maker,,,active
ACME,Tom Becker,Buyer,Procurement,,bloqueador,Sarah Mitchell,,former
Globex,Kevin Walsh,Head of Engineering,Engineering,KEVIN@globex.example,campeón,,U_BEN,
"""

TOUCHPOINTS = """\
account,occurred_on,kind,contacts,participants,summary,next_step,next_step_due,logged_by
Acme Corp,2026-11-02,meeting,Robert Hale;Sarah Mitchell,U_ANA;U_BEN,"QBR, went well",Send deck,2026-11-09,U_ANA
Globex,2026-11-03,Llamada,kevin@globex.example,U_BEN,Call about rollout,,,U_BEN
Acme Corp,2026-11-04,email,,,"Sent pricing
(two lines)",,,
"""


def load_sample(engine, team: str = "T1") -> None:
    """The small canonical sample above, all three kinds."""
    for kind, text in zip(KINDS, (ACCOUNTS, CONTACTS, TOUCHPOINTS)):
        result = load(engine, kind, text, team=team)
        assert not result.problems, result.problems
