"""Reminder DMs from the scheduler: each owner's own 9:00, weekdays, cadence, quiet period, content, limits."""
from __future__ import annotations

from datetime import date

from kambot.jobs.deliveries import reminder_key
from tests.jobs.helpers import deliveries, dm_texts, posts, reminder_logs, utc
from tests.support.factories import make_account, make_touch


def test_each_owner_gets_theirs_at_their_own_nine(engine, fake, make_scheduler):
    fake.set_user("U_TOKYO", tz="Asia/Tokyo")
    fake.set_user("U_LA", tz="America/Los_Angeles")
    make_account(engine, "Sakura Foods", owner="U_TOKYO", tier="A").id
    make_account(engine, "Pacific Labs", owner="U_LA", tier="A").id
    scheduler = make_scheduler()
    # Sunday 23:59 UTC: 8:59 on Monday in Tokyo, Sunday afternoon in Los Angeles
    scheduler.tick(utc(2026, 11, 29, 23, 59))
    assert posts(fake) == []
    scheduler.tick(utc(2026, 11, 30, 0, 0))  # 9:00 Monday in Tokyo
    assert [c.params["channel"] for c in posts(fake)] == ["DU_TOKYO"]
    scheduler.tick(utc(2026, 11, 30, 16, 59))  # 8:59 in Los Angeles (PST, UTC-8)
    assert len(posts(fake)) == 1
    scheduler.tick(utc(2026, 11, 30, 17, 0))  # 9:00 in Los Angeles
    assert [c.params["channel"] for c in posts(fake)] == ["DU_TOKYO", "DU_LA"]
    scheduler.tick(utc(2026, 11, 30, 23, 0))  # later the same day: nothing new
    assert len(posts(fake)) == 2
    assert set(deliveries(engine)) == {reminder_key("T1", "U_TOKYO", "2026-11-30"),
                                       reminder_key("T1", "U_LA", "2026-11-30")}


def test_daylight_saving_change_moves_the_utc_instant(engine, fake, make_scheduler):
    fake.set_user("U_LA", tz="America/Los_Angeles")
    # A one-day cadence, so a touch over the weekend makes it due again on Monday despite the quiet week.
    acc = make_account(engine, "Pacific Labs", owner="U_LA", cadence_days=1, tier="A").id
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 10, 30, 15, 59))  # Friday 8:59 PDT
    assert posts(fake) == []
    scheduler.tick(utc(2026, 10, 30, 16, 0))  # Friday 9:00 PDT (UTC-7)
    assert len(posts(fake)) == 1
    make_touch(engine, acc, on=date(2026, 10, 31), summary="hi", by="U_X")  # Saturday; clocks fall back on Sunday Nov 1
    scheduler.tick(utc(2026, 11, 2, 16, 0))  # Monday 8:00 PST: the instant that was 9:00 last week
    assert len(posts(fake)) == 1
    scheduler.tick(utc(2026, 11, 2, 17, 0))  # Monday 9:00 PST (UTC-8)
    assert len(posts(fake)) == 2
    assert "2 days since the last touch" in dm_texts(fake, "U_LA")[-1]


def test_spring_forward(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 3, 9, 12, 59))  # Monday after the change: 8:59 EDT
    assert posts(fake) == []
    scheduler.tick(utc(2026, 3, 9, 13, 0))  # 9:00 EDT (UTC-4; a week earlier 9:00 was 14:00 UTC)
    assert len(posts(fake)) == 1


def test_weekends_bring_nothing(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    scheduler = make_scheduler()
    for hour in (14, 18, 23):
        scheduler.tick(utc(2026, 11, 28, hour, 0))  # Saturday in New York
        scheduler.tick(utc(2026, 11, 29, hour, 0))  # Sunday
    assert posts(fake) == []
    scheduler.tick(utc(2026, 11, 30, 14, 0))  # Monday 9:00
    assert len(posts(fake)) == 1


def test_cadence_boundary_reaches_the_dm(engine, fake, make_scheduler, now):
    fake.set_user("U_NY", tz="America/New_York")
    make_account(engine, "Fourteen Days", owner="U_NY", tier="A", touched=[date(2026, 11, 13)]).id
    fifteen = make_account(engine, "Fifteen Days", owner="U_NY", tier="A", touched=[date(2026, 11, 12)]).id
    make_scheduler().tick(now)  # Friday 27 Nov, 10:00 in New York
    [text] = dm_texts(fake, "U_NY")
    assert "Fifteen Days" in text and "15 days since the last touch" in text
    assert "Fourteen Days" not in text
    assert [log.account_id for log in reminder_logs(engine)] == [fifteen]


def test_only_a_fourteen_day_account_sends_nothing(engine, fake, make_scheduler, now):
    fake.set_user("U_NY", tz="America/New_York")
    make_account(engine, "Fourteen Days", owner="U_NY", tier="A", touched=[date(2026, 11, 13)]).id
    scheduler = make_scheduler()
    scheduler.tick(now)
    scheduler.tick(utc(2026, 11, 27, 16, 0))
    assert posts(fake) == [] and deliveries(engine) == {}


def test_dm_content_order_people_and_buttons(engine, fake, make_scheduler, now):
    fake.set_user("U_NY", tz="America/New_York", locale="es-ES")
    make_account(engine, "Beta <Corp>", owner="U_NY", tier="B", touched=[date(2026, 9, 1)]).id
    alpha = make_account(engine, "Alpha", owner="U_NY", tier="A",
                    contacts=[{"name": "Priya Shah", "role": "decision_maker", "relationship_owner": "U_BEN"}]).id
    make_scheduler().tick(now)
    [call] = posts(fake, "DU_NY")
    blocks = call.params["blocks"]
    sections = [b["text"]["text"] for b in blocks if b["type"] == "section"]
    assert sections[1].startswith("*Alpha* · nivel A · nunca contactada")  # tier A first, Spanish locale
    assert "Priya Shah" in sections[1] and "<@U_BEN>" in sections[1]
    assert "*Beta &lt;Corp&gt;*" in sections[2] and "87 días" in sections[2]
    actions = [b for b in blocks if b["type"] == "actions"][0]["elements"]
    assert [(e["action_id"], e["value"]) for e in actions] == [
        ("reminder_log_touch", str(alpha)), ("reminder_snooze_week", str(alpha)), ("reminder_snooze_month", str(alpha))]
    assert actions[1]["text"]["text"] == "Posponer 1 semana"


def test_four_hundred_stale_accounts_fit_in_one_message(engine, fake, make_scheduler, now):
    fake.set_user("U_BIG", tz="UTC")
    for n in range(400):
        make_account(engine, f"Account {n:03d} " + "x" * 150, owner="U_BIG", tier="ABC"[n % 3]).id
    make_scheduler().tick(now)
    [call] = posts(fake, "DU_BIG")
    assert fake.errors() == []
    blocks = call.params["blocks"]
    assert len(blocks) <= 50
    assert sum(1 for b in blocks if b["type"] == "actions") == 20
    assert "and 380 more" in blocks[-1]["elements"][0]["text"] and "/kam stale" in blocks[-1]["elements"][0]["text"]
    assert len(reminder_logs(engine)) == 400  # the summarised tail was in the DM too: all are quiet now


def test_quiet_for_seven_days_after_a_reminder(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 11, 27, 15, 0))  # Friday
    for day in (30, 1, 2, 3):  # Monday to Thursday
        scheduler.tick(utc(2026, 11 if day == 30 else 12, day, 15, 0))
    assert len(posts(fake)) == 1
    scheduler.tick(utc(2026, 12, 4, 15, 0))  # a week later
    assert len(posts(fake)) == 2


def test_a_missed_reminder_goes_out_late_the_same_day_only(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 11, 27, 4, 59))  # Thursday 23:59 in New York: Thursday's, very late
    assert [k.rsplit(":", 1)[1] for k in deliveries(engine)] == ["2026-11-26"]
    other = make_account(engine, "Late Corp", owner="U_LATE", tier="A").id
    fake.set_user("U_LATE", tz="America/New_York")
    scheduler.tick(utc(2026, 11, 27, 13, 0))  # Friday 8:00: Thursday is over, Friday not due yet
    assert len(posts(fake)) == 1 and other
    scheduler.tick(utc(2026, 11, 27, 14, 0))  # Friday 9:00: Friday's for both (Hudson is quiet, Late is new)
    assert [c.params["channel"] for c in posts(fake)] == ["DU_NY", "DU_LATE"]


def test_unowned_accounts_and_unknown_time_zone(engine, fake, make_scheduler, now):
    make_account(engine, "Nobody's", owner=None, tier="A").id
    fake.fail("users.info", "user_not_found", times=5)
    make_account(engine, "Ghost Co", owner="U_GHOST", tier="A").id
    make_scheduler().tick(utc(2026, 11, 27, 9, 0))  # 9:00 UTC, the default zone when Slack cannot tell
    assert [c.params["channel"] for c in posts(fake)] == ["DU_GHOST"]
