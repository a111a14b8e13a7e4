"""Account health: each component, the score and band, and the why-line in both languages (frozen day)."""
from __future__ import annotations

from datetime import date, timedelta

from kambot.core.health_words import why_line
from kambot.domain import health as h
from kambot.domain.health import HealthInputs, health

TODAY = date(2026, 11, 27)
ALL_ROLES = {role: TODAY - timedelta(days=3) for role in h.KEY_ROLES}


def healthy(**changes) -> HealthInputs:
    """An account with nothing to flag, changed by `changes`."""
    values = dict(cadence_days=14, last_touch_on=TODAY - timedelta(days=2), threads=4, roles=dict(ALL_ROLES))
    return HealthInputs(**(values | changes))


def test_nothing_to_flag_is_100_healthy():
    result = health(healthy(), TODAY)
    assert (result.score, result.band, result.reasons) == (100, "healthy", ())
    assert why_line(result, "en") == "100, healthy: nothing to flag"
    assert why_line(result, "es") == "100, sana: nada que señalar"


def test_recency_within_cadence_takes_nothing_and_grows_to_its_cap():
    assert h.recency(TODAY - timedelta(days=14), 14, TODAY) is None  # exactly the cadence is still fine
    late = h.recency(TODAY - timedelta(days=21), 14, TODAY)
    assert (late.key, late.points, late.values) == ("recency", 18, {"days": 21, "cadence": 14})  # 35 * 7/14
    assert h.recency(TODAY - timedelta(days=15), 14, TODAY).points == 3  # 2.5, half up
    assert h.recency(TODAY - timedelta(days=90), 14, TODAY).points == h.CAPS["recency"]
    assert h.recency(None, 30, TODAY) == h.Reason("never", 35, {"cadence": 30})


def test_threads_points_by_count():
    assert [h.threads(n).points for n in range(3)] == [20, 14, 7]
    assert h.threads(3) is None and h.threads(10) is None


def test_roles_missing_never_touched_and_silent():
    held = {"decision_maker": None, "champion": TODAY - timedelta(days=45)}
    reasons = h.roles(held, TODAY)
    assert [(r.key, r.points, r.values["role"]) for r in reasons] == [
        ("role_never", 8, "decision_maker"), ("role_missing", 10, "economic_buyer"), ("role_silent", 6, "champion")]
    assert h.roles({"champion": TODAY - timedelta(days=30), "decision_maker": TODAY,
                    "economic_buyer": TODAY}, TODAY) == []  # 30 days is not yet silent
    assert 3 * h.ROLE_MISSING <= h.CAPS["roles"]


def test_overdue_steps_and_actions_are_capped():
    assert h.overdue("steps", 0) is None
    assert h.overdue("steps", 1).points == 5
    assert h.overdue("actions", 7).points == h.CAPS["actions"]


def test_renewal_proximity():
    assert h.renewal(None, TODAY) is None
    assert h.renewal(TODAY + timedelta(days=91), TODAY) is None
    assert h.renewal(TODAY + timedelta(days=60), TODAY).points == 5
    assert h.renewal(TODAY + timedelta(days=30), TODAY).points == 10
    assert h.renewal(TODAY - timedelta(days=3), TODAY) == h.Reason("renewal_passed", 10, {"days": 3})


def test_bands_at_their_boundaries():
    assert [h.band_of(s) for s in (100, 80, 79, 65, 64, 0)] == [
        "healthy", "healthy", "watch", "watch", "at_risk", "at_risk"]


def test_the_issue_example_reads_largest_first_in_both_languages():
    inputs = healthy(last_touch_on=TODAY - timedelta(days=19), threads=1, overdue_actions=2,
                     roles=dict(ALL_ROLES, economic_buyer=TODAY - timedelta(days=45)))
    result = health(inputs, TODAY)
    assert result.score == 100 - 14 - 13 - 10 - 6 == 57
    assert result.band == "at_risk"
    assert why_line(result, "en") == (
        "57, at risk: only 1 stakeholder engaged in 90 days; last touch 19 days ago against a 14-day cadence; "
        "2 plan actions overdue; economic buyer silent 45 days")
    assert why_line(result, "es") == (
        "57, en riesgo: solo 1 persona contactada en 90 días; último contacto hace 19 días con una cadencia de 14; "
        "2 acciones del plan vencidas; comprador económico sin contacto hace 45 días")
    assert why_line(result, "en", limit=2).count(";") == 1


def test_score_never_below_zero():
    result = health(HealthInputs(cadence_days=14, overdue_steps=5, overdue_actions=5,
                                 renewal_on=TODAY - timedelta(days=1)), TODAY)
    assert result.score == 0 and result.band == "at_risk"
    text = why_line(result, "en")
    assert "never touched (cadence 14 days)" in text and "no stakeholder engaged in 90 days" in text
    assert "no decision maker known" in text and "renewal date passed yesterday" in text
    assert "sin campeón conocido" in why_line(result, "es")


def test_singular_and_renewal_words():
    one = health(healthy(overdue_steps=1, renewal_on=TODAY + timedelta(days=1)), TODAY)
    assert why_line(one, "en") == "85, healthy: renewal tomorrow; 1 next step overdue"
    assert why_line(one, "es") == "85, sana: renovación mañana; 1 próximo paso vencido"
