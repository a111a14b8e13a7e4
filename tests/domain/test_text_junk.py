"""What may be stored: control characters stripped, names that read as people's, lines that are code."""
import pytest

from kambot.domain.text import reads_as_junk, reads_as_person_name, strip_controls


def test_strip_controls_keeps_text_and_line_breaks():
    assert strip_controls("a\x07b\x1b[31mred\x1b[0m \x00z\u202eevil\r\nnext\tstep") == "abred zevil\nnext\tstep"
    assert strip_controls("Núñez 😀 \u200d ok") == "Núñez 😀 \u200d ok" and strip_controls(None) is None


@pytest.mark.parametrize("name", ["Jean-Luc O'Brien", "J. R. Smith", "María José Núñez", "D’Angelo", "Li",
                                  "Zoë Saldaña", "Анна Петрова", "Mary-Kate Olsen"])
def test_names_of_people(name):
    assert reads_as_person_name(name)


@pytest.mark.parametrize("text", ["//evil.example|click> <!here>", "Robert'); DROP TABLE contact;--", "12345",
                                  "Ana 1234", "%s%s%n", "<!here>", "A", "", "drop table", "select from where",
                                  "{{7*7}}", "x" * 130, "one two three four five six seven eight nine"])
def test_not_names(text):
    assert not reads_as_person_name(text)


@pytest.mark.parametrize("line", ["ayuda'; DROP TABLE account;-- Acme", "posponer %s%s%n Acme", "<!here> Acme <!channel>",
                                  "{{7*7}} Acme ${jndi:ldap://x}", "SELECT * FROM account WHERE name = 'Acme'"])
def test_code_lines(line):
    assert reads_as_junk(line)


@pytest.mark.parametrize("line", ["call with Ana at Acme; next: send deck; due Friday", "met Ana at Acme, price <3k",
                                  "call with Ana at Acme yesterday (50% discount = good)", "lunch at Acme"])
def test_reports_are_not_code(line):
    assert not reads_as_junk(line)
