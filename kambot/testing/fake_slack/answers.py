"""The fake Slack's canned answers: the method-specific part of each successful Web API reply."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from kambot.testing.fake_slack.api import FakeSlack


def answer(fake: FakeSlack, method: str, p: dict) -> dict:
    """The method-specific part of a successful answer, shaped like Slack's."""
    channel = p.get("channel") or p.get("channel_id")
    if isinstance(channel, str) and channel.startswith("U"):
        channel = "D" + channel  # posting to a user id lands in their DM, as conversations.open answers
    if method == "auth.test":
        return {"url": "https://test.slack.com/", "team": "Test", "user": "kambot", "team_id": fake.team_id,
                "user_id": fake.bot_user_id, "bot_id": "BBOT", "is_enterprise_install": False}
    if method in ("chat.postMessage", "chat.update"):
        ts = p.get("ts") if method == "chat.update" else fake.next_ts()
        kept = {k: p[k] for k in ("text", "blocks", "attachments", "thread_ts", "metadata") if k in p}
        message = {"type": "message", "user": fake.bot_user_id, "bot_id": "BBOT", "ts": ts, **kept}
        reply = {"channel": channel, "ts": ts, "message": message}
        return reply | ({"text": p.get("text", "")} if method == "chat.update" else {})
    if method == "chat.postEphemeral":
        return {"message_ts": fake.next_ts()}
    if method == "chat.delete":
        return {"channel": channel, "ts": p.get("ts")}
    if method == "chat.getPermalink":
        digits = str(p.get("message_ts")).replace(".", "")
        return {"channel": channel, "permalink": f"https://test.slack.com/archives/{channel}/p{digits}"}
    if method == "conversations.open":
        users = str(p.get("users", "")).split(",")
        return {"channel": {"id": "D" + users[0] if len(users) == 1 else "G" + "".join(users)}}
    if method == "conversations.info":
        cid = str(channel)
        return {"channel": {"id": cid, "name": cid.lower(), "is_channel": cid[:1] == "C", "is_im": cid[:1] == "D",
                            "is_private": False, "is_archived": False, "is_member": True,
                            **fake.channels.get(cid, {})}}
    if method.startswith("views."):
        view = {"state": {"values": {}}, "private_metadata": "", "callback_id": "", **(p.get("view") or {})}
        vid = p.get("view_id") or fake.next_id("V")
        view.update(id=vid, hash=f"1700000000.{vid[1:]}", team_id=fake.team_id, app_id="A1", bot_id="BBOT",
                    root_view_id=vid, previous_view_id=None)
        return {"view": view}
    if method == "users.info":
        return {"user": user_object(fake, str(p.get("user")), str(p.get("include_locale")).lower() in ("1", "true"))}
    if method == "users.lookupByEmail":
        email = str(p.get("email", "")).lower()
        found = [uid for uid, conf in sorted(fake.users.items()) if str(conf.get("email", "")).lower() == email]
        if not found:
            return {"ok": False, "error": "users_not_found"}  # overrides the caller's ok: true
        return {"user": user_object(fake, found[0], False)}
    if method == "users.list":
        return users_page(fake, p)
    if method == "files.getUploadURLExternal":
        fid = fake.next_id("F")
        return {"upload_url": f"{fake.url}upload/{fid}", "file_id": fid}
    if method == "files.completeUploadExternal":
        return {"files": [{"id": f["id"], "title": f.get("title", "")} for f in p.get("files") or []]}
    if method == "oauth.v2.access":
        return {"access_token": "xoxb-installed", "token_type": "bot", "scope": "commands,chat:write,users:read",
                "bot_user_id": fake.bot_user_id, "app_id": "A1", "team": {"id": fake.team_id, "name": "Test"},
                "enterprise": None, "is_enterprise_install": False, "authed_user": {"id": "U1"}}
    return {}


def users_page(fake: FakeSlack, p: dict) -> dict:
    """One page of users.list: the set_user users by id, then the bot; `cursor` is where the page starts."""
    people = [user_object(fake, uid, True) for uid in sorted(fake.users)]
    people.append(user_object(fake, fake.bot_user_id, True) | {"is_bot": True, "real_name": "kambot"})
    limit = int(p.get("limit") or 0) or 100
    cursor = str(p.get("cursor") or "")
    try:
        start = int(cursor.removeprefix("page:")) if cursor else 0
    except ValueError:
        return {"ok": False, "error": "invalid_cursor"}
    end = start + limit
    return {"members": people[start:end], "cache_ts": 1700000000,
            "response_metadata": {"next_cursor": f"page:{end}" if end < len(people) else ""}}


def user_object(fake: FakeSlack, uid: str, include_locale: bool) -> dict:
    """users.info's user object for uid (set_user's email and display_name go in the profile, as on Slack)."""
    conf = {"tz": "America/New_York", "locale": "en-US", "name": uid.lower(), **fake.users.get(uid, {})}
    profile = {"real_name": conf["name"], "display_name": conf.pop("display_name", conf["name"])}
    if "email" in conf:
        profile["email"] = conf.pop("email")
    now = datetime.now(ZoneInfo(conf["tz"]))
    user = {"id": uid, "team_id": fake.team_id, "deleted": False, "is_bot": False, "real_name": conf["name"],
            "tz_label": now.tzname(), "tz_offset": int(now.utcoffset().total_seconds()),
            "profile": profile, **conf}
    if not include_locale:
        user.pop("locale")
    return user
