"""Many workspaces: install through OAuth into kambot's own database, then uninstalling cleans up."""
from http.cookies import SimpleCookie

from slack_bolt.request import BoltRequest
from slack_sdk import WebClient

from kambot.testing.fake_slack import requests as sr
from tests.slack.support import make_app, response_at, send, settings_for


def _oauth_app(fake, engine):
    settings = settings_for(fake, SLACK_BOT_TOKEN="", SLACK_CLIENT_ID="111.222", SLACK_CLIENT_SECRET="shh")
    return make_app(fake, engine, settings=settings, oauth=True, client=WebClient(base_url=fake.base_url))


def _install(app):
    page = app.oauth_flow.handle_installation(BoltRequest(body="", query="", headers={}))
    assert page.status == 200
    cookie = SimpleCookie()
    for header in page.headers.get("set-cookie", []):
        cookie.load(header)
    state = cookie["slack-app-oauth-state"].value
    return page, app.oauth_flow.handle_callback(BoltRequest(
        body="", query=f"code=the-code&state={state}", headers={"cookie": f"slack-app-oauth-state={state}"}))


def test_install_then_commands_use_the_installed_token(fake, engine):
    app = _oauth_app(fake, engine)
    page, done = _install(app)
    assert f"{fake.url}oauth/v2/authorize?" in page.body  # the API's host, so GovSlack works the same way
    assert done.status == 200 and fake.last("oauth.v2.access").params["code"] == "the-code"
    send(app, sr.slash_command("help", response_url=fake.response_url("h")))
    assert "/kam log" in response_at(fake, "h").json["text"]
    app.settle()
    assert fake.last("users.info").token == "xoxb-installed"


def test_uninstall_removes_the_installation(fake, engine):
    app = _oauth_app(fake, engine)
    _install(app)
    store = app.installation_store
    assert store.find_bot(enterprise_id=None, team_id="T1") is not None
    assert send(app, sr.event({"type": "app_uninstalled"})).status == 200
    app.settle()
    assert store.find_bot(enterprise_id=None, team_id="T1") is None
    send(app, sr.slash_command("help", response_url=fake.response_url("gone")))
    refused = response_at(fake, "gone").json["text"]
    assert "not installed" in refused and "/kam log" not in refused
