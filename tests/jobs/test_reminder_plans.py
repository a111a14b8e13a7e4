"""Plan actions in their owner's reminder DM: open ones overdue or due within a week, after the accounts."""
from __future__ import annotations

import json
from argparse import Namespace
from datetime import date, timedelta

from kambot.config import Settings
from kambot.jobs import cli
from kambot.jobs.deliveries import reminder_key
from kambot.jobs.reminders import ACTIONS_SHOWN
from kambot.slack.blocks import MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT
from tests.jobs.helpers import deliveries, dm_texts, posts, reminder_logs, utc
from tests.support.factories import make_account, make_action

FRIDAY = date(2026, 11, 27)  # the tick below is 10:00 on Friday in New York
TICK = utc(2026, 11, 27, 15, 0)


def _fresh(engine, name: str = "Acme", owner: str = "U_NY", **fields):
    """An account touched today: never going cold, so only its plan can bring a reminder."""
    return make_account(engine, name, owner=owner, tier="A", touched=[FRIDAY], **fields)


def test_an_owner_with_only_actions_due_gets_a_dm_listing_them(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    acme = _fresh(engine)
    make_action(engine, acme, "ROI study", owner_user="U_NY", due=FRIDAY - timedelta(days=3))
    make_action(engine, acme, "Site visit", owner_user="U_NY", due=FRIDAY)
    make_action(engine, acme, "Pricing call", owner_user="U_NY", due=FRIDAY + timedelta(days=7))
    make_action(engine, acme, "Too far ahead", owner_user="U_NY", due=FRIDAY + timedelta(days=8))
    make_action(engine, acme, "Already done", owner_user="U_NY", due=FRIDAY, status="done")
    make_action(engine, acme, "Dropped", owner_user="U_NY", due=FRIDAY, status="dropped")
    make_action(engine, acme, "No date", owner_user="U_NY")
    make_action(engine, acme, "Somebody else's", owner_user="U_OTHER", due=FRIDAY)
    make_scheduler().tick(TICK)
    [dm] = dm_texts(fake, "U_NY")
    assert "3 plan actions of yours are due" in dm
    assert dm.index("ROI study") < dm.index("Site visit") < dm.index("Pricing call")  # the most overdue first
    assert "*overdue*, 3 days late" in dm and "due *today*" in dm and "Fri, Dec 4, 2026" in dm
    for absent in ("Too far ahead", "Already done", "Dropped", "No date", "Somebody else's", "going cold"):
        assert absent not in dm
    assert reminder_logs(engine) == []  # actions are not accounts: nothing goes quiet for a week


def test_actions_come_after_the_going_cold_accounts_in_the_same_dm(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    cold = make_account(engine, "Globex", owner="U_NY", tier="A", touched=[date(2026, 9, 1)])
    make_action(engine, cold, "Send the proposal", owner_user="U_NY", due=FRIDAY + timedelta(days=2))
    make_scheduler().tick(TICK)
    [call] = posts(fake, "DU_NY")
    [dm] = dm_texts(fake, "U_NY")
    assert "1 of your accounts is going cold" in dm and "Your plan actions due this week" in dm
    assert dm.index("going cold") < dm.index("Send the proposal")
    ids = [b.get("block_id") or "" for b in call.params["blocks"]]
    assert ids[-1] == "reminder_plan_actions" and f"reminder_{cold.id}" in ids  # the account keeps its buttons
    assert len(reminder_logs(engine)) == 1


def test_a_due_action_comes_back_the_next_day_until_it_is_done(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    acme = _fresh(engine)
    make_action(engine, acme, "ROI study", owner_user="U_NY", due=FRIDAY)
    scheduler = make_scheduler()
    scheduler.tick(TICK)
    scheduler.tick(utc(2026, 11, 27, 20, 0))  # later the same day: once a day
    assert len(posts(fake)) == 1
    scheduler.tick(utc(2026, 11, 30, 15, 0))  # Monday: still open, now overdue
    assert len(posts(fake)) == 2 and "*overdue*, 3 days late" in dm_texts(fake, "U_NY")[-1]
    assert set(deliveries(engine)) == {reminder_key("T1", "U_NY", "2026-11-27"),
                                       reminder_key("T1", "U_NY", "2026-11-30")}


def test_an_owner_of_actions_but_of_no_account_is_reminded(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    fake.set_user("U_HELPER", tz="Europe/Madrid", locale="es-ES")
    acme = _fresh(engine)
    make_action(engine, acme, "Estudio ROI", owner_user="U_HELPER", due=FRIDAY - timedelta(days=1))
    make_scheduler().tick(TICK)
    [dm] = dm_texts(fake, "U_HELPER")
    assert "Tienes 1 acción del plan pendiente" in dm and "*vencida*, 1 día de retraso" in dm
    assert "Estudio ROI" in dm and "Acme" in dm
    assert dm_texts(fake, "U_NY") == []


def test_spanish_bundle(engine, fake, make_scheduler):
    fake.set_user("U_ES", tz="Europe/Madrid", locale="es-ES")
    cold = make_account(engine, "Globex", owner="U_ES", tier="A", touched=[date(2026, 9, 1)])
    make_action(engine, cold, "Enviar la propuesta", owner_user="U_ES", due=FRIDAY + timedelta(days=3))
    make_scheduler().tick(TICK)  # 16:00 in Madrid
    [dm] = dm_texts(fake, "U_ES")
    assert "se está enfriando" in dm and "Tus acciones del plan para esta semana" in dm
    assert "Enviar la propuesta" in dm and "para el lun 30 nov 2026" in dm


def test_other_teams_actions_stay_out(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    mine = _fresh(engine, team="T1")
    theirs = _fresh(engine, "Initech", team="T2")
    make_action(engine, mine, "Ours", owner_user="U_NY", due=FRIDAY)
    make_action(engine, theirs, "Theirs", owner_user="U_NY", due=FRIDAY)
    make_scheduler().tick(TICK)
    texts = dm_texts(fake, "U_NY")
    assert len(texts) == 2  # one DM per team, each with its own plan
    assert sum("Ours" in t for t in texts) == 1 and sum("Theirs" in t for t in texts) == 1
    assert not any("Ours" in t and "Theirs" in t for t in texts)


def test_a_big_bundle_stays_within_block_kit_limits(engine, fake, make_scheduler):
    fake.set_user("U_NY", tz="America/New_York")
    accounts = [make_account(engine, f"Account {n:02d}", owner="U_NY", tier="A", touched=[date(2026, 9, 1)])
                for n in range(25)]
    long_title = "Review the whole rollout & <plan> " * 14  # 476 characters, escaped and cut
    for n in range(40):
        make_action(engine, accounts[n % 25], long_title if n % 2 else f"Step {n:02d}", owner_user="U_NY",
                    due=FRIDAY - timedelta(days=n))
    make_scheduler().tick(TICK)
    [call] = posts(fake, "DU_NY")
    blocks = call.params["blocks"]
    assert len(blocks) <= MAX_MESSAGE_BLOCKS
    for block in blocks:
        text = (block.get("text") or {}).get("text") or ""
        assert len(text) <= MAX_SECTION_TEXT
    [dm] = dm_texts(fake, "U_NY")
    assert "and 5 more: see `/kam stale`" in dm
    actions = blocks[-1]["text"]["text"]
    assert blocks[-1]["block_id"] == "reminder_plan_actions"
    assert "&lt;plan&gt;" in actions and "<plan>" not in actions
    assert "Step 38" in actions  # the most overdue first
    listed = actions.count("\n•") + actions.startswith("•")
    assert 1 <= listed <= ACTIONS_SHOWN and f"and {40 - listed} more: see `/kam plan <account>`" in actions


def test_remind_json_lists_the_actions(engine, fake, capsys):
    fake.set_user("U_NY", tz="America/New_York")
    acme = _fresh(engine)
    make_action(engine, acme, "ROI study", owner_user="U_NY", due=FRIDAY)
    args = Namespace(dry_run=True, json=True, team=None)
    assert cli.run("remind", Settings(default_tz="America/New_York"), engine, args, now=TICK) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"owner": "U_NY", "account": "Acme", "action": 1, "title": "ROI study", "due": "2026-11-27"}]
