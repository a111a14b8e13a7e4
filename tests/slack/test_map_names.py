"""The account map names colleagues who never used kambot (users.info, then cached); the shell shows the id."""
import io

import pytest

from kambot.shell.repl import run_shell
from kambot.storage.accounts import create_account
from kambot.storage.contacts import create_contact
from kambot.storage.db import session_scope
from kambot.storage.models import UserProfile
from tests.conftest import FROZEN_NOW
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import make_app, send


def _acme(engine):
    with session_scope(engine) as session:
        acme = create_account(session, team_id="T1", name="Acme", owner="U1", tier="A")
        create_contact(session, team_id="T1", account_id=acme.id, name="Vera Boss", title="CEO",
                       relationship_owner="U04DIALEE")


def _map(app, fake, command) -> str:
    """`/kam map` in a channel: the picture is uploaded with the tree as its comment."""
    before = len(fake.calls("files.completeUploadExternal"))
    send(app, sr.slash_command(command, response_url=fake.response_url()))
    app.settle()
    done = fake.wait_for("files.completeUploadExternal", count=before + 1)[-1]
    return str(done.params.get("initial_comment") or "")


@pytest.mark.parametrize("command", ["map Acme", "mapa Acme"])
def test_the_map_asks_slack_for_a_colleagues_name_once(app, fake, engine, command):
    _acme(engine)
    fake.set_user("U04DIALEE", name="Dia Lee")
    text = _map(app, fake, command)
    assert "Dia Lee" in text and "U04DIALEE" not in text
    with session_scope(engine) as session:
        assert session.get(UserProfile, ("T1", "U04DIALEE")).name == "Dia Lee"  # kept for the next map
    asked = len([c for c in fake.calls("users.info") if c.params.get("user") == "U04DIALEE"])
    other = make_app(fake, engine)  # a restarted process reads the stored name
    assert "Dia Lee" in _map(other, fake, command)
    assert len([c for c in fake.calls("users.info") if c.params.get("user") == "U04DIALEE"]) == asked == 1


def test_the_shell_shows_the_id(core, engine):
    _acme(engine)
    out = io.StringIO()
    run_shell(core, team="T1", user="U1", tz="UTC", stdin=io.StringIO("/kam map Acme\n"), stdout=out,
              clock=lambda: FROZEN_NOW)
    assert "ours: U04DIALEE" in out.getvalue()
