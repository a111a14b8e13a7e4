"""The Snooze buttons through core.action: owner only, then quiet until the snooze ends."""
from __future__ import annotations

from datetime import date

from kambot.storage.db import session_scope
from kambot.storage.models import Snooze
from tests.jobs.helpers import posts, utc
from tests.support.factories import make_account


def _snooze_row(engine, account_id: int) -> Snooze | None:
    with session_scope(engine) as session:
        return session.get(Snooze, ("T1", account_id))


def test_snooze_week_then_quiet_until_the_end(engine, core, make_ctx, fake, make_scheduler):
    fake.set_user("U_ANA", tz="America/New_York")
    acc = make_account(engine, "Hudson Bank", owner="U_ANA", tier="A").id
    reply = core.action(make_ctx(user="U_ANA"), "reminder_snooze_week", str(acc))  # Friday 27 Nov
    assert reply.kind == "snoozed" and reply.data["until"] == "2026-12-04"
    assert "Hudson Bank" in reply.text and "Dec 4, 2026" in reply.text
    assert _snooze_row(engine, acc).until == date(2026, 12, 4)
    scheduler = make_scheduler()
    for day in (27, 30):
        scheduler.tick(utc(2026, 11, day, 15, 0))
    for day in (1, 2, 3, 4):  # through the last snoozed day
        scheduler.tick(utc(2026, 12, day, 15, 0))
    assert posts(fake) == []
    scheduler.tick(utc(2026, 12, 7, 15, 0))  # Monday after: reminded again
    assert len(posts(fake)) == 1


def test_snooze_month_in_spanish(engine, core, make_ctx, fake, make_scheduler):
    fake.set_user("U_ANA", tz="America/New_York")
    acc = make_account(engine, "Banco Andino", owner="U_ANA", tier="A").id
    reply = core.action(make_ctx(user="U_ANA", lang="es"), "reminder_snooze_month", str(acc))
    assert reply.kind == "snoozed" and reply.data["until"] == "2026-12-27"
    assert "pospuesta hasta el" in reply.text
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 12, 24, 15, 0))
    assert posts(fake) == []
    scheduler.tick(utc(2026, 12, 28, 15, 0))
    assert len(posts(fake)) == 1


def test_only_the_owner_may_snooze(engine, core, make_ctx):
    acc = make_account(engine, "Hudson Bank", owner="U_ANA", tier="A").id
    reply = core.action(make_ctx(user="U_BEN"), "reminder_snooze_week", str(acc))
    assert reply.kind == "refused" and "<@U_ANA>" in reply.text
    assert _snooze_row(engine, acc) is None


def test_snoozing_an_unknown_or_foreign_account(engine, core, make_ctx):
    other_team = make_account(engine, "Elsewhere", owner="U_ANA", team="T2", tier="A").id
    assert core.action(make_ctx(user="U_ANA"), "reminder_snooze_week", "999999").kind == "not_found"
    assert core.action(make_ctx(user="U_ANA"), "reminder_snooze_week", "abc").kind == "not_found"
    assert core.action(make_ctx(user="U_ANA"), "reminder_snooze_week", str(other_team)).kind == "not_found"


def test_snoozing_again_moves_the_end(engine, core, make_ctx, now):
    acc = make_account(engine, "Hudson Bank", owner="U_ANA", tier="A").id
    core.action(make_ctx(user="U_ANA"), "reminder_snooze_month", str(acc))
    core.action(make_ctx(user="U_ANA", at=utc(2026, 12, 1, 15, 0)), "reminder_snooze_week", str(acc))
    assert _snooze_row(engine, acc).until == date(2026, 12, 8)
