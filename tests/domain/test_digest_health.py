"""The digest's health lines: worst first, and the falls of FELL_POINTS or more, largest first."""
from datetime import date

from kambot.domain.digest import DigestAccount, build_digest
from kambot.domain.digest_health import FELL_POINTS, health_lines

TODAY = date(2026, 11, 30)


def test_lines_are_worst_first_and_falls_largest_first():
    scores = [(1, "Acme", "A", 62, "at_risk"), (2, "Globex", None, 90, "healthy"), (3, "Hooli", "B", 70, "watch"),
              (4, "Initech", "A", 62, "at_risk")]
    lines, fallen = health_lines(scores, {1: 82, 2: 91, 3: 70 + FELL_POINTS, 4: 70})
    assert [(h.name, h.score, h.fell) for h in lines] == [("Acme", 62, 20), ("Initech", 62, 8), ("Hooli", 70, 10),
                                                          ("Globex", 90, 1)]
    assert [(h.name, h.last_week, h.fell) for h in fallen] == [("Acme", 82, 20), ("Hooli", 80, 10)]


def test_a_rise_or_an_unknown_last_week_is_no_fall():
    lines, fallen = health_lines([(1, "Acme", None, 80, "healthy"), (2, "Globex", None, 50, "at_risk")], {1: 60})
    assert [h.fell for h in lines] == [0, 0] and fallen == ()
    assert lines[0].last_week is None


def test_build_digest_takes_health_for_its_accounts_only():
    accounts = [DigestAccount(1, "Acme", tier="A"), DigestAccount(2, "Globex")]
    digest = build_digest(accounts=accounts, contacts=[], touches=[], today=TODAY, week_start=TODAY,
                          health={1: (40, "at_risk", 75), 2: (85, "healthy", None), 9: (1, "at_risk", 99)})
    assert [(h.name, h.score) for h in digest.health] == [("Acme", 40), ("Globex", 85)]
    assert [(h.name, h.fell) for h in digest.health_fell] == [("Acme", 35)]
    assert build_digest(accounts=accounts, contacts=[], touches=[], today=TODAY, week_start=TODAY).health == ()
