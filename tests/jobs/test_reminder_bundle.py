"""The whole bundle is one reminder: accounts summarised as "and N more" get the quiet week too."""
from __future__ import annotations

import json
from argparse import Namespace
from datetime import date

from sqlalchemy import event

from kambot.config import Settings
from kambot.jobs import cli
from kambot.jobs.reminders import SHOWN
from tests.jobs.helpers import dm_texts, posts, reminder_logs, utc
from tests.support.factories import make_account, make_touch

MORE = SHOWN + 5  # more stale accounts than the DM shows in detail


def _book(engine, owner: str = "U_NY") -> list[int]:
    """An owner with MORE stale tier-A accounts, last touched in September (so the DM order is by name)."""
    return [make_account(engine, f"Account {n:02d}", owner=owner, tier="A", touched=[date(2026, 9, 1)]).id
            for n in range(MORE)]


def test_the_accounts_counted_but_not_shown_are_not_reminded_the_next_day(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    _book(engine)
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 11, 27, 15, 0))  # Friday 10:00 in New York
    [first] = dm_texts(fake, "U_NY")
    assert "25 of your accounts" in first and "and 5 more" in first and "Account 24" not in first
    for day in (30, 1, 2, 3):  # Monday to Thursday
        scheduler.tick(utc(2026, 11 if day == 30 else 12, day, 15, 0))
    assert len(posts(fake)) == 1  # none of the 25, shown or counted, came back within the week


def test_after_the_quiet_week_the_whole_bundle_comes_back_if_still_stale(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    ids = _book(engine)
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 11, 27, 15, 0))  # Friday
    make_touch(engine, ids[-1], on=date(2026, 11, 30), summary="hi", by="U_X")  # one of the counted tail is touched on Monday: fresh again
    scheduler.tick(utc(2026, 12, 4, 15, 0))  # Friday a week later
    assert len(posts(fake)) == 2
    second = dm_texts(fake, "U_NY")[-1]
    assert "24 of your accounts are going cold" in second and "and 4 more" in second
    assert "Account 24" not in second
    assert [log.reminded_on for log in reminder_logs(engine)].count(date(2026, 12, 4)) == MORE - 1


def test_a_counted_account_touched_and_stale_again_is_news_within_the_week(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    ids = _book(engine)
    fast = make_account(engine, "Zeta Quick", owner="U_NY", tier="A", touched=[date(2026, 11, 20)], cadence_days=1).id
    scheduler = make_scheduler()
    scheduler.tick(utc(2026, 11, 27, 15, 0))  # Friday: Zeta is last by name, in the counted tail
    assert "Zeta Quick" not in dm_texts(fake, "U_NY")[0] and ids
    make_touch(engine, fast, on=date(2026, 11, 28), summary="hi", by="U_X")  # answered on Saturday, then two days without a touch
    scheduler.tick(utc(2026, 11, 30, 15, 0))  # Monday
    [_, monday] = dm_texts(fake, "U_NY")
    assert "Zeta Quick" in monday and "Account 00" not in monday


def test_the_bundle_is_logged_with_one_statement(engine, fake, make_scheduler, now):
    fake.set_user("U_BIG", tz="UTC")
    _book(engine, owner="U_BIG")
    inserts = []
    listener = lambda _c, _cur, statement, *_a: inserts.append(statement)  # noqa: E731
    event.listen(engine, "before_cursor_execute", listener)
    make_scheduler().tick(now)
    event.remove(engine, "before_cursor_execute", listener)
    assert len(reminder_logs(engine)) == MORE
    assert sum(s.lstrip().upper().startswith("INSERT INTO REMINDERLOG") for s in inserts) == 1


def test_a_dry_run_of_a_big_bundle_records_nothing(engine, fake, make_scheduler, now, capsys):
    fake.set_user("U_NY", tz="America/New_York")
    _book(engine)
    args = Namespace(dry_run=True, json=True, team=None)
    assert cli.run("remind", Settings(default_tz="America/New_York"), engine, args, now=now) == 0
    assert len(json.loads(capsys.readouterr().out)) == MORE
    assert reminder_logs(engine) == []
    make_scheduler().tick(now)  # the real run afterwards still reminds about the whole bundle
    assert "25 of your accounts" in dm_texts(fake, "U_NY")[0] and len(reminder_logs(engine)) == MORE
