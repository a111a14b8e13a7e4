"""The fake Slack Web API, driven by a real slack_sdk WebClient."""

import threading
import time
import urllib.error
import urllib.request

import pytest
from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_handlers import RateLimitErrorRetryHandler
from slack_sdk.models.blocks import SectionBlock
from slack_sdk.webhook import WebhookClient

from kambot.testing.fake_slack.api import FakeSlack


@pytest.fixture
def client(fake):
    return WebClient(base_url=fake.base_url, token="xoxb-test")


def test_records_calls_in_order_with_decoded_blocks(fake, client):
    client.auth_test()
    first = client.chat_postMessage(channel="C1", text="hi", blocks=[SectionBlock(text="*hi*")])
    second = client.chat_postMessage(channel="C1", text="again")
    assert [c.method for c in fake.calls()] == ["auth.test", "chat.postMessage", "chat.postMessage"]
    call = fake.calls("chat.postMessage")[0]
    assert call.params["blocks"][0]["text"]["text"] == "*hi*"
    assert call.json["channel"] == "C1" and call.token == "xoxb-test"
    assert float(second["ts"]) > float(first["ts"]) and first["message"]["text"] == "hi"


def test_form_encoded_json_strings_are_decoded(fake, client):
    client.api_call("chat.postMessage", params={"channel": "C1", "blocks": '[{"type": "divider"}]'})
    call = fake.last("chat.postMessage")
    assert call.json is None and call.params["blocks"] == [{"type": "divider"}]


def test_auth_dm_and_views_answers(fake, client):
    assert client.auth_test()["user_id"] == "UBOT"
    assert client.conversations_open(users="U7")["channel"]["id"] == "DU7"
    assert client.chat_postEphemeral(channel="C1", user="U7", text="x")["message_ts"]
    view = client.views_open(trigger_id="t", view={"type": "modal", "title": {"type": "plain_text", "text": "Hi"},
                                                   "blocks": []})["view"]
    assert view["id"].startswith("V") and view["hash"]
    assert client.views_update(view_id=view["id"], view={"type": "modal", "blocks": []})["view"]["id"] == view["id"]


def test_users_info_defaults_and_overrides(fake, client):
    fake.set_user("U2", tz="Asia/Tokyo", locale="es-ES", name="ana")
    default = client.users_info(user="U1", include_locale=True)["user"]
    assert (default["tz"], default["locale"]) == ("America/New_York", "en-US")
    ana = client.users_info(user="U2", include_locale=True)["user"]
    assert (ana["tz"], ana["locale"], ana["name"], ana["tz_offset"]) == ("Asia/Tokyo", "es-ES", "ana", 9 * 3600)
    assert "locale" not in client.users_info(user="U2")["user"]
    assert fake.last("users.info").params["user"] == "U2"


def test_files_upload_v2_full_sequence(fake, client):
    data = b"\x89PNG fake image bytes"
    result = client.files_upload_v2(content=data, filename="map.png", channel="C1", initial_comment="x")
    methods = [c.method for c in fake.calls()]
    assert methods == ["files.getUploadURLExternal", "upload", "files.completeUploadExternal"]
    url_call, upload, done = fake.calls()
    assert url_call.params["length"] == str(len(data)) and url_call.params["filename"] == "map.png"
    assert upload.raw == data and upload.params["length"] == len(data)
    file_id = url_call.response["file_id"]
    assert upload.params["file_id"] == file_id
    assert done.params["files"] == [{"id": file_id, "title": "map.png"}]
    assert done.params["channel_id"] == "C1" and done.params["initial_comment"] == "x"
    assert result["file"]["id"] == file_id


def test_rate_limit_then_success_with_retry_handler(fake):
    fake.rate_limit("chat.postMessage", retry_after=0, times=1)
    client = WebClient(base_url=fake.base_url, token="xoxb-test",
                       retry_handlers=[RateLimitErrorRetryHandler(max_retry_count=1)])
    assert client.chat_postMessage(channel="C1", text="hi")["ok"]
    assert [c.status for c in fake.calls()] == [429, 200]


def test_rate_limit_without_handler_raises_with_retry_after(fake, client):
    fake.rate_limit("users.info", retry_after=3)
    with pytest.raises(SlackApiError) as err:
        client.users_info(user="U1")
    assert err.value.response.status_code == 429 and err.value.response.headers["Retry-After"] == "3"
    assert err.value.response["error"] == "ratelimited"


def test_scripted_errors_apply_in_order_then_stop(fake, client):
    fake.fail("chat.postMessage", "not_in_channel", channel="C9")
    fake.fail("chat.postMessage", "channel_not_found")
    errors = []
    for channel in ("C1", "C9", "C9", "C1"):
        try:
            client.chat_postMessage(channel=channel, text="x")
            errors.append(None)
        except SlackApiError as err:
            errors.append(err.response["error"])
    assert errors == ["channel_not_found", "not_in_channel", None, None]


def test_block_limits_are_rejected_and_listed(fake, client):
    with pytest.raises(SlackApiError) as err:
        client.chat_postMessage(channel="C1", text="x", blocks=[{"type": "divider"}] * 51)
    assert err.value.response["error"] == "invalid_blocks"
    long_section = {"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3001}}
    with pytest.raises(SlackApiError):
        client.chat_postEphemeral(channel="C1", user="U1", text="x", blocks=[long_section])
    with pytest.raises(SlackApiError):
        client.views_open(trigger_id="t", view={"type": "modal", "blocks": [],
                                                "title": {"type": "plain_text", "text": "t" * 25}})
    button = {"type": "button", "text": {"type": "plain_text", "text": "ok"}, "value": "v" * 2001}
    WebhookClient(fake.response_url("cmd")).send(text="x", blocks=[{"type": "actions", "elements": [button]}])
    assert [c.rejection for c in fake.errors()] == [
        "blocks: 51 > 50", "blocks[0].text: 3001 > 3000", "view.title.text: 25 > 24",
        "blocks[0].elements[0].value: 2001 > 2000"]
    assert fake.last("response_url").status == 400


def test_wait_for_sees_calls_from_other_threads(fake, client):
    threading.Timer(0.1, lambda: client.chat_postMessage(channel="C1", text="later")).start()
    assert fake.wait_for("chat.postMessage", timeout=3)[0].params["text"] == "later"
    with pytest.raises(AssertionError):
        fake.wait_for("chat.update", timeout=0.05)


def test_delay_and_reset(fake, client):
    fake.delay("auth.test", 0.2)
    started = time.monotonic()
    client.auth_test()
    assert time.monotonic() - started >= 0.2
    fake.reset()
    assert fake.calls() == []


def test_stops_and_frees_the_port():
    with FakeSlack() as fake:
        WebClient(base_url=fake.base_url).api_test()
    with pytest.raises(urllib.error.URLError):
        urllib.request.urlopen(fake.base_url + "api.test", data=b"", timeout=1)
    fake.stop()  # second stop is harmless


BUTTON = {"type": "button", "text": {"type": "plain_text", "text": "ok"}, "action_id": "a"}
SELECT = {"type": "static_select", "action_id": "s",
          "options": [{"text": {"type": "plain_text", "text": "o"}, "value": str(i)} for i in range(101)]}


@pytest.mark.parametrize("message, rejection", [
    ({"blocks": [{"type": "header", "text": {"type": "plain_text", "text": "h" * 151}}]}, "blocks[0].text: 151 > 150"),
    ({"blocks": [{"type": "actions", "elements": [BUTTON] * 26}]}, "blocks[0].elements: 26 > 25"),
    ({"blocks": [{"type": "context", "elements": [{"type": "mrkdwn", "text": "c"}] * 11}]},
     "blocks[0].elements: 11 > 10"),
    ({"blocks": [{"type": "section", "text": {"type": "mrkdwn", "text": "s"}, "accessory": SELECT}]},
     "blocks[0].accessory.options: 101 > 100"),
    ({"text": "t" * 40_001}, "text: 40001 > 40000"),
])
def test_each_block_limit(fake, client, message, rejection):
    with pytest.raises(SlackApiError):
        client.chat_postMessage(channel="C1", **{"text": "x", **message})
    assert [c.rejection for c in fake.errors()] == [rejection]


def test_at_the_limits_is_fine(fake, client):
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "a" * 3000}}
    assert client.chat_postMessage(channel="C1", text="t" * 40_000, blocks=[section] * 50)["ok"]
    assert client.views_publish(user_id="U1", view={"type": "home", "blocks": [{"type": "divider"}] * 100})["ok"]
    assert fake.errors() == []


def test_other_answers_and_overrides(fake, client):
    fake.respond("conversations.info", channel={"id": "C1", "is_member": False})
    assert client.conversations_info(channel="C1")["channel"]["is_member"] is False
    assert client.oauth_v2_access(client_id="c", client_secret="s", code="x")["access_token"].startswith("xoxb-")
    posted = client.chat_postMessage(channel="U3", text="hi")
    assert posted["channel"] == "DU3"
    assert client.chat_update(channel="DU3", ts=posted["ts"], text="edited")["message"]["text"] == "edited"
    assert client.chat_delete(channel="DU3", ts=posted["ts"])["ok"]


def test_a_channel_the_bot_is_not_in(fake, client):
    fake.set_channel("C_OUT", is_member=False)
    assert client.conversations_info(channel="C_OUT")["channel"]["is_member"] is False
    assert client.conversations_info(channel="C_IN")["channel"]["is_member"] is True
    with pytest.raises(SlackApiError) as refused:
        client.chat_postMessage(channel="C_OUT", text="digest")
    assert refused.value.response["error"] == "not_in_channel"
    assert client.chat_postMessage(channel="C_IN", text="digest")["ok"]
    fake.reset()
    assert client.chat_postMessage(channel="C_OUT", text="invited now")["ok"]


def test_users_lookup_by_email(fake, client):
    fake.set_user("U2", name="Ana López", display_name="ana", email="Ana@Corp.example")
    user = client.users_lookupByEmail(email="ana@corp.example")["user"]
    assert (user["id"], user["real_name"], user["profile"]["display_name"], user["profile"]["email"]) == \
        ("U2", "Ana López", "ana", "Ana@Corp.example")
    with pytest.raises(SlackApiError) as err:
        client.users_lookupByEmail(email="nobody@corp.example")
    assert err.value.response["error"] == "users_not_found"


def test_users_list_pages_with_a_cursor(fake, client):
    for uid in ("U3", "U1", "U2"):
        fake.set_user(uid, name=f"Person {uid}")
    fake.set_user("U4", name="Gone", deleted=True)
    first = client.users_list(limit=2)
    second = client.users_list(limit=2, cursor=first["response_metadata"]["next_cursor"])
    third = client.users_list(limit=2, cursor=second["response_metadata"]["next_cursor"])
    pages = [[(m["id"], m["real_name"], m["deleted"], m["is_bot"]) for m in page["members"]]
             for page in (first, second, third)]
    assert pages == [[("U1", "Person U1", False, False), ("U2", "Person U2", False, False)],
                     [("U3", "Person U3", False, False), ("U4", "Gone", True, False)],
                     [("UBOT", "kambot", False, True)]]
    assert third["response_metadata"]["next_cursor"] == ""
    assert [m["id"] for m in client.users_list()["members"]] == ["U1", "U2", "U3", "U4", "UBOT"]
    with pytest.raises(SlackApiError) as err:
        client.users_list(cursor="nonsense")
    assert err.value.response["error"] == "invalid_cursor"
