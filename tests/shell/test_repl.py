"""The terminal door: lines from a pipe, /kam commands vs DMs, --json payloads."""
from __future__ import annotations

import io
import json

from kambot.shell.plain import to_plain
from kambot.shell.repl import run_shell
from kambot.slack.blocks import reply_payload
from kambot.storage.models import Touchpoint
from tests.core.log_workspace import count, seed
from tests.support.factories import make_accounts


def _run(core, text, now, **options):
    out = io.StringIO()
    run_shell(core, team="T1", user="U_ANA", tz="Europe/Madrid", stdin=io.StringIO(text), stdout=out,
              clock=lambda: now, **options)
    return out.getvalue()


def test_each_line_gets_a_reply_and_comments_are_skipped(core, now):
    out = _run(core, "# a comment\n/kam help\n\n/kam ayuda\n", now)
    assert out.count("kambot") >= 2
    assert "/kam registrar" in out


def test_json_prints_the_slack_payload(core, now):
    lines = _run(core, "/kam help\n", now, as_json=reply_payload).strip().splitlines()
    payload = json.loads(lines[0])
    assert payload["text"].startswith("*kambot")
    assert payload["blocks"][0]["type"] == "section"


def test_plain_output_unescapes_mrkdwn():
    assert to_plain("<@U_ANA> met &lt;Jane&gt; &amp; co") == "@U_ANA met <Jane> & co"


def test_junk_after_a_command_word_gets_that_commands_help_not_a_log(core, engine, now):
    seed(engine)  # Acme exists: on the old router these lines were logged as touches with it
    out = _run(core, "posponer '; DROP TABLE accounts; -- Acme ayer\nwho <!here> met Acme yesterday\n"
                     "call with Sarah Kim at Acme yesterday\n", now)
    assert "/kam posponer Acme 2 semanas" in out and "/kam who Acme about billing" in out
    assert out.count("Logged") == 1 and count(engine, Touchpoint) == 1


def test_an_ambiguous_account_is_a_plain_list_and_junk_a_question(core, engine, now):
    seed(engine)
    make_accounts(engine, ["Initech", "Initrode"], owner="U_ANA")
    out = _run(core, "/kam who Ini\n/kam cuenta Ini\n/kam account Acme Corp'; DROP TABLE account;--\n", now)
    assert out.count("• *Initech*") == 2 and out.count("• *Initrode*") == 2
    assert "could be more than one account" in out and "puede ser más de una cuenta" in out
    assert "Did you mean *Acme Corp*?" in out and "Top contacts" not in out


def test_junk_lines_through_the_shell_save_nothing_and_say_why(core, engine, now):
    from kambot.storage.models import Contact

    seed(engine)
    contacts = count(engine, Contact)
    lines = ["/kam log posponer %s%s%n Acme", "ayuda'; DROP TABLE account;-- Acme",
             "/kam contact Acme: //evil.example|click> <!here>", "/kam contacto Acme: Ana 1234",
             "call with Sarah Kim at Acme yesterday " + "x" * 3_000, "llamada con Sarah Kim en Acme ayer " + "y" * 3_000]
    out = _run(core, "\n".join(lines) + "\n", now)
    assert count(engine, Touchpoint) == 0 and count(engine, Contact) == contacts
    assert "couldn't read a touchpoint" in out and "as a person's name" in out and "como nombre de una persona" in out
    assert "at most 3,000" in out and "como máximo 3.000" in out
