"""`/kam keys` (`/kam claves`): the 80/20 key set by revenue, and tiers that disagree with it."""
from __future__ import annotations

from sqlalchemy import insert

from kambot.storage.db import session_scope
from kambot.storage.models import Account
from tests.support.factories import make_accounts


def seed(engine, *accounts, team="T1") -> None:
    """Accounts as (name, annual revenue, tier)."""
    make_accounts(engine, [{"name": n, "annual_revenue": r, "tier": t} for n, r, t in accounts], team=team, owner=None)


def ranked(reply) -> list[str]:
    """Names of the numbered rows, in order."""
    return [line.split("*")[1] for line in reply.text.splitlines() if line[:1].isdigit()]


def test_smallest_set_reaching_eighty_percent(engine, kam):
    seed(engine, ("Gamma", 10_000, "B"), ("Alpha", 500_000, "A"), ("Eps", 50_000, "C"),
         ("Beta", 300_000, "A"), ("Delta", 140_000, "C"))
    reply = kam("/kam keys")
    assert reply.kind == "keys"
    assert ranked(reply) == ["Alpha", "Beta"]
    assert "*2 of 5 accounts bring 80% of the 1M annual revenue*" in reply.text
    assert "1. *Alpha* · tier A · 500k · 50% (cumulative 50%)" in reply.text
    assert "The other 3 accounts bring 20% (200k)" in reply.text
    assert "every tier-A account is key" in reply.text


def test_tier_mismatches_are_flagged(engine, kam):
    seed(engine, ("Big B", 900_000, "B"), ("Small A", 50_000, "A"), ("Small C", 50_000, "C"))
    reply = kam("/kam keys")
    assert ranked(reply) == ["Big B"]
    assert "*Big B* · tier B · 900k · 90% (cumulative 90%) :warning: not tier A" in reply.text
    assert "1 key account is not tier A" in reply.text
    assert "*Small A* is tier A but outside the key set (5% of revenue)" in reply.text
    assert ("key_not_tier_a", reply.data["key_ids"][0]) in reply.data["flags"]


def test_spanish(engine, kam):
    seed(engine, ("Banco Andino", 800_000, "B"), ("Umbrella Salud", 200_000, "A"))
    reply = kam("/kam claves")
    assert reply.lang == "es"
    assert "*1 de 2 cuentas suma el 80 % de los 1 M de ingresos anuales*" in reply.text
    assert ":warning: no es nivel A" in reply.text
    assert "*Umbrella Salud* es nivel A pero no está entre las cuentas clave" in reply.text


def test_many_accounts_show_the_key_set_and_summarise(engine, kam):
    with session_scope(engine) as session:
        session.execute(insert(Account), [
            {"team_id": "T1", "name": f"Account {i:03d}", "name_norm": f"account {i:03d}", "tier": "A",
             "annual_revenue": 1000.0, "aliases": ""} for i in range(200)])
    reply = kam("/kam keys")
    assert len(ranked(reply)) == 25
    assert "*160 of 200 accounts bring 80%" in reply.text
    assert "…and 135 more key accounts" in reply.text
    assert "The other 40 accounts bring 20%" in reply.text
    assert "…and 30 more tier-A accounts outside the key set" in reply.text
    assert len(reply.text.splitlines()) <= 45


def test_missing_revenue_is_counted(engine, kam):
    seed(engine, ("Known", 100_000, "A"), ("Unknown", None, "C"))
    reply = kam("/kam keys")
    assert ranked(reply) == ["Known"] and "1 has no revenue recorded" in reply.text


def test_no_revenue_at_all_says_what_to_do(engine, kam):
    seed(engine, ("One", None, "A"), ("Two", None, "B"))
    reply = kam("/kam keys")
    assert "None of the 2 accounts has an annual revenue yet" in reply.text and ranked(reply) == []


def test_no_accounts(kam):
    assert "There are no accounts yet" in kam("/kam keys").text


def test_other_teams_do_not_count(engine, kam):
    seed(engine, ("Ours", 100, "A"))
    seed(engine, ("Theirs", 1_000_000, "A"), team="T2")
    reply = kam("/kam keys")
    assert ranked(reply) == ["Ours"] and "Theirs" not in reply.text


def test_hostile_names_are_escaped(engine, kam):
    seed(engine, ("<!everyone> & <@U_BOSS>", 100, "A"))
    reply = kam("/kam keys")
    assert "<!everyone>" not in reply.text and "<@U_BOSS>" not in reply.text
    assert "&lt;!everyone&gt; &amp; &lt;@U_BOSS&gt;" in reply.text
