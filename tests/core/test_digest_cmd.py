"""`/kam digest subscribe|unsubscribe|preview` (`/kam resumen suscribir|cancelar|vista previa`)."""
from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from kambot.storage.accounts import create_account
from kambot.storage.db import session_scope
from kambot.storage.models import DigestSubscription
from kambot.storage.touchpoints import create_touchpoint


@pytest.fixture
def accounts(engine) -> dict[str, int]:
    """Acme (A, Ana), Globex (B, Ana), Hooli (A, Ben); Globex touched this week."""
    with session_scope(engine) as s:
        ids = {name: create_account(s, team_id="T1", name=name, tier=tier, owner=owner, annual_revenue=revenue).id
               for name, tier, owner, revenue in (("Acme Corp", "A", "U_ANA", 900_000),
                                                  ("Globex", "B", "U_ANA", 50_000), ("Hooli", "A", "U_BEN", 50_000))}
        create_touchpoint(s, team_id="T1", account_id=ids["Globex"], occurred_on=date(2026, 11, 24), kind="meeting",
                          summary="QBR <!here> & roadmap", logged_by="U_ANA")
        return ids


def subscriptions(engine) -> list[DigestSubscription]:
    with session_scope(engine) as s:
        return list(s.execute(select(DigestSubscription).order_by(DigestSubscription.channel_id)).scalars())


def test_subscribe_defaults_and_is_announced_in_the_channel(accounts, engine, kam):
    reply = kam("/kam digest subscribe")
    assert reply.kind == "digest_subscribed" and reply.visibility == "channel"
    assert "<@U_ANA> subscribed this channel to a weekly digest: *all accounts*, every Monday at 09:00" in reply.text
    assert "(America/New_York)" in reply.text and "The first one arrives Mon, Nov 30, 2026" in reply.text
    [row] = subscriptions(engine)
    assert (row.team_id, row.channel_id, row.scope, row.weekday, row.hour, row.tz, row.lang, row.created_by) == \
        ("T1", "C1", "all", 0, 9, "America/New_York", "en", "U_ANA")


def test_subscribing_again_updates_the_one_subscription(accounts, engine, kam):
    kam("/kam digest subscribe")
    reply = kam("/kam digest subscribe tier A on Friday at 8am")
    assert "changed this channel's weekly digest: *tier A accounts*, every Friday at 08:00" in reply.text
    [row] = subscriptions(engine)
    assert (row.scope, row.weekday, row.hour) == ("tier:A", 4, 8)
    kam("/kam digest subscribe all", channel="C2")
    assert [r.channel_id for r in subscriptions(engine)] == ["C1", "C2"]


@pytest.mark.parametrize("words,scope", [
    ("mine", "owner:U_ANA"),
    ("my accounts", "owner:U_ANA"),
    ("all accounts", "all"),
    ("tier b", "tier:B"),
    ("<@U_BEN|ben>", "owner:U_BEN"),
    ("at 14:00 on tue", "all"),
])
def test_scopes(accounts, engine, kam, words, scope):
    assert kam(f"/kam digest subscribe {words}").ok
    assert subscriptions(engine)[0].scope == scope


def test_account_names_separated_by_commas(accounts, engine, kam):
    reply = kam("/kam digest subscribe Hooli, acme corp, Hooli")
    assert "*Acme Corp, Hooli*" in reply.text
    assert subscriptions(engine)[0].scope == f"accounts:{accounts['Hooli']};{accounts['Acme Corp']}"


def test_unknown_account_suggests_and_saves_nothing(accounts, engine, kam):
    reply = kam("/kam digest subscribe Acme Corp, Hoolie Inc")
    assert reply.kind == "unknown_account" and "“Hoolie Inc”" in reply.text
    assert "Did you mean *Hooli*?" in reply.text
    assert "Nothing was saved" in reply.text and reply.visibility == "ephemeral"
    assert subscriptions(engine) == []


@pytest.mark.parametrize("line,shown", [
    ("/kam digest subscribe mine at 9:30", "on the hour"),
    ("/kam digest subscribe at 25", "on the hour"),
    ("/kam digest subscribe tier D", "Tiers are A, B and C"),
    ("/kam digest frobnicate", "I don't know `digest frobnicate`"),
])
def test_bad_input_says_what_to_type_and_changes_nothing(accounts, engine, kam, line, shown):
    kam("/kam digest subscribe tier A")
    reply = kam(line)
    assert reply.kind == "usage" and shown in reply.text and "/kam digest subscribe [all" in reply.text
    assert subscriptions(engine)[0].scope == "tier:A"


def test_spanish_subscribe_with_day_and_time(accounts, engine, kam):
    reply = kam("/kam resumen suscribir mías el martes a las 8:00")
    assert reply.lang == "es" and reply.visibility == "channel"
    assert "suscribió este canal a un resumen semanal: *cuentas de <@U_ANA>*, cada martes a las 08:00" in reply.text
    [row] = subscriptions(engine)
    assert (row.scope, row.weekday, row.hour, row.lang) == ("owner:U_ANA", 1, 8, "es")
    kam("/kam resumen suscribir nivel A el miércoles a las 17")
    assert (subscriptions(engine)[0].scope, subscriptions(engine)[0].weekday) == ("tier:A", 2)
    assert kam("/kam resumen suscribir todas").ok and subscriptions(engine)[0].scope == "all"


def test_unsubscribe_in_both_languages(accounts, engine, kam):
    kam("/kam digest subscribe")
    reply = kam("/kam digest unsubscribe")
    assert reply.kind == "digest_unsubscribed" and reply.visibility == "channel"
    assert "<@U_ANA> unsubscribed this channel" in reply.text and subscriptions(engine) == []
    again = kam("/kam digest unsubscribe")
    assert again.visibility == "ephemeral" and "This channel has no weekly digest" in again.text
    for word in ("cancelar", "desuscribir"):
        kam("/kam resumen suscribir")
        spanish = kam(f"/kam resumen {word}")
        assert spanish.lang == "es" and "canceló el resumen semanal" in spanish.text and subscriptions(engine) == []


def test_preview_is_private_and_shows_the_channels_digest(accounts, engine, kam):
    kam("/kam digest subscribe <@U_ANA|ana>")
    reply = kam("/kam digest preview")
    assert reply.kind == "digest_preview" and reply.visibility == "ephemeral"
    assert "*Weekly digest: <@U_ANA>'s accounts* · Fri, Nov 20 – Thu, Nov 26" in reply.text
    assert "Globex" in reply.full_text() and "Hooli" not in reply.full_text()
    assert "QBR &lt;!here&gt; &amp; roadmap" in reply.full_text() and "<!here>" not in reply.full_text()


def test_preview_without_subscription_or_with_a_scope(accounts, kam):
    everything = kam("/kam digest preview")
    assert "*Weekly digest: all accounts*" in everything.text and everything.data["subscribed"] is False
    assert "Hooli" in everything.full_text()
    tier_b = kam("/kam digest preview tier B")
    assert "*Weekly digest: tier B accounts*" in tier_b.text and "Hooli" not in tier_b.full_text()


def test_spanish_preview(accounts, kam):
    for line in ("/kam resumen vista previa", "/kam resumen vista"):
        reply = kam(line)
        assert reply.lang == "es" and reply.visibility == "ephemeral"
        assert "*Resumen semanal: todas las cuentas* · vie 20 nov – jue 26 nov" in reply.text
        assert "*Contactos de la semana*" in reply.full_text()


def test_status(accounts, kam):
    assert "This channel has no weekly digest" in kam("/kam digest").text
    kam("/kam digest subscribe tier A")
    status = kam("/kam digest")
    assert "gets the weekly digest of *tier A accounts* every Monday at 09:00" in status.text
    assert "Este canal recibe el resumen semanal de *cuentas de nivel A*" in kam("/kam resumen").text


def test_other_teams_subscriptions_are_separate(accounts, engine, kam):
    kam("/kam digest subscribe", team="T2")
    assert "This channel has no weekly digest" in kam("/kam digest").text


def test_spanish_account_names_keep_an_english_reply_english(engine, kam):
    with session_scope(engine) as s:
        create_account(s, team_id="T1", name="Banco de la Nación", tier="A")
    reply = kam("/kam digest subscribe Banco de la Nación")
    assert reply.lang == "en" and "subscribed this channel" in reply.text
    assert subscriptions(engine)[0].lang == "en"
