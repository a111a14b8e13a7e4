"""`bot.py remind` and `bot.py digest`: dry runs record nothing, real runs are claimed like the scheduler's."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from argparse import Namespace
from datetime import date

from kambot.config import ROOT, Settings
from kambot.jobs import cli
from kambot.slack.messenger import SlackMessenger
from tests.jobs.helpers import deliveries, posts, reminder_logs, subscribe, utc
from tests.support.factories import make_account

NO_SLACK = Settings(default_tz="America/New_York")


def run_job(command, settings, engine, args, *, now):
    """The job command as `bot.py` runs it: with the Slack door's messenger for real sends."""
    return cli.run(command, settings, engine, args, now=now, slack=lambda: SlackMessenger(settings, engine))


def _remind(settings, engine, now, **options):
    args = Namespace(**{"dry_run": False, "json": False, "team": None, **options})
    return run_job("remind", settings, engine, args, now=now)


def _seed(engine) -> None:
    make_account(engine, "Hudson Bank", owner="U_ANA", tier="A", touched=[date(2026, 11, 1)]).id
    make_account(engine, "Banco Andino", owner="U_ANA", tier="B").id
    make_account(engine, "Fresh Co", owner="U_ANA", tier="A", touched=[date(2026, 11, 26)]).id
    make_account(engine, "Pacific Labs", owner="U_BEN", tier="C", touched=[date(2026, 8, 1)]).id


def test_remind_dry_run_json_lists_every_account_and_records_nothing(engine, now, capsys):
    _seed(engine)
    assert _remind(NO_SLACK, engine, now, dry_run=True, json=True) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [
        {"owner": "U_ANA", "account": "Hudson Bank", "days_since_last_touch": 26, "tier": "A"},
        {"owner": "U_ANA", "account": "Banco Andino", "days_since_last_touch": None, "tier": "B"},
        {"owner": "U_BEN", "account": "Pacific Labs", "days_since_last_touch": 118, "tier": "C"},
    ]
    assert deliveries(engine) == {} and reminder_logs(engine) == []


def test_remind_dry_run_prints_the_dms(engine, now, capsys):
    _seed(engine)
    assert _remind(NO_SLACK, engine, now, dry_run=True, team="T1") == 0
    out = capsys.readouterr().out
    assert "DM to U_ANA" in out and "DM to U_BEN" in out
    assert "*Hudson Bank* · tier A · 26 days since the last touch" in out and "[Snooze 1 week]" in out
    assert "2 reminder(s) about 3 account(s) would be sent (dry run" in out
    assert deliveries(engine) == {} and reminder_logs(engine) == []


def test_remind_without_a_token_says_so(engine, now, capsys):
    _seed(engine)
    assert _remind(NO_SLACK, engine, now) != 0
    assert "bot token" in capsys.readouterr().err
    assert deliveries(engine) == {}


def test_remind_now_sends_before_nine_but_once_a_day(engine, fake, settings, capsys):
    _seed(engine)
    fake.set_user("U_ANA", tz="America/New_York")
    fake.set_user("U_BEN", tz="America/New_York")
    early = utc(2026, 11, 27, 11, 0)  # 6:00 in New York: `remind` runs now, whatever the hour
    assert _remind(settings, engine, early, json=True) == 0
    assert len(json.loads(capsys.readouterr().out)) == 3
    assert sorted(c.params["channel"] for c in posts(fake)) == ["DU_ANA", "DU_BEN"]
    assert len(reminder_logs(engine)) == 3
    assert _remind(settings, engine, utc(2026, 11, 27, 20, 0), json=True) == 0  # again the same day
    assert json.loads(capsys.readouterr().out) == []
    assert len(posts(fake)) == 2


def test_remind_reports_a_failed_dm(engine, fake, settings, now, capsys):
    _seed(engine)
    fake.fail("chat.postMessage", "account_inactive", channel="DU_BEN")
    assert _remind(settings, engine, now) == 1
    assert "account_inactive" in capsys.readouterr().err
    assert posts(fake, "DU_ANA")


def test_digest_dry_run_prints_each_subscription(engine, now, capsys):
    _seed(engine)
    subscribe(engine, "C_EN")
    subscribe(engine, "C_ES", lang="es")
    args = Namespace(dry_run=True, channel=None, team=None)
    assert run_job("digest", NO_SLACK, engine, args, now=now) == 0
    out = capsys.readouterr().out
    assert "#C_EN" in out and "#C_ES" in out and "Hudson Bank" in out
    assert deliveries(engine) == {}


def test_digest_posts_one_channel_now_and_once_a_week(engine, fake, settings, now, capsys):
    _seed(engine)
    subscribe(engine, "C_EN")
    subscribe(engine, "C_ES", lang="es")
    args = Namespace(dry_run=False, channel="C_ES", team=None)
    assert run_job("digest", settings, engine, args, now=now) == 0
    assert [c.params["channel"] for c in posts(fake)] == ["C_ES"]
    assert run_job("digest", settings, engine, args, now=now) == 0
    assert "already posted" in capsys.readouterr().out
    assert len(posts(fake)) == 1


def test_digest_for_an_unsubscribed_channel_is_a_one_off(engine, now, capsys):
    _seed(engine)
    args = Namespace(dry_run=True, channel="C_NEW", team="T1")
    assert run_job("digest", NO_SLACK, engine, args, now=now) == 0
    assert "#C_NEW" in capsys.readouterr().out


def test_digest_and_scheduler_need_a_token(engine, now, capsys):
    assert run_job("digest", NO_SLACK, engine, Namespace(dry_run=False, channel=None, team=None), now=now) != 0
    assert run_job("scheduler", NO_SLACK, engine, Namespace(), now=now) != 0
    assert capsys.readouterr().err.count("bot token") == 2


def test_bot_py_remind_dry_run_json(db_url, engine):
    _seed(engine)
    env = {k: v for k, v in os.environ.items() if not k.startswith("SLACK_")}
    env.update(DATABASE_URL=db_url, KAMBOT_TZ="America/New_York", LOG_LEVEL="WARNING")
    done = subprocess.run([sys.executable, "bot.py", "remind", "--dry-run", "--json"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    rows = json.loads(done.stdout)
    assert {r["account"] for r in rows} == {"Hudson Bank", "Banco Andino", "Pacific Labs"}
    assert all(set(r) == {"owner", "account", "days_since_last_touch", "tier"} for r in rows)
    assert deliveries(engine) == {}
    refused = subprocess.run([sys.executable, "bot.py", "remind"], cwd=ROOT, env=env, capture_output=True,
                             text=True, timeout=120)
    assert refused.returncode != 0 and "bot token" in refused.stderr
