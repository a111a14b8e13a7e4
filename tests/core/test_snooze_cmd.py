"""`/kam snooze <account> [how long]` (`/kam posponer`): the typed form of the reminder's Snooze buttons."""
from __future__ import annotations

from datetime import date

from kambot.storage.db import session_scope
from kambot.storage.models import Snooze
from tests.core.test_stale import listed, seed


def _until(engine, account_id: int) -> date | None:
    with session_scope(engine) as session:
        row = session.get(Snooze, ("T1", account_id))
        return row.until if row else None


def test_snooze_for_a_while_in_both_languages(engine, kam):
    ids = seed(engine, ("Globex", "B", "U_ANA", 40), ("Initech", "C", "U_ANA", 90))
    reply = kam("/kam snooze Globex 2 weeks", user="U_ANA")
    assert reply.kind == "snoozed" and "Fri, Dec 11, 2026" in reply.text
    assert _until(engine, ids["Globex"]) == date(2026, 12, 11)
    reply = kam("/kam posponer Initech un mes", user="U_ANA")
    assert reply.kind == "snoozed" and reply.lang == "es" and "dom 27 dic 2026" in reply.text
    assert "reminders snoozed until Dec 11" in kam("/kam stale", user="U_ANA").text


def test_a_week_when_no_duration_is_given_and_dms_work_too(engine, kam):
    ids = seed(engine, ("Globex", "B", "U_ANA", 40))
    assert kam("snooze globex", user="U_ANA").kind == "snoozed"
    assert _until(engine, ids["Globex"]) == date(2026, 12, 4)


def test_only_the_owner_snoozes_and_bad_lengths_get_the_usage(engine, kam):
    ids = seed(engine, ("Globex", "B", "U_ANA", 40))
    assert kam("/kam snooze Globex", user="U_BEN").kind == "refused"
    for line in ("/kam snooze", "/kam snooze Globex 5 years", "/kam snooze Globex 0 days"):
        reply = kam(line, user="U_ANA")
        assert reply.kind == "usage" and "/kam snooze Acme 2 weeks" in reply.text, line
    assert _until(engine, ids["Globex"]) is None
    assert listed(kam("/kam stale", user="U_ANA")) == ["Globex"]
