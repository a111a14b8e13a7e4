"""Relationship strength: points by kind, decay with age, bands, and the en/es "why" line."""
import json
from datetime import date, timedelta
from pathlib import Path

import pytest

from kambot.domain.strength import (
    HALF_LIFE_DAYS, MEDIUM_AT, STRONG_AT, Strength, Touch, band_for, band_label, contact_scores,
    contact_strength, explain, mention, pair_strengths, touch_points,
)

TODAY = date(2026, 3, 10)


def ago(days: int, kind: str = "meeting", *who: str) -> Touch:
    return Touch(TODAY - timedelta(days=days), kind, who or ("U_ANA",))


def test_no_touches_is_none():
    strength = contact_strength([], today=TODAY)
    assert strength.band == "none" and strength.score == 0 and strength.last_days_ago is None
    assert strength.top_holder is None and strength.holders == () and pair_strengths([], today=TODAY) == {}


def test_kind_weights_rank_face_time_first():
    points = {k: touch_points(ago(0, k), today=TODAY) for k in ("meeting", "meal", "event", "call", "email",
                                                                "message", "other", "unknown")}
    assert points["meeting"] == points["meal"] > points["event"] == points["call"] > points["email"]
    assert points["email"] == points["message"] == points["other"] == points["unknown"] == 1.0
    assert touch_points(ago(0, "Meeting"), today=TODAY) == 3.0  # case does not matter


def test_decay_halves_every_half_life():
    fresh = touch_points(ago(0), today=TODAY)
    assert touch_points(ago(int(HALF_LIFE_DAYS)), today=TODAY) == pytest.approx(fresh / 2)
    assert touch_points(ago(int(2 * HALF_LIFE_DAYS)), today=TODAY) == pytest.approx(fresh / 4)
    assert touch_points(ago(365), today=TODAY) < 0.01 * fresh
    assert touch_points(ago(-3), today=TODAY) == fresh  # a future date counts as today, no bonus


def test_same_touches_weaken_with_age():
    touches = [ago(d, "meeting") for d in (1, 8, 15)] + [ago(20, "call")]
    assert contact_strength(touches, today=TODAY).band == "strong"
    later = TODAY + timedelta(days=60)
    assert contact_strength(touches, today=later).band == "medium"
    assert contact_strength(touches, today=TODAY + timedelta(days=400)).band == "weak"  # never "none"


@pytest.mark.parametrize("score,touched,band", [
    (0.0, False, "none"), (0.01, True, "weak"), (MEDIUM_AT - 0.01, True, "weak"), (MEDIUM_AT, True, "medium"),
    (STRONG_AT - 0.01, True, "medium"), (STRONG_AT, True, "strong"),
])
def test_band_thresholds(score, touched, band):
    assert band_for(score, touched) == band


def test_single_touches_land_where_documented():
    assert contact_strength([ago(0, "meeting")], today=TODAY).band == "medium"
    assert contact_strength([ago(0, "call")], today=TODAY).band == "medium"
    assert contact_strength([ago(0, "email")], today=TODAY).band == "weak"
    assert contact_strength([ago(60, "meeting")], today=TODAY).band == "weak"


def test_contact_strength_facts_and_holders():
    touches = [ago(2, "meeting", "U_ANA", "U_BEN"), ago(10, "call", "U_ANA"), ago(30, "meal", "U_ANA"),
               ago(59, "email", "U_ANA"), ago(60, "email", "U_BEN"), ago(90, "meeting", "U_BEN")]
    strength = contact_strength(touches, today=TODAY)
    assert strength.touches_60d == 4  # days 0..59
    assert strength.last_days_ago == 2
    assert strength.top_holder == "U_ANA"
    assert [user for user, _ in strength.holders] == ["U_ANA", "U_BEN"]
    assert strength.last_by_holder == {"U_ANA": TODAY - timedelta(days=2), "U_BEN": TODAY - timedelta(days=2)}
    # a meeting two of us attended counts once for the contact, fully for each of us
    assert strength.score == pytest.approx(sum(touch_points(t, today=TODAY) for t in touches), abs=0.01)
    assert sum(score for _, score in strength.holders) > strength.score
    hash(strength)  # usable as a dict key despite the mapping field


def test_pair_strengths_per_team_member():
    touches = [ago(1, "meeting", "U_ANA"), ago(3, "meeting", "U_ANA"), ago(5, "call", "U_ANA"),
               ago(40, "email", "U_BEN"), ago(2, "email", "U_ANA", "U_ANA")]
    pairs = pair_strengths(touches, today=TODAY)
    assert list(pairs) == ["U_ANA", "U_BEN"]
    assert pairs["U_ANA"].band == "strong" and pairs["U_ANA"].touches_60d == 4
    assert pairs["U_BEN"].band == "weak" and pairs["U_BEN"].last_days_ago == 40
    assert pairs["U_BEN"].last_by_holder == {"U_BEN": TODAY - timedelta(days=40)}


def test_contact_scores_match_contact_strength():
    touches = {1: [ago(1), ago(100, "email")], 2: [], 3: [ago(7, "call", "U_BEN")]}
    scores = contact_scores(touches, today=TODAY)
    for pid, items in touches.items():
        assert scores[pid] == pytest.approx(contact_strength(items, today=TODAY).score, abs=0.01)


def test_explain_english_and_spanish():
    strength = Strength(band="strong", score=9.1, touches_60d=6, last_days_ago=2, top_holder="U_ANA",
                        holders=(("U_ANA", 4.2), ("U_BEN", 1.0)), last_by_holder={})
    assert explain(strength, "en") == "strong: 6 touches in 60 days, last 2 days ago, mostly by <@U_ANA>"
    assert explain(strength, "es") == (
        "fuerte: 6 contactos en 60 días, el último hace 2 días, sobre todo <@U_ANA>")


def test_explain_edge_wording():
    one = contact_strength([ago(0, "call", "U_ANA")], today=TODAY)
    assert explain(one, "en") == "medium: 1 touch in 60 days, last today, all by <@U_ANA>"
    assert explain(one, "es-MX") == "media: 1 contacto en 60 días, el último hoy, solo <@U_ANA>"
    old = contact_strength([ago(120, "email", "U_BEN")], today=TODAY)
    assert explain(old, "en") == "weak: no touches in 60 days, last 120 days ago, all by <@U_BEN>"
    assert explain(old, "es") == "débil: ningún contacto en 60 días, el último hace 120 días, solo <@U_BEN>"
    yesterday = contact_strength([Touch(TODAY - timedelta(days=1), "email", ())], today=TODAY)
    assert explain(yesterday, "en") == "weak: 1 touch in 60 days, last yesterday"
    assert explain(yesterday, "es") == "débil: 1 contacto en 60 días, el último ayer"
    assert explain(contact_strength([], today=TODAY), "en") == "none: no touches logged"
    assert explain(contact_strength([], today=TODAY), "es") == "ninguna: sin contactos registrados"


def test_band_labels_match_shared_labels_file():
    root = Path(__file__).resolve().parents[2] / "templates"
    for lang in ("en", "es"):
        shared = json.loads((root / lang / "labels.json").read_text(encoding="utf-8"))["band"]
        assert {band: band_label(band, lang) for band in shared} == shared
    assert band_label("bogus", "fr") == "none"


def test_mention_never_carries_markup():
    assert mention("U_ANA") == "<@U_ANA>"
    assert mention("U1|<!channel>") == "<@U1channel>"
    assert mention("") == "" and mention(None) == ""
