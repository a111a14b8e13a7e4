"""Weekly digests from the scheduler: both languages, once per ISO week, late within the week, failures."""
from __future__ import annotations

from datetime import date, timedelta

from kambot.core.reply import Reply
from kambot.jobs.deliveries import MAX_ATTEMPTS, digest_key
from tests.jobs.helpers import deliveries, posts, subscribe, utc
from tests.support.factories import make_account

MONDAY_NINE = utc(2026, 11, 30, 9, 0)


def _text(call) -> str:
    return "\n".join(b["text"]["text"] for b in call.params["blocks"] if b["type"] == "section")


def test_digests_in_both_languages_go_to_their_channels(engine, fake, make_scheduler):
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A", touched=[date(2026, 11, 25)]).id
    make_account(engine, "Banco Andino", owner="U_NY", tier="A", touched=[date(2026, 8, 1)]).id
    english, spanish = subscribe(engine, "C_EN"), subscribe(engine, "C_ES", lang="es")
    scheduler = make_scheduler()
    scheduler.tick(MONDAY_NINE - timedelta(minutes=1))
    assert posts(fake, "C_EN") == [] and posts(fake, "C_ES") == []
    scheduler.tick(MONDAY_NINE)
    [en], [es] = posts(fake, "C_EN"), posts(fake, "C_ES")
    assert "Hudson Bank" in _text(en) and "Banco Andino" in _text(es)
    assert _text(en) != _text(es)  # same data, other words
    assert fake.errors() == []
    assert deliveries(engine)[digest_key("T1", english, "2026-W49")].status == "sent"
    assert deliveries(engine)[digest_key("T1", spanish, "2026-W49")].status == "sent"


def test_a_digest_goes_out_once_a_week_on_its_own_clock(engine, fake, make_scheduler):
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    subscribe(engine, "C_TOKYO", tz="Asia/Tokyo", weekday=0, hour=9)  # Monday 9:00 JST = Sunday 0:00 UTC
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 11, 29, 23, 59))
    assert posts(fake) == []
    for minutes in (0, 1, 60, 60 * 24 * 3):
        scheduler.tick(utc(2026, 11, 30, 0, 0) + timedelta(minutes=minutes))
    assert len(posts(fake, "C_TOKYO")) == 1
    scheduler.tick(utc(2026, 12, 7, 0, 0))  # the next Monday 9:00 in Tokyo
    assert len(posts(fake, "C_TOKYO")) == 2


def test_a_missed_digest_goes_out_late_that_week_but_never_for_a_week_that_is_over(engine, fake, make_scheduler):
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    sub = subscribe(engine, "C_ONE")
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 12, 6, 23, 0))  # down all week 49 until Sunday night: still week 49
    assert len(posts(fake, "C_ONE")) == 1
    assert set(deliveries(engine)) == {digest_key("T1", sub, "2026-W49")}
    fresh = make_scheduler()
    fresh.tick(utc(2026, 12, 14, 8, 59))  # down through week 50 too: week 50 is over, week 51 not due yet
    assert len(posts(fake, "C_ONE")) == 1
    fresh.tick(utc(2026, 12, 14, 9, 0))
    assert set(deliveries(engine)) == {digest_key("T1", sub, "2026-W49"), digest_key("T1", sub, "2026-W51")}


def test_a_failing_channel_does_not_stop_the_others_and_ends_failed(engine, fake, make_scheduler):
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    fake.set_user("U_NY", tz="UTC")
    bad, good = subscribe(engine, "C_BAD"), subscribe(engine, "C_GOOD")
    fake.fail("chat.postMessage", "channel_not_found", times=100, channel="C_BAD")
    scheduler = make_scheduler()
    tried_at = []
    for minute in range(40):  # a tick a minute; the retries back off 1, 2, 4, then 8 minutes
        before = len(fake.calls("chat.postMessage"))
        scheduler.tick(MONDAY_NINE + timedelta(minutes=minute))
        if any(c.params.get("channel") == "C_BAD" for c in fake.calls("chat.postMessage")[before:]):
            tried_at.append(minute)
    assert tried_at == [0, 1, 3, 7, 15][:MAX_ATTEMPTS]
    assert len(posts(fake, "C_GOOD")) == 1 and len(posts(fake, "DU_NY")) == 1
    row = deliveries(engine)[digest_key("T1", bad, "2026-W49")]
    assert (row.status, row.attempts, row.error) == ("failed", MAX_ATTEMPTS, "channel_not_found")
    assert deliveries(engine)[digest_key("T1", good, "2026-W49")].status == "sent"


def test_the_bot_missing_from_a_channel_is_retried_and_then_succeeds(engine, fake, make_scheduler):
    make_account(engine, "Hudson Bank", owner="U_NY", tier="A").id
    sub = subscribe(engine, "C_ONE")
    fake.fail("chat.postMessage", "not_in_channel", times=1, channel="C_ONE")
    scheduler = make_scheduler()
    scheduler.tick(MONDAY_NINE)
    row = deliveries(engine)[digest_key("T1", sub, "2026-W49")]
    assert (row.status, row.error) == ("retry", "not_in_channel")
    scheduler.tick(MONDAY_NINE + timedelta(seconds=30))  # too soon
    scheduler.tick(MONDAY_NINE + timedelta(minutes=1))
    assert len(posts(fake, "C_ONE")) == 1
    assert deliveries(engine)[digest_key("T1", sub, "2026-W49")].status == "sent"


def test_a_digest_in_several_messages_posts_each_part(engine, fake, make_scheduler, monkeypatch):
    import kambot.jobs.digests as digest_job

    parts = [Reply(text=f"part {n}", sections=["x" * 2900] * 40, kind="digest", visibility="channel")
             for n in (1, 2, 3)]
    monkeypatch.setattr(digest_job, "render_digest", lambda session, **kw: parts)
    subscribe(engine, "C_ONE")
    make_scheduler().tick(MONDAY_NINE)
    sent = posts(fake, "C_ONE")
    assert [c.params["text"] for c in sent] == ["part 1", "part 2", "part 3"]
    assert fake.errors() == []
