"""render_digest: the weekly digest from storage in both languages: sections, scopes, languages, edge cases."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kambot.core.digest_render import DigestScope, digest_week, money, render_digest
from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import Account, DigestSubscription
from kambot.storage.touchpoints import create_touchpoint

FRIDAY = date(2026, 11, 27)
MONDAY = date(2026, 11, 30)


def digest(engine, today=MONDAY, **kw):
    """render_digest in its own session."""
    with session_scope(engine) as session:
        return render_digest(session, team_id=kw.pop("team_id", "T1"), today=today, **kw)


def text_of(replies) -> str:
    return "\n".join(r.full_text() for r in replies)


@pytest.fixture
def team(engine) -> dict:
    """A small team: Acme (A, key, Ana), Globex (B, Ana), Hooli (A, Ben), and a twin team T2."""
    with session_scope(engine) as s:
        acme = create_account(s, team_id="T1", name="Acme", tier="A", owner="U_ANA", annual_revenue=800_000,
                              renewal_date=MONDAY + timedelta(days=20))
        globex = create_account(s, team_id="T1", name="Globex", tier="B", owner="U_ANA", annual_revenue=150_000)
        hooli = create_account(s, team_id="T1", name="Hooli", tier="A", owner="U_BEN", annual_revenue=50_000)
        maria = create_contact(s, team_id="T1", account_id=acme.id, name="Maria Lopez", role="champion")
        raj = create_contact(s, team_id="T1", account_id=acme.id, name="Raj Patel", role="decision_maker")
        gus = create_contact(s, team_id="T1", account_id=globex.id, name="Gus Fring", role="economic_buyer")
        # Raj last spoke to us 120 days ago: older than the touches a digest reads, still not "never".
        create_touchpoint(s, team_id="T1", account_id=acme.id, occurred_on=MONDAY - timedelta(days=120),
                          kind="meeting", summary="kick-off", contact_ids=[raj.id])
        create_touchpoint(s, team_id="T1", account_id=acme.id, occurred_on=date(2026, 11, 24), kind="call",
                          summary="pricing <b>call</b> & next steps", contact_ids=[maria.id], logged_by="U_ANA")
        create_touchpoint(s, team_id="T1", account_id=acme.id, occurred_on=date(2026, 11, 29), kind="email",
                          summary="sent the deck", contact_ids=[maria.id], logged_by="U_ANA",
                          next_step="send proposal", next_step_due=date(2026, 12, 2))
        create_touchpoint(s, team_id="T1", account_id=globex.id, occurred_on=date(2026, 10, 29), kind="meal",
                          summary="lunch", contact_ids=[gus.id], logged_by="U_ANA", next_step="security review",
                          next_step_due=date(2026, 11, 20))
        create_touchpoint(s, team_id="T1", account_id=hooli.id, occurred_on=date(2026, 11, 17), kind="meeting",
                          summary="last week's meeting", logged_by="U_BEN")
        create_touchpoint(s, team_id="T1", account_id=hooli.id, occurred_on=MONDAY, kind="call",
                          summary="today, after the reported week")
        twin = create_account(s, team_id="T2", name="Acme", tier="A", owner="U_ANA", annual_revenue=1)
        create_touchpoint(s, team_id="T2", account_id=twin.id, occurred_on=date(2026, 11, 25), kind="call",
                          summary="SECRET other team")
        return {"acme": acme.id, "globex": globex.id, "hooli": hooli.id}


def test_a_monday_digest_covers_monday_to_sunday():
    assert digest_week(MONDAY) == date(2026, 11, 23)
    assert digest_week(FRIDAY) == date(2026, 11, 20)


def test_english_digest_sections(team, engine):
    replies = digest(engine)
    assert len(replies) == 1
    reply = replies[0]
    assert reply.kind == "digest" and reply.visibility == "channel" and reply.lang == "en"
    text = reply.full_text()
    assert "*Weekly digest: all accounts* · Mon, Nov 23 – Sun, Nov 29" in text
    assert "• *2* touchpoints (▲ 1 vs 1 the week before)" in text
    assert "• *1* account touched (no change vs 1 the week before)" in text
    assert "*This week's touchpoints*" in text and "• *Acme* (A): 2 touchpoints" in text
    assert "Tue, Nov 24 · call with Maria Lopez · <@U_ANA>: pricing &lt;b&gt;call&lt;/b&gt; &amp; next steps" in text
    assert "today, after the reported week" not in text
    assert "*Next steps overdue*" in text and "*Globex*: security review · due Fri, Nov 20 (10 days late)" in text
    assert "*Next steps due in the next 7 days*" in text and "*Acme*: send proposal · due Wed, Dec 2" in text
    assert "*Renewals in the next 90 days*" in text and "*Acme* (A) renews Sun, Dec 20 (in 20 days) · 800k" in text
    assert "Raj Patel, decision maker at *Acme*: no touch in 120 days" in text
    assert "*Single-threaded key accounts*" in text and "*Acme* (A, key): only Maria Lopez · 800k" in text
    assert "*Went cold this week*\n• *Globex* (B): last touch Thu, Oct 29, 32 days ago · 150k" in text
    assert "*Revenue at risk: 150k* in 1 account going cold\n• *Globex* (B) · 150k · last touch 32 days ago" in text
    assert "SECRET" not in text
    assert reply.data["week_start"] == "2026-11-23" and reply.data["counts"]["next_steps_overdue"] == 1


def test_went_cold_this_week(engine):
    with session_scope(engine) as s:
        account = create_account(s, team_id="T1", name="Initech", tier="A")
        create_touchpoint(s, team_id="T1", account_id=account.id, occurred_on=date(2026, 11, 10), kind="call",
                          summary="x")
    text = text_of(digest(engine))
    assert "*Went cold this week*\n• *Initech* (A): last touch Tue, Nov 10, 20 days ago" in text


def test_spanish_digest(team, engine):
    text = text_of(digest(engine, lang="es"))
    assert "*Resumen semanal: todas las cuentas* · lun 23 nov – dom 29 nov" in text
    assert "• *2* contactos (▲ 1 frente a 1 la semana anterior)" in text
    assert "*Contactos de la semana*" in text and "mar 24 nov · llamada con Maria Lopez" in text
    assert "*Próximos pasos atrasados*" in text and "vencía el vie 20 nov (10 días de retraso)" in text
    assert "Raj Patel, decisor en *Acme*: sin contacto desde hace 120 días" in text
    assert "*Renovaciones en los próximos 90 días*" in text and "800 k" in text
    assert "*Ingresos en riesgo: 150 k* en 1 cuenta enfriándose" in text


def test_subscription_gives_scope_and_language(team, engine):
    sub = DigestSubscription(team_id="T1", channel_id="C9", scope="owner:U_BEN", lang="es")
    text = text_of(digest(engine, subscription=sub))
    assert "*Resumen semanal: cuentas de <@U_BEN>*" in text
    assert "Hooli" in text and "Acme" not in text and "Globex" not in text


@pytest.mark.parametrize("scope,present,absent", [
    ("owner:U_ANA", ["Acme", "Globex"], ["Hooli"]),
    ("tier:A", ["Acme", "Hooli"], ["Globex"]),
    ("all", ["Acme", "Globex", "Hooli"], []),
])
def test_scopes_select_accounts(team, engine, scope, present, absent):
    replies = digest(engine, scope=scope)
    text = text_of(replies)
    for name in present:
        assert f"*{name}*" in text
    for name in absent:
        assert f"*{name}*" not in text


def test_accounts_scope_names_them_and_ignores_other_teams_ids(team, engine):
    with session_scope(engine) as s:
        twin = s.execute(select(Account.id).where(Account.team_id == "T2")).scalar_one()
    replies = digest(engine, scope=f"accounts:{team['globex']};{twin}")
    text = text_of(replies)
    assert "*Weekly digest: Globex*" in text and "SECRET" not in text and replies[0].data["accounts"] == 1


def test_owner_scope_uses_the_team_wide_key_set(team, engine):
    # Hooli is tier A but small: within Ben's own accounts it would be "key" by its own 80/20.
    text = text_of(digest(engine, scope="owner:U_BEN"))
    assert "*Hooli* (A): nobody" in text and "(A, key)" not in text


def test_empty_scope(engine):
    replies = digest(engine, scope="owner:U_NOBODY")
    assert len(replies) == 1 and "no accounts in this digest's scope" in replies[0].text
    assert replies[0].data["accounts"] == 0


def test_bad_scope_is_an_error():
    with pytest.raises(ValueError):
        DigestScope.parse("tier:Z")
    assert str(DigestScope.parse("mine:U1")) == "owner:U1"
    assert DigestScope.parse("accounts:3;1;3").account_ids == (3, 1)


def test_money():
    assert (money(1_234_567, "en"), money(999_999, "en"), money(350_000, "es"), money(12, "en")) == \
        ("1.2M", "1M", "350 k", "12")


def test_team_key_ids_agree_with_the_domain_rule():
    import random

    from kambot.core.digest_render import team_key_ids
    from kambot.domain.keys import key_accounts

    rng = random.Random(3)
    for _ in range(300):
        rows = [(i, rng.choice(["Acme", "acme", "Zed", "Émile", f"N{i}"]),
                 rng.choice([None, -5, 0, 10, 10, 50, rng.random() * 100])) for i in range(rng.randrange(0, 30))]
        assert team_key_ids(rows) == key_accounts((i, n, r, "A") for i, n, r in rows).key_ids


def test_many_quiet_champions_are_looked_up_in_one_query(team, engine, monkeypatch):
    import kambot.core.digest_render as module

    monkeypatch.setattr(module, "MAX_QUIET_IDS", 0)  # take the path a huge import of untouched champions takes
    assert "Raj Patel, decision maker at *Acme*: no touch in 120 days" in text_of(digest(engine))


def test_a_quiet_champion_keeps_their_last_touch_whatever_the_spelling_of_their_role(team, engine, monkeypatch):
    import kambot.core.digest_render as module

    with session_scope(engine) as s:
        leo = create_contact(s, team_id="T1", account_id=team["acme"], name="Leo Ruiz", role="Decision Maker")
        create_touchpoint(s, team_id="T1", account_id=team["acme"], occurred_on=MONDAY - timedelta(days=100),
                          kind="call", summary="old call", contact_ids=[leo.id])
    monkeypatch.setattr(module, "MAX_QUIET_IDS", 0)  # the path a huge import of untouched champions takes
    assert "Leo Ruiz, decision maker at *Acme*: no touch in 100 days" in text_of(digest(engine))


def test_next_steps_set_before_the_week_on_the_last_day_only(engine):
    with session_scope(engine) as s:
        kept = create_account(s, team_id="T1", name="Kept", tier="C")
        dropped = create_account(s, team_id="T1", name="Dropped", tier="C")
        ana = create_contact(s, team_id="T1", account_id=kept.id, name="Ana Diaz", role="champion")
        # Last week, the account's last touch: its step is open, and Ana counts among last week's people.
        create_touchpoint(s, team_id="T1", account_id=kept.id, occurred_on=date(2026, 11, 18), kind="call",
                          summary="s", next_step="send terms", next_step_due=date(2026, 11, 25), contact_ids=[ana.id])
        create_touchpoint(s, team_id="T1", account_id=dropped.id, occurred_on=MONDAY - timedelta(days=40),
                          kind="call", summary="s", next_step="old promise", next_step_due=date(2026, 11, 1))
        create_touchpoint(s, team_id="T1", account_id=dropped.id, occurred_on=MONDAY - timedelta(days=35),
                          kind="email", summary="a later touch supersedes the promise")
    text = text_of(digest(engine))
    assert "*Kept*: send terms · due Wed, Nov 25 (5 days late)" in text and "old promise" not in text
    assert "• *0* stakeholders engaged (▼ 1 vs 1 the week before)" in text


def test_a_touchs_people_are_listed_in_one_order_on_every_database(engine):
    with session_scope(engine) as s:
        acme = create_account(s, team_id="T1", name="Acme", tier="A")
        zoe = create_contact(s, team_id="T1", account_id=acme.id, name="Zoe First")
        amy = create_contact(s, team_id="T1", account_id=acme.id, name="Amy Second")
        create_touchpoint(s, team_id="T1", account_id=acme.id, occurred_on=date(2026, 11, 24), kind="call",
                          summary="s", contact_ids=[amy.id, zoe.id])
    assert "call with Zoe First, Amy Second" in text_of(digest(engine))


def _falling(engine) -> int:
    """Tier A (14-day cadence) last touched 20 days before MONDAY: on time a week ago, 6 days late now."""
    with session_scope(engine) as s:
        account = create_account(s, team_id="T1", name="Initech", tier="A", owner="U_ANA")
        create_touchpoint(s, team_id="T1", account_id=account.id, occurred_on=MONDAY - timedelta(days=20),
                          kind="call", summary="catch-up")
        return account.id


@pytest.mark.parametrize("lang, fell, listed", [
    ("en", "• *Initech* (A): health fell 15 points this week (", "*Account health*, worst first"),
    ("es", "• *Initech* (A): la salud bajó 15 puntos esta semana (", "*Salud de las cuentas*, de peor a mejor"),
])
def test_digest_shows_health_and_the_weeks_fall(engine, team, lang, fell, listed):
    from kambot.core.health_data import load_health

    account = _falling(engine)
    replies = digest(engine, lang=lang)
    text = text_of(replies)
    with session_scope(engine) as s:
        now = {h.state.id: h.health for h in load_health(s, team_id="T1", today=MONDAY)}
        before = {h.state.id: h.health.score
                  for h in load_health(s, team_id="T1", today=MONDAY, as_of=MONDAY - timedelta(days=7))}
    assert before[account] - now[account].score == 15
    assert fell + f"{before[account]} → {now[account].score}, " in text
    assert listed in text
    section = text[text.index(listed):]
    lines = [line for line in section.splitlines() if line.startswith("• *")]
    scores = [int(line.split(": ")[1].split(",")[0]) for line in lines]
    assert scores == sorted(scores) and len(lines) == 4  # every account of the team, worst first
    assert "SECRET" not in text
    assert replies[0].data["counts"]["health_fell"] >= 1 and replies[0].data["counts"]["health"] == 4


def test_a_small_fall_is_not_called_out(engine, team):
    text = text_of(digest(engine))
    assert "Health fell this week" not in text and "points this week" not in text
