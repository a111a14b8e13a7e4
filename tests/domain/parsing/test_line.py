"""parse_line: the pieces fit together."""
from datetime import date

from kambot.domain.parsing import NewContactHint, parse_line, warm_up

FRI = date(2026, 11, 27)


def test_parse_line_whole_english_example():
    text = "<@U123ABC> and I met their new CFO, Dana Scully, at Globex on Monday. Next steps - send pricing in 2 weeks"
    parsed = parse_line(text, today=FRI)
    assert parsed.text == text
    assert parsed.lang == "en"
    assert parsed.report == "<@U123ABC> and I met their new CFO, Dana Scully, at Globex on Monday"
    assert parsed.kind == "meeting"
    assert parsed.occurred.day == date(2026, 11, 23)
    assert text[parsed.occurred.span[0]:parsed.occurred.span[1]] == "on Monday"
    assert (parsed.next_step, parsed.next_step_due) == ("send pricing in 2 weeks", date(2026, 12, 11))
    assert parsed.mentions == ("U123ABC",)
    assert parsed.new_contacts == (NewContactHint("Dana Scully", "CFO"),)
    assert {"Dana Scully", "Globex"} <= set(parsed.phrases)


def test_phrases_leave_out_the_date_phrase_mentions_and_next_step():
    parsed = parse_line("call with <@U1ABC|maria> at Acme Corp el 3 de marzo, próximo paso: Umbrella", today=FRI)
    assert "Acme Corp" in parsed.phrases
    assert not any("marzo" in p or "U1ABC" in p or "maria" in p or "Umbrella" in p for p in parsed.phrases)


def test_phrases_do_not_bridge_the_removed_date():
    parsed = parse_line("lunch with Acme yesterday Maria Lopez", today=FRI, lang="en")
    assert "Acme" in parsed.phrases and "Maria Lopez" in parsed.phrases
    assert not any("Acme Maria" in p for p in parsed.phrases)


def test_explicit_lang_decides_numeric_date_order():
    line = "call with Ana, next: send deck 12/03"
    assert parse_line(line, today=FRI, lang="en").next_step_due == date(2026, 12, 3)
    assert parse_line(line, today=FRI, lang="es").next_step_due == date(2027, 3, 12)


def test_future_and_impossible_occurred_dates_surface_as_errors():
    future = parse_line("llamada con Ana mañana", today=FRI)
    assert (future.occurred.day, future.occurred.error) == (date(2026, 11, 28), "future")
    impossible = parse_line("call with Ana on Feb 30", today=FRI)
    assert (impossible.occurred.day, impossible.occurred.error) == (None, "impossible")


def test_warm_up_then_parse():
    warm_up()
    assert parse_line("lunch with Ana on March, the 3rd", today=FRI).occurred.day == date(2026, 3, 3)
