"""Export a team's accounts, contacts, touchpoints or plans as canonical CSV, always in the same order."""
from __future__ import annotations

import csv
from collections import Counter
from datetime import date
from typing import Iterator, TextIO

from sqlalchemy import select
from sqlalchemy.engine import Connection, Engine

from kambot.importexport.headers import CANONICAL
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact, TouchpointParticipant
from kambot.storage.plan_models import PlanAction, PlanObjective


def format_amount(value: float | None) -> str:
    """4500000.0 -> '4500000', 1500000.5 -> '1500000.5' (what the importer reads back exactly)."""
    if value is None:
        return ""
    return str(int(value)) if value.is_integer() else repr(value)


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _accounts(conn: Connection, team: str) -> Iterator[list[str]]:
    for row in conn.execute(
        select(Account.name, Account.aliases, Account.owner, Account.tier, Account.annual_revenue,
               Account.renewal_date, Account.industry)
        .where(Account.team_id == team).order_by(Account.name_norm, Account.name, Account.id)
    ):
        yield [row.name, row.aliases, _cell(row.owner), row.tier, format_amount(row.annual_revenue),
               _cell(row.renewal_date), _cell(row.industry)]


def _labels(conn: Connection, team: str) -> dict[int, tuple[str, str]]:
    """Contact id -> (sort key, how the file names them): the name, or the email when two share a name."""
    rows = conn.execute(select(Contact.id, Contact.account_id, Contact.name, Contact.name_norm, Contact.email)
                        .where(Contact.team_id == team)).all()
    shared = {key for key, n in Counter((r.account_id, r.name_norm) for r in rows).items() if n > 1}
    return {
        r.id: (r.name_norm, r.email if r.email and (r.account_id, r.name_norm) in shared else r.name)
        for r in rows
    }


def _contacts(conn: Connection, team: str) -> Iterator[list[str]]:
    labels = _labels(conn, team)
    for row in conn.execute(
        select(Contact.id, Account.name.label("account"), Contact.name, Contact.title, Contact.department,
               Contact.email, Contact.role, Contact.reports_to_id, Contact.relationship_owner, Contact.status,
               Contact.stance, Contact.influence)
        .join(Account, Account.id == Contact.account_id).where(Contact.team_id == team)
        .order_by(Account.name_norm, Account.id, Contact.name_norm, Contact.name, Contact.id)
    ):
        manager = labels[row.reports_to_id][1] if row.reports_to_id in labels else ""
        yield [row.account, row.name, _cell(row.title), _cell(row.department), _cell(row.email), _cell(row.role),
               manager, _cell(row.relationship_owner), row.status, _cell(row.stance), _cell(row.influence)]


def _touchpoints(conn: Connection, team: str) -> Iterator[list[str]]:
    labels = _labels(conn, team)
    people: dict[int, list[tuple[str, str]]] = {}
    for touch_id, contact_id in conn.execute(select(TouchpointContact.touchpoint_id, TouchpointContact.contact_id)
                                             .where(TouchpointContact.team_id == team)):
        people.setdefault(touch_id, []).append(labels[contact_id])
    ours: dict[int, list[str]] = {}
    for touch_id, user_id in conn.execute(select(TouchpointParticipant.touchpoint_id, TouchpointParticipant.user_id)
                                          .where(TouchpointParticipant.team_id == team)):
        ours.setdefault(touch_id, []).append(user_id)
    for row in conn.execute(
        select(Touchpoint.id, Account.name.label("account"), Touchpoint.occurred_on, Touchpoint.kind,
               Touchpoint.summary, Touchpoint.next_step, Touchpoint.next_step_due, Touchpoint.logged_by)
        .join(Account, Account.id == Touchpoint.account_id).where(Touchpoint.team_id == team)
        .order_by(Touchpoint.occurred_on, Account.name_norm, Account.id, Touchpoint.id)
    ):
        # links have no order of their own: sort so the same data always gives the same bytes
        contacts = ";".join(label for _, label in sorted(people.get(row.id, ())))
        yield [row.account, row.occurred_on.isoformat(), row.kind, contacts, ";".join(sorted(ours.get(row.id, ()))),
               row.summary, _cell(row.next_step), _cell(row.next_step_due), _cell(row.logged_by)]


def _plans(conn: Connection, team: str) -> Iterator[list[str]]:
    """Per account (by name), its objectives by number, then its actions by number."""
    labels = _labels(conn, team)
    contact = lambda contact_id: labels[contact_id][1] if contact_id in labels else ""  # noqa: E731
    serves = {row.id: row.number for row in conn.execute(
        select(PlanObjective.id, PlanObjective.number).where(PlanObjective.team_id == team))}
    objectives = conn.execute(
        select(Account.name_norm, Account.id.label("account_id"), Account.name.label("account"),
               PlanObjective.number, PlanObjective.title, PlanObjective.measure, PlanObjective.target,
               PlanObjective.target_date, PlanObjective.owner, PlanObjective.sponsor_id, PlanObjective.status)
        .join(Account, Account.id == PlanObjective.account_id).where(PlanObjective.team_id == team)).all()
    actions = conn.execute(
        select(Account.name_norm, Account.id.label("account_id"), Account.name.label("account"),
               PlanAction.number, PlanAction.title, PlanAction.due, PlanAction.owner_user, PlanAction.owner_contact_id,
               PlanAction.status, PlanAction.objective_id)
        .join(Account, Account.id == PlanAction.account_id).where(PlanAction.team_id == team)).all()
    rows = [((o.name_norm, o.account_id, 0, o.number),
             [o.account, "objective", str(o.number), o.title, _cell(o.measure), _cell(o.target), _cell(o.target_date),
              _cell(o.owner), "", contact(o.sponsor_id), o.status, ""]) for o in objectives]
    rows += [((a.name_norm, a.account_id, 1, a.number),
              [a.account, "action", str(a.number), a.title, "", "", _cell(a.due), _cell(a.owner_user),
               contact(a.owner_contact_id), "", a.status, _cell(serves.get(a.objective_id))]) for a in actions]
    for _, row in sorted(rows, key=lambda pair: pair[0]):
        yield row


_ROWS = {"accounts": _accounts, "contacts": _contacts, "touchpoints": _touchpoints, "plans": _plans}


def export_csv(engine: Engine, kind: str, out: TextIO, *, team: str) -> int:
    """Write the team's rows of one kind with canonical headers; returns how many rows."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CANONICAL[kind])
    count = 0
    with engine.connect() as conn:
        for row in _ROWS[kind](conn, team):
            writer.writerow(row)
            count += 1
    return count
