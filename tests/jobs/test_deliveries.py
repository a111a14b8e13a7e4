"""Delivery claims on SQLite and PostgreSQL: insert wins, leases expire, failures back off, sent is final."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kambot.jobs.deliveries import MAX_ATTEMPTS, Claims, backoff
from tests.jobs.helpers import deliveries

KEY = "remind:T1:U1:2026-11-27"


def test_first_insert_wins_and_a_live_lease_is_respected(engine, now):
    first, second = Claims(engine, worker="a"), Claims(engine, worker="b")
    assert first.claim(KEY, team_id="T1", kind="reminder", now=now).attempt == 1
    assert second.claim(KEY, team_id="T1", kind="reminder", now=now) is None
    assert second.claim(KEY, team_id="T1", kind="reminder", now=now + timedelta(minutes=4)) is None
    row = deliveries(engine)[KEY]
    assert (row.status, row.claimed_by, row.attempts) == ("claimed", "a", 1)


def test_an_expired_lease_is_taken_over_once(engine, now):
    Claims(engine, worker="dead").claim(KEY, team_id="T1", kind="reminder", now=now)
    later = now + timedelta(minutes=6)
    b, c = Claims(engine, worker="b"), Claims(engine, worker="c")
    assert b.open_keys([KEY], later) == {KEY}
    won = b.claim(KEY, team_id="T1", kind="reminder", now=later)
    assert won is not None and won.attempt == 2
    assert c.claim(KEY, team_id="T1", kind="reminder", now=later) is None  # b's lease is fresh
    assert deliveries(engine)[KEY].claimed_by == "b"


def test_sent_is_final(engine, now):
    claims = Claims(engine, worker="a")
    claim = claims.claim(KEY, team_id="T1", kind="reminder", now=now)
    claims.sent(claim, now)
    row = deliveries(engine)[KEY]
    assert row.status == "sent" and row.sent_at == now
    far = now + timedelta(days=1)
    assert Claims(engine, worker="b").claim(KEY, team_id="T1", kind="reminder", now=far) is None
    assert claims.open_keys([KEY], far) == set()


def test_failures_back_off_then_give_up(engine, now):
    claims = Claims(engine, worker="a")
    at = now
    for attempt in range(1, MAX_ATTEMPTS + 1):
        claim = claims.claim(KEY, team_id="T1", kind="digest", now=at)
        assert claim is not None and claim.attempt == attempt
        status = claims.failed(claim, "channel_not_found", at)
        assert status == ("failed" if attempt == MAX_ATTEMPTS else "retry")
        if status == "retry":  # not before the backoff has passed
            almost = at + backoff(attempt) - timedelta(seconds=1)
            assert claims.claim(KEY, team_id="T1", kind="digest", now=almost) is None
        at += backoff(attempt)
    row = deliveries(engine)[KEY]
    assert (row.status, row.attempts, row.error) == ("failed", MAX_ATTEMPTS, "channel_not_found")
    assert claims.claim(KEY, team_id="T1", kind="digest", now=at + timedelta(hours=1)) is None


def test_a_crash_loop_ends_as_failed(engine, now):
    at = now
    for n in range(MAX_ATTEMPTS):
        assert Claims(engine, worker=f"w{n}").claim(KEY, team_id="T1", kind="reminder", now=at) is not None
        at += timedelta(minutes=6)
    assert Claims(engine, worker="last").claim(KEY, team_id="T1", kind="reminder", now=at) is None
    assert deliveries(engine)[KEY].status == "failed"


@pytest.mark.parametrize("attempts,minutes", [(1, 1), (2, 2), (3, 4), (4, 8), (9, 30)])
def test_backoff_grows_and_is_capped(attempts, minutes):
    assert backoff(attempts) == timedelta(minutes=minutes)


def test_deliver_marks_sent_with_extra_rows_and_records_failures(engine, now):
    claims = Claims(engine, worker="a")
    seen = []
    assert claims.deliver(KEY, team_id="T1", kind="reminder", now=now, send=lambda: seen.append(1),
                          after=lambda conn: seen.append(2)) == ("sent", None)
    assert seen == [1, 2]
    assert claims.deliver(KEY, team_id="T1", kind="reminder", now=now, send=lambda: seen.append(3)) == ("taken", None)

    class Refused(Exception):
        error = "not_in_channel"

    def refuse():
        raise Refused()

    other = "digest:T1:1:2026-W48"
    assert claims.deliver(other, team_id="T1", kind="digest", now=now, send=refuse) == ("retry", "not_in_channel")
    assert deliveries(engine)[other].error == "not_in_channel"
