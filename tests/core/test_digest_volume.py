"""render_digest at volume: 500 accounts stay within Block Kit limits, and queries do not grow with accounts."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import event, insert, select

from kambot.slack.blocks import MAX_MESSAGE_BLOCKS, MAX_SECTION_TEXT, reply_payload
from kambot.storage.contact_totals import recount
from kambot.storage.db import session_scope
from kambot.storage.models import Account, Contact, Touchpoint, TouchpointContact
from tests.core.test_digest_render import MONDAY, digest, text_of


def _bulk(engine, count: int, *, name, summary, team="T1") -> None:
    """`count` tier-A key-ish accounts with a champion and decision maker, touched in and before the week."""
    with session_scope(engine) as s:
        s.execute(insert(Account), [
            {"team_id": team, "name": name(i), "name_norm": f"bulk {i}", "aliases": "", "tier": "ABC"[i % 3],
             "owner": "U_ANA", "annual_revenue": 1000.0 * (i + 1), "renewal_date": MONDAY + timedelta(days=i % 90)}
            for i in range(count)])
        ids = s.execute(select(Account.id).where(Account.team_id == team).order_by(Account.id)).scalars().all()
        s.execute(insert(Contact), [
            {"team_id": team, "account_id": aid, "name": name(j), "name_norm": f"c {j}", "first_norm": "c",
             "role": ("champion", "decision_maker")[j % 2], "status": "active"}
            for j, aid in enumerate(aid for aid in ids for _ in range(2))])
        contacts = s.execute(select(Contact.id, Contact.account_id).where(Contact.team_id == team)).all()
        first_contact = {}
        for cid, aid in contacts:
            first_contact.setdefault(aid, cid)
        rows = []
        for n, aid in enumerate(ids):
            for days in (1, 3, 5, 9, 40 + n % 60):
                rows.append({"team_id": team, "account_id": aid, "occurred_on": MONDAY - timedelta(days=days),
                             "kind": "call", "summary": summary, "next_step": summary,
                             "next_step_due": MONDAY + timedelta(days=(n % 20) - 10), "source": "import"})
        s.execute(insert(Touchpoint), rows)
        touches = s.execute(select(Touchpoint.id, Touchpoint.account_id, Touchpoint.occurred_on, Touchpoint.kind)
                            .where(Touchpoint.team_id == team)).all()
        s.execute(insert(TouchpointContact), [
            {"touchpoint_id": tid, "contact_id": first_contact[aid], "team_id": team, "account_id": aid,
             "occurred_on": day, "kind": kind} for tid, aid, day, kind in touches])
        recount(s.connection(), team_id=team)


def _assert_within_block_kit(replies) -> None:
    for reply in replies:
        blocks = reply_payload(reply)["blocks"]
        assert len(blocks) <= MAX_MESSAGE_BLOCKS
        assert all(b["type"] == "section" for b in blocks)  # nothing was cut off by the door's "N more" note
        assert all(len(b["text"]["text"]) <= MAX_SECTION_TEXT for b in blocks)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_500_accounts_fit_slack_and_stay_short(engine, lang):
    _bulk(engine, 500, name=lambda i: f"Account {i}", summary="Discussed the renewal and pricing. " * 20)
    replies = digest(engine, lang=lang)
    _assert_within_block_kit(replies)
    assert len(replies) == 1
    text = text_of(replies)
    assert len(text.splitlines()) <= 130  # capped sections: a three-minute read
    assert ("…and 490 more" if lang == "en" else "…y 490 más") in text
    assert replies[0].data["counts"]["activity"] == 500


def test_500_hostile_accounts_split_over_messages_within_limits(engine):
    _bulk(engine, 500, name=lambda i: "<&>" * 60 + f" {i}", summary="<!channel> & <http://x|y> " * 40)
    replies = digest(engine)
    _assert_within_block_kit(replies)
    text = text_of(replies)
    assert "<!channel>" not in text and "<http" not in text and "&lt;!channel&gt; &amp;" in text
    assert sum(len(reply_payload(r)["blocks"]) for r in replies) > 10  # long, yet every part fits


def test_a_digest_too_long_for_one_message_continues_in_the_next(engine, monkeypatch):
    import kambot.core.digest_render as module

    monkeypatch.setattr(module, "MAX_BLOCKS", 4)
    _bulk(engine, 60, name=lambda i: f"Account {i}", summary="talked")
    replies = digest(engine)
    _assert_within_block_kit(replies)
    assert len(replies) >= 2 and all(len(reply_payload(r)["blocks"]) <= 5 for r in replies)
    parts = [(r.data["part"], r.data["parts"]) for r in replies]
    assert parts == [(n, len(replies)) for n in range(1, len(replies) + 1)]
    assert replies[1].text == f":newspaper: *Weekly digest, continued (2 of {len(replies)})*"
    whole = text_of(replies)
    for title in ("*This week's touchpoints*", "*Next steps overdue*", "*Renewals in the next 90 days*"):
        assert whole.count(title) == 1


def test_query_count_does_not_grow_with_accounts(engine):
    counts = []
    for team, size in (("T5", 5), ("T50", 50)):
        _bulk(engine, size, name=lambda i: f"Account {i}", summary="s", team=team)
        statements = []
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            digest(engine, team_id=team, scope="owner:U_ANA")
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        counts.append(len(statements))
    # Six for the digest's inputs, then health today (contacts, next steps, plan actions) and a week
    # before (contacts, the two rewinds, next steps): none repeated per account.
    assert counts[0] == counts[1] <= 6 + 7
