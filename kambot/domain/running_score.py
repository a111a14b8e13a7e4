"""A contact's decayed score kept as one running number that never needs the clock to update.

strength.contact_scores sums points x 0.5 ** (days ago / half-life) over a contact's touches: that sum changes
every day, so it cannot be stored. Measured from a fixed epoch instead, a touch weighs
points x 2 ** (days since epoch / half-life), which never changes; the score on any day is the sum of the
weights times 0.5 ** (days from epoch to today / half-life). So a contact row can carry the sum of its
touches' weights, kept current by adding a weight when a touch is logged and subtracting it on undo, and
`/kam who` ranks 500 people from 500 numbers instead of summing thousands of touches per question.

Two differences from the per-touch sum, both far below what a band or a ranking can notice:
- a touch dated after today counts on its own day (a 1.5% bonus per day ahead) where contact_scores counts
  it as today; logging refuses future days, so only a time-zone difference between colleagues makes one;
- the running sum carries every touch ever, and a touch two years old still weighs 0.00001 of a fresh one
  (callers that keep a horizon decide who counts as touched from the contact's last day, not from this).
"""
from __future__ import annotations

from datetime import date

from kambot.domain.strength import HALF_LIFE_DAYS, KIND_POINTS

EPOCH = date(2000, 1, 1)
# 2 ** (days / 45) overflows a double past 2 ** 1023, about 126 years from the epoch. Days are clamped to
# +-110 years so a mistyped year 9999 in an import stays a (huge, harmless) number instead of an error;
# when real dates approach 2110 the epoch moves forward and the totals are recounted.
_MAX_DAYS = int(900 * HALF_LIFE_DAYS)


def _days_since_epoch(day: date) -> int:
    return max(-_MAX_DAYS, min(_MAX_DAYS, (day - EPOCH).days))


def touch_weight(day: date, kind: str | None) -> float:
    """A touch's share of its contacts' running totals: kind points grown from the epoch to its day."""
    points = KIND_POINTS.get(kind, None) if kind else 1.0
    if points is None:
        points = KIND_POINTS.get(kind.lower(), 1.0)
    return points * 2.0 ** (_days_since_epoch(day) / HALF_LIFE_DAYS)


def decay_to(today: date) -> float:
    """What a weight is multiplied by to give its score on `today` (one number for a whole account)."""
    return 0.5 ** (_days_since_epoch(today) / HALF_LIFE_DAYS)

