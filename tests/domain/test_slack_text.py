"""Slack's text encoding on the way in: only a real mention reads as a mention; typed characters stay text."""
from datetime import date

from kambot.domain.parsing.line import parse_line
from kambot.domain.text import escape_mrkdwn, unescape_slack


def test_entities_are_decoded_once():
    assert unescape_slack("R&amp;D &lt;b&gt; &amp;lt; <!here>") == "R&D <b> &lt; <!here>"
    assert unescape_slack(None) == ""


def test_only_an_unescaped_mention_names_a_participant():
    text = unescape_slack("call with <@U123> and &lt;@U999&gt; at Acme yesterday, &amp;lt;@U777&amp;gt;")
    parsed = parse_line(text, today=date(2026, 11, 27))
    assert parsed.mentions == ("U123",)
    shown = escape_mrkdwn(parsed.report)
    assert "<@U999" not in shown and "&lt;\u2060@U999&gt;" in shown  # reads "<@U999>" in Slack, pings nobody
    assert "&amp;lt;@U777&amp;gt;" in shown  # typed entity text comes back as that text


def test_a_typed_mention_is_no_lookup_phrase():
    parsed = parse_line(unescape_slack("lunch at Acme with &lt;@U999&gt;"), today=date(2026, 11, 27))
    assert not any("U999" in phrase for phrase in parsed.phrases)
