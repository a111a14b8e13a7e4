"""`/kam cadence` (`/kam cadencia`): show, set and clear an account's cadence; bad input changes nothing."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from kambot.storage.accounts import create_account
from kambot.storage.db import session_scope
from kambot.storage.models import Account
from kambot.storage.touchpoints import create_touchpoint

TODAY = date(2026, 11, 27)


@pytest.fixture
def acme(engine) -> int:
    """Tier-A Acme Corp, last touched 20 days ago, and two other accounts."""
    with session_scope(engine) as session:
        account = create_account(session, team_id="T1", name="Acme Corp", aliases="ACME", tier="A", owner="U_ANA")
        create_touchpoint(session, team_id="T1", account_id=account.id, occurred_on=TODAY - timedelta(days=20),
                          kind="call", summary="catch-up")
        create_account(session, team_id="T1", name="Studio 54", tier="B", owner="U_ANA")
        create_account(session, team_id="T1", name="Banco Andino", tier="C", owner="U_ANA")
        return account.id


def override(engine, name: str = "Acme Corp") -> int | None:
    """The stored cadence override of an account."""
    with session_scope(engine) as session:
        return session.execute(
            select(Account.cadence_days).where(Account.team_id == "T1", Account.name == name)).scalar_one()


def test_show_the_tier_default(acme, kam):
    reply = kam("/kam cadence acme")
    assert reply.ok
    assert "*Acme Corp* needs a touch at least every *14 days*: the tier A default" in reply.text
    assert "Last touch 20 days ago: it is going cold now" in reply.text


def test_set_an_override_and_stale_follows_it(acme, engine, kam):
    assert "Acme Corp" in kam("/kam stale").text
    reply = kam("/kam cadence Acme 21")
    assert reply.kind == "cadence_set"
    assert "every *21 days*" in reply.text and "tier default is 14" in reply.text
    assert "goes cold on Sun, Nov 29, 2026" in reply.text
    assert override(engine) == 21
    assert "Acme Corp" not in kam("/kam stale").text
    assert "a custom cadence (the tier A default is 14)" in kam("/kam cadence Acme").text


def test_days_word_is_allowed(acme, engine, kam):
    assert kam("/kam cadence Acme Corp 30 days").kind == "cadence_set" and override(engine) == 30


def test_default_clears_the_override(acme, engine, kam):
    kam("/kam cadence Acme 45")
    for word in ("default", "tier"):
        kam("/kam cadence Acme 45")
        reply = kam(f"/kam cadence Acme {word}")
        assert reply.kind == "cadence_cleared" and "back to its tier default" in reply.text
        assert override(engine) is None
    assert "Acme Corp" in kam("/kam stale").text


def test_spanish_set_and_por_defecto(acme, engine, kam):
    reply = kam("/kam cadencia Banco Andino 90")
    assert reply.lang == "es" and "al menos cada *90 días*" in reply.text
    assert override(engine, "Banco Andino") == 90
    cleared = kam("/kam cadencia Banco Andino por defecto")
    assert "vuelve al valor por defecto de su nivel" in cleared.text and "*60 días*" in cleared.text
    assert override(engine, "Banco Andino") is None


@pytest.mark.parametrize("value", ["0", "366", "21.5", "-3", "weekly", "1000"])
def test_bad_days_say_what_to_type_and_change_nothing(acme, engine, kam, value):
    kam("/kam cadence Acme 21")
    reply = kam(f"/kam cadence Acme {value}")
    assert reply.kind == "usage"
    assert f"“{value}”" in reply.text and "from 1 to 365" in reply.text
    assert "`/kam cadence Acme Corp 21`" in reply.text
    assert "Nothing changed" in reply.text
    assert override(engine) == 21


def test_bounds_are_accepted(acme, engine, kam):
    assert kam("/kam cadence Acme 1").ok and override(engine) == 1
    assert kam("/kam cadence Acme 365").ok and override(engine) == 365


def test_no_arguments_explain_the_syntax(acme, kam):
    for line in ("/kam cadence", "/kam cadence 21"):
        reply = kam(line)
        assert reply.kind == "usage" and "/kam cadence Acme 21" in reply.text


def test_unknown_account_suggests_and_changes_nothing(acme, engine, kam):
    for typed in ("Acne", "Acme Group"):  # a different word; more words than the account's name
        reply = kam(f"/kam cadence {typed} 21")
        assert reply.kind == "unknown_account" and "Did you mean *Acme Corp*?" in reply.text
        assert "Nothing changed" in reply.text and override(engine) is None


def test_a_small_typo_is_understood(acme, engine, kam):
    assert kam("/kam cadence Banco Andno 21").kind == "cadence_set" and override(engine, "Banco Andino") == 21


def test_unknown_account_with_nothing_close(acme, engine, kam):
    reply = kam("/kam cadence Zyxwvut 21")
    assert reply.kind == "unknown_account" and "Zyxwvut" in reply.text and "Nothing changed" in reply.text


def test_an_account_whose_name_ends_in_a_number(acme, engine, kam):
    shown = kam("/kam cadence Studio 54")
    assert shown.kind == "info" and "*Studio 54* needs a touch at least every *30 days*" in shown.text
    assert kam("/kam cadence Studio 54 10").kind == "cadence_set" and override(engine, "Studio 54") == 10


def test_hostile_account_name_is_escaped(engine, kam):
    with session_scope(engine) as session:
        create_account(session, team_id="T1", name="Evil <!here> & Co", tier="A")
    reply = kam("/kam cadence Evil 21")
    assert "<!here>" not in reply.text and "Evil &lt;!here&gt; &amp; Co" in reply.text
