"""The App Home: published on open, worst health first, <= 100 blocks however many accounts."""
from datetime import date, timedelta

import pytest

from kambot.core.home import build_home
from kambot.storage.db import session_scope
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import assert_escaped, send, view_of
from tests.support.factories import bulk_accounts, make_account, make_contacts, make_touch

TODAY = date(2026, 11, 27)


def test_home_data_ranks_overdue_first_and_counts_stakeholders(engine):
    fresh = make_account(engine, "Fresh", tier="A").id
    ana, ben = (c.id for c in make_contacts(engine, fresh, ["Ana", "Ben"]))
    late = make_account(engine, "Late", tier="A").id
    never = make_account(engine, "Never", tier="C").id
    make_account(engine, "Someone else's", owner="U2")
    make_touch(engine, fresh, on=TODAY - timedelta(days=2), contacts=[ana, ben], next_step="pilot",
               next_step_due=TODAY + timedelta(days=3))
    make_touch(engine, fresh, on=TODAY - timedelta(days=200), contacts=[ana], next_step="old", next_step_due=TODAY)
    make_touch(engine, late, on=TODAY - timedelta(days=20), next_step="too far", next_step_due=TODAY + timedelta(days=9))
    with session_scope(engine) as session:
        data = build_home(session, team_id="T1", user_id="U1", today=TODAY)
    assert [a.name for a in data.accounts] == ["Never", "Late", "Fresh"]
    assert [a.days_left for a in data.accounts] == [None, -6, 12]
    assert [a.engaged for a in data.accounts] == [0, 0, 2]
    assert [a.health for a in data.accounts] == sorted(a.health for a in data.accounts)
    assert [a.band for a in data.accounts][0] == "at_risk"
    assert (data.total, data.overdue, data.hidden) == (3, 2, 0)
    assert [(s.text, s.due) for s in data.next_steps] == [("old", TODAY), ("pilot", TODAY + timedelta(days=3))]


def test_home_is_published_with_accounts_and_next_steps(app, fake, engine):
    account = make_account(engine, "Acme <!here> & Co", tier="A").id
    make_touch(engine, account, on=TODAY - timedelta(days=30), next_step="send <@U999> the deck", next_step_due=TODAY)
    assert send(app, sr.app_home_opened_event("U1")).status == 200
    published = fake.wait_for("views.publish")[0]
    view = view_of(published)
    assert published.params["user_id"] == "U1" and view["type"] == "home"
    text = str(view["blocks"])
    assert "16 days overdue" in text and "*Acme &lt;!here&gt; &amp; Co*" in text
    assert "send &lt;@U999&gt; the deck" in text
    assert any(b.get("accessory", {}).get("action_id") == f"home_log_touch:{account}" for b in view["blocks"])
    assert fake.errors() == []
    assert_escaped(fake)


def test_messages_tab_publishes_nothing(app, fake):
    send(app, sr.app_home_opened_event("U1", tab="messages"))
    app.settle()
    assert fake.calls("views.publish") == []


def test_400_accounts_fit_in_100_blocks(app, fake, engine):
    bulk_accounts(engine, 400)
    send(app, sr.app_home_opened_event("U1"))
    view = view_of(fake.wait_for("views.publish")[0])
    assert len(view["blocks"]) <= 100 and fake.errors() == []
    assert "and 370 more" in str(view["blocks"][-1])
    assert "400" in str(view["blocks"][1])


def test_spanish_home(app, fake, engine):
    fake.set_user("U1", locale="es-ES")
    make_account(engine, "Acme")
    send(app, sr.app_home_opened_event("U1"))
    view = view_of(fake.wait_for("views.publish")[0])
    assert view["blocks"][0]["text"]["text"] == "Tus cuentas clave"


def test_home_button_opens_the_form_for_that_account(app, fake, engine):
    account = make_account(engine, "Acme").id
    home = {"type": "home", "id": "VHOME"}
    send(app, sr.block_actions({"action_id": f"home_log_touch:{account}", "value": str(account)}, view=home))
    view = view_of(fake.wait_for("views.update")[0])
    assert view["blocks"][0]["element"]["initial_option"]["value"] == str(account)
    send(app, sr.block_actions({"action_id": "home_log_touch", "value": ""}, view=home))
    assert len(fake.wait_for("views.open", count=2)) == 2


def test_home_ranks_worst_health_first_with_score_and_band(engine):
    from kambot.core.health_data import load_health

    touched = make_account(engine, "Touched today", tier="B").id
    lonely = make_account(engine, "Lonely", tier="B").id
    people = make_contacts(engine, touched, ["Ana", "Ben", "Cid"])
    one = make_contacts(engine, lonely, ["Dee"])
    make_touch(engine, touched, on=TODAY, contacts=[c.id for c in people])
    make_touch(engine, lonely, on=TODAY, contacts=[one[0].id])  # as recent, but single-threaded: less healthy
    with session_scope(engine) as session:
        data = build_home(session, team_id="T1", user_id="U1", today=TODAY)
        expected = {h.state.name: (h.health.score, h.health.band)
                    for h in load_health(session, team_id="T1", owner="U1", today=TODAY)}
    assert [a.name for a in data.accounts] == ["Lonely", "Touched today"]  # overdue order alone would tie them
    assert {a.name: (a.health, a.band) for a in data.accounts} == expected
    assert data.accounts[0].health < data.accounts[1].health


@pytest.mark.parametrize("locale, words", [("en-US", (":red_circle: health *", ", at risk")),
                                           ("es-ES", (":red_circle: salud *", ", en riesgo"))])
def test_home_shows_health_in_both_languages(app, fake, engine, locale, words):
    fake.set_user("U1", locale=locale)
    make_account(engine, "Acme", tier="A")
    send(app, sr.app_home_opened_event("U1"))
    text = str(view_of(fake.wait_for("views.publish")[0])["blocks"])
    assert all(w in text for w in words), text
