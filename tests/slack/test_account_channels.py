"""Account channels through the signed-request harness: link, reports read as in a watched channel, unlink."""
from kambot.storage.models import AccountChannel, Draft
from kambot.testing.fake_slack import requests as sr
from tests.slack.support import count, kam, send
from tests.support.factories import make_account, make_contacts

REPORT = "Lunch with Maria yesterday, next: send the proposal by Friday"


def test_link_read_reports_and_unlink(app, fake, engine):
    acme = make_account(engine, "Acme")
    make_contacts(engine, acme, ["Maria Lopez"])
    on = kam(app, fake, "channel Acme", channel_id="C1")
    assert on.json["response_type"] == "in_channel" and "*Acme*" in on.json["text"]
    assert count(engine, AccountChannel) == 1
    assert send(app, sr.channel_message_event(REPORT, "U1", "C1")).status == 200
    app.settle()
    assert count(engine, Draft) == 1  # the report names no account: the channel's is used
    off = kam(app, fake, "canal off", channel_id="C1")
    assert off.json["response_type"] == "in_channel" and count(engine, AccountChannel) == 0
