"""`/kam stale` (`/kam frías`): which accounts are going cold, most overdue first, in both languages."""
from __future__ import annotations

from datetime import date, timedelta

from kambot.storage.db import session_scope
from kambot.storage.models import Snooze
from tests.support.factories import make_account, make_touch, writing

TODAY = date(2026, 11, 27)  # the frozen clock's day in New York


def seed(engine, *accounts, team="T1") -> dict[str, int]:
    """Accounts as (name, tier, owner, days since last touch or None, cadence override); returns ids by name."""
    ids = {}
    with writing(engine) as session:
        for name, tier, owner, days, *override in accounts:
            account = make_account(session, name, team=team, tier=tier, owner=owner,
                                   cadence_days=override[0] if override else None)
            ids[name] = account.id
            if days is not None:
                make_touch(session, account, on=TODAY - timedelta(days=days), by=owner, summary="catch-up")
    return ids


def listed(reply) -> list[str]:
    """Account names in the order the reply lists them."""
    return [line.split("*")[1] for line in reply.text.splitlines() if line.startswith("• *")]


def test_tier_a_goes_cold_after_fourteen_days(engine, kam):
    seed(engine, ("Fourteen", "A", "U_ANA", 14), ("Fifteen", "A", "U_ANA", 15))
    reply = kam("/kam stale")
    assert reply.kind == "stale"
    assert listed(reply) == ["Fifteen"]
    assert "1 of your 2 accounts is going cold" in reply.text
    assert "15 days since the last touch, cadence 14 days" in reply.text


def test_tier_boundaries_b_and_c(engine, kam):
    seed(engine, ("B30", "B", "U_ANA", 30), ("B31", "B", "U_ANA", 31),
         ("C60", "C", "U_ANA", 60), ("C61", "C", "U_ANA", 61))
    assert listed(kam("/kam stale")) == ["B31", "C61"]


def test_never_touched_first_then_most_overdue(engine, kam):
    seed(engine, ("Slightly late", "A", "U_ANA", 16), ("Very late", "B", "U_ANA", 90),
         ("Brand new", "C", "U_ANA", None))
    reply = kam("/kam stale")
    assert listed(reply) == ["Brand new", "Very late", "Slightly late"]
    assert "*never touched*" in reply.text


def test_per_account_override_moves_the_boundary(engine, kam):
    seed(engine, ("Relaxed A", "A", "U_ANA", 20, 30), ("Tight C", "C", "U_ANA", 8, 7))
    reply = kam("/kam stale")
    assert listed(reply) == ["Tight C"]
    assert "cadence 7 days (custom)" in reply.text


def test_mine_is_the_default_and_all_shows_owners(engine, kam):
    seed(engine, ("Ana's", "A", "U_ANA", None), ("Ben's", "A", "U_BEN", None), ("Nobody's", "B", None, None))
    assert listed(kam("/kam stale")) == listed(kam("/kam stale mine")) == ["Ana's"]
    everyone = kam("/kam stale all")
    assert listed(everyone) == ["Ana's", "Ben's", "Nobody's"]
    assert "<@U_BEN>" in everyone.text and "no owner" in everyone.text
    assert "3 of the team's 3 accounts are going cold" in everyone.text


def test_one_persons_accounts_by_mention(engine, kam):
    seed(engine, ("Ana's", "A", "U_ANA", None), ("Ben's", "A", "U_BEN", None))
    reply = kam("/kam stale <@U_BEN|ben>")
    assert listed(reply) == ["Ben's"]
    assert "<@U_BEN>'s" in reply.text  # a real mention, not escaped text
    assert listed(kam("/kam stale <@U_ANA|ana>")) == ["Ana's"]


def test_spanish_command_and_words(engine, kam):
    seed(engine, ("Banco Andino", "A", "U_ANA", None), ("Otra", "B", "U_BEN", 45))
    mine = kam("/kam frías")
    assert mine.lang == "es" and "nunca contactada" in mine.text and listed(mine) == ["Banco Andino"]
    everyone = kam("/kam frias todas")
    assert listed(everyone) == ["Banco Andino", "Otra"] and "45 días desde el último contacto" in everyone.text
    assert listed(kam("/kam frías mías")) == ["Banco Andino"]


def test_dm_questions_in_both_languages(engine, kam):
    seed(engine, ("Acme", "A", "U_ANA", 20), ("Ben's", "A", "U_BEN", None))
    for question in ("which of my accounts are going cold?", "what's stale"):
        reply = kam(question)
        assert reply.kind == "stale" and reply.lang == "en" and listed(reply) == ["Acme"]
    for question in ("¿qué cuentas tengo frías?", "cuentas frías"):
        reply = kam(question)
        assert reply.kind == "stale" and reply.lang == "es" and listed(reply) == ["Acme"]
    assert listed(kam("which accounts are going cold across the team?")) == ["Ben's", "Acme"]


def test_a_report_that_mentions_cold_is_not_a_question(engine, kam):
    seed(engine, ("Acme", "A", "U_ANA", 20))
    assert kam("met Jane at Acme today, the deal is going cold").kind != "stale"


def test_nothing_stale_says_so(engine, kam):
    seed(engine, ("Acme", "A", "U_ANA", 3))
    reply = kam("/kam stale")
    assert "Nothing is going cold" in reply.text and listed(reply) == []
    assert "Nada se está enfriando" in kam("/kam frías").text


def test_no_accounts_points_to_the_team_list(kam):
    assert "/kam stale all" in kam("/kam stale").text


def test_long_lists_are_summarised(engine, kam):
    seed(engine, *[(f"Account {i:03d}", "B", "U_ANA", None) for i in range(75)])
    reply = kam("/kam stale")
    assert len(listed(reply)) == 30
    assert "…and 45 more" in reply.text
    assert len(reply.text.splitlines()) <= 40
    assert len(reply.data["stale"]) == 75


def test_snoozed_accounts_are_still_listed_with_the_snooze(engine, kam):
    ids = seed(engine, ("Acme", "A", "U_ANA", 30))
    with session_scope(engine) as session:
        session.add(Snooze(team_id="T1", account_id=ids["Acme"], until=TODAY + timedelta(days=7)))
    reply = kam("/kam stale")
    assert listed(reply) == ["Acme"] and "snoozed until Dec 4, 2026" in reply.text


def test_other_teams_are_invisible(engine, kam):
    seed(engine, ("Acme", "A", "U_ANA", None), team="T2")
    assert listed(kam("/kam stale all")) == []


def test_hostile_names_are_escaped(engine, kam):
    seed(engine, ("<!channel> & <http://evil|Co>", "A", "U_ANA", None))
    reply = kam("/kam stale")
    assert "<!channel>" not in reply.text and "<http" not in reply.text
    assert "&lt;!channel&gt; &amp; &lt;http://evil|Co&gt;" in reply.text


def test_unknown_argument_says_what_to_type(engine, kam):
    reply = kam("/kam stale whatever")
    assert reply.kind == "usage" and "/kam stale all" in reply.text


def test_account_states_for_the_reminder_job_in_four_queries(engine):
    from sqlalchemy import event

    from kambot.core.account_states import load_account_states
    from kambot.storage.models import ReminderLog

    ids = seed(engine, *[(f"Acct {i}", "A", "U_ANA" if i % 2 else "U_BEN", i or None) for i in range(40)])
    with session_scope(engine) as session:
        session.add(Snooze(team_id="T1", account_id=ids["Acct 3"], until=TODAY + timedelta(days=2)))
        for day in (5, 1):
            session.add(ReminderLog(team_id="T1", account_id=ids["Acct 3"], owner="U_ANA",
                                    reminded_on=TODAY - timedelta(days=day)))
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    try:
        with session_scope(engine) as session:
            everyone = load_account_states(session, team_id="T1")
            statements_all = len(statements)
            anas = load_account_states(session, team_id="T1", owner="U_ANA")
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    assert statements_all == 4 and len(statements) == 8
    assert len(everyone) == 40 and {s.owner for s in anas} == {"U_ANA"} and len(anas) == 20
    three = next(s for s in anas if s.name == "Acct 3")
    assert three.last_touch_on == TODAY - timedelta(days=3)
    assert three.snoozed_until == TODAY + timedelta(days=2) and three.last_reminded_on == TODAY - timedelta(days=1)
    assert next(s for s in everyone if s.name == "Acct 0").last_touch_on is None
