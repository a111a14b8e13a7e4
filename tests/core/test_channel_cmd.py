"""`/kam channel <account>` (`/kam canal`): link a channel to an account; commands there default to it."""
from __future__ import annotations

from sqlalchemy import select

from kambot.storage.db import session_scope
from kambot.storage.models import AccountChannel
from tests.core.test_who import build, strong

PEOPLE = [{"name": "Vera Boss", "title": "CEO", "role": "decision_maker"},
          {"name": "Maria Lopez", "title": "CFO", "role": "economic_buyer", "reports_to": "Vera Boss"}]


def links(engine, team="T1"):
    with session_scope(engine) as session:
        rows = session.execute(select(AccountChannel).where(AccountChannel.team_id == team)).scalars()
        return {(r.channel_id, r.account_id) for r in rows}


def test_link_default_and_unlink(engine, kam):
    ids = build(engine, PEOPLE, strong("Maria Lopez"))
    globex = build(engine, [{"name": "Olga Other"}], account="Globex")["Globex"]
    reply = kam("/kam channel Acme Corp", channel="C_ACME")
    assert reply.kind == "channel_linked" and reply.visibility == "channel" and "*Acme Corp*" in reply.text
    assert links(engine) == {("C_ACME", ids["Acme Corp"])}
    assert "linked to *Acme Corp*" in kam("/kam channel", channel="C_ACME").text
    # commands that take an account default to the channel's
    who = kam("/kam who", channel="C_ACME")
    assert who.kind == "who" and who.data["account_id"] == ids["Acme Corp"]
    assert kam("/kam who about budget", channel="C_ACME").data["account_id"] == ids["Acme Corp"]
    logged = kam("/kam log call with Maria yesterday", channel="C_ACME")
    assert logged.kind == "logged" and logged.data["account_id"] == ids["Acme Corp"]
    # naming another account still wins; elsewhere nothing defaults
    assert kam("/kam who Globex", channel="C_ACME").data["account_id"] == globex
    assert kam("/kam who", channel="C_OTHER").kind == "usage"
    # an account may have several channels
    assert kam("/kam canal Acme Corp", channel="C_ACME2", lang="es").kind == "channel_linked"
    assert links(engine) == {("C_ACME", ids["Acme Corp"]), ("C_ACME2", ids["Acme Corp"])}
    off = kam("/kam channel off", channel="C_ACME")
    assert off.kind == "channel_unlinked" and links(engine) == {("C_ACME2", ids["Acme Corp"])}
    assert kam("/kam who", channel="C_ACME").kind == "usage"


def test_spanish_and_dm_and_unknown_account(engine, kam):
    build(engine, PEOPLE)
    reply = kam("/kam canal Acme Corp", channel="C_ACME")
    assert reply.lang == "es" and "vinculó este canal a *Acme Corp*" in reply.text
    assert "Type `/kam channel <account>`" in kam("/kam channel Acme Corp", channel="D123").text
    assert kam("/kam channel Nowhere Inc", channel="C_X").kind != "channel_linked" and ("C_X", 1) not in links(engine)


def test_channels_are_team_scoped(engine, kam):
    build(engine, PEOPLE, team="T2")
    ids = build(engine, PEOPLE)
    kam("/kam channel Acme Corp", channel="C_ACME")
    assert links(engine, "T2") == set()
    assert kam("/kam who", channel="C_ACME", team="T2").kind == "usage"
    assert kam("/kam who", channel="C_ACME").data["account_id"] == ids["Acme Corp"]
