"""`/kam salesforce status` through the real Bolt app: the bridge at a glance, in the asker's language, no secret."""
from __future__ import annotations

from datetime import datetime, timezone

from kambot.storage.crm_connections import record_status, save_connection
from kambot.storage.db import session_scope
from tests.slack.support import app, assert_escaped, kam  # noqa: F401 - app is a fixture


def test_status_shows_the_last_sync_errors_and_api_calls_left_without_the_secret(app, fake, engine):
    with session_scope(engine) as session:
        save_connection(session, team_id="T1", login_url="https://acme.my.salesforce.com", client_id="3MVG9abc",
                        client_secret="s3cr3t-value", last_sync_at=datetime(2026, 11, 27, 14, 45, tzinfo=timezone.utc))
        record_status(session, team_id="T1", usage=(1200, 15000), counts={"Account": {"new": 3, "updated": 1}},
                      last_error="Salesforce refused the request: <!channel> INVALID_FIELD")
    text = kam(app, fake, "salesforce status").json["text"]
    assert "API requests left today: 13,800 of 15,000" in text and "Account 3 new / 1 updated" in text
    assert "s3cr3t" not in text and "&lt;!channel&gt;" in text
    assert_escaped(fake)


def test_estado_answers_in_spanish_and_an_unconnected_workspace_is_told_how(app, fake):
    assert "no está conectado a Salesforce" in kam(app, fake, "salesforce estado").json["text"]
    assert "not connected to Salesforce" in kam(app, fake, "salesforce status").json["text"]
