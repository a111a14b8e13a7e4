"""Account health: 0-100, a band and the reasons behind it, from documented components (pure: takes `today`).

A score starts at 100 and each component takes points off, at most its cap; the reasons are the
components that took points, largest first, so the why-line reads in order of what matters most:

| component | cap | rule |
|---|---|---|
| recency | 35 | days since the last touch past the cadence, in proportion: twice the cadence (or never) takes all 35 |
| threads | 20 | distinct contacts touched in THREAD_DAYS: none 20, one 14, two 7, three or more 0 |
| roles | 30 | per decision maker / economic buyer / champion: nobody active in the role 10, never touched 8, silent over ROLE_SILENT_DAYS 6 |
| next steps | 10 | 5 per overdue next step (the digest's rule: set on the account's last touch day, due before today) |
| plan actions | 10 | 5 per overdue success-plan action |
| renewal | 10 | renewal date passed 10, within 30 days 10, within 90 days 5: a near renewal raises the stakes |

Bands: healthy at HEALTHY or more, watch at WATCH or more, else at risk.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kambot.domain.cadence import days_since

THREAD_DAYS = 90  # the window in which a touched contact counts as a thread (as in the digest)
ROLE_SILENT_DAYS = 30  # a key role holder untouched this long is "silent" (Breadbox's champion alert)
KEY_ROLES = ("decision_maker", "economic_buyer", "champion")
HEALTHY, WATCH = 80, 65
CAPS = {"recency": 35, "threads": 20, "roles": 30, "steps": 10, "actions": 10, "renewal": 10}
THREAD_POINTS = (20, 14, 7)  # by number of threads: 0, 1, 2; three or more take nothing
ROLE_MISSING, ROLE_NEVER, ROLE_SILENT = 10, 8, 6
PER_OVERDUE = 5
RENEWAL_SOON, RENEWAL_NEAR = 30, 90


@dataclass(frozen=True)
class HealthInputs:
    """What the score needs about one account, as of `today` (storage reads it from running totals)."""

    cadence_days: int
    last_touch_on: date | None = None
    threads: int = 0  # distinct contacts touched within THREAD_DAYS
    # Role key -> the latest touch of the active contacts holding it (None: held, never touched); absent: nobody.
    roles: dict[str, date | None] = field(default_factory=dict)
    overdue_steps: int = 0
    overdue_actions: int = 0
    renewal_on: date | None = None


@dataclass(frozen=True)
class Reason:
    """One component that took points: its key, the points, and the numbers its sentence needs."""

    key: str  # recency | never | threads | role_missing | role_never | role_silent | steps | actions | renewal*
    points: int
    values: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Health:
    """An account's score, band and reasons (largest first)."""

    score: int
    band: str  # healthy | watch | at_risk
    reasons: tuple[Reason, ...]


def band_of(score: int) -> str:
    """The band of a score."""
    return "healthy" if score >= HEALTHY else "watch" if score >= WATCH else "at_risk"


def recency(last: date | None, cadence: int, today: date) -> Reason | None:
    """Points for days past the cadence: proportional, all of them at twice the cadence or never touched."""
    cap = CAPS["recency"]
    elapsed = days_since(last, today)
    if elapsed is None:
        return Reason("never", cap, {"cadence": cadence})
    if elapsed <= cadence:
        return None
    points = min(cap, int(cap * (elapsed - cadence) / max(cadence, 1) + 0.5))  # half up: 12.5 -> 13
    return Reason("recency", max(points, 1), {"days": elapsed, "cadence": cadence})


def threads(count: int) -> Reason | None:
    """Points for a thin web of contacts: single-threaded key accounts are at risk."""
    if count >= len(THREAD_POINTS):
        return None
    return Reason("threads", THREAD_POINTS[count], {"count": count, "days": THREAD_DAYS})


def roles(held: dict[str, date | None], today: date) -> list[Reason]:
    """Points per key role nobody holds, whose holders were never touched, or who went silent."""
    out = []
    for role in KEY_ROLES:
        if role not in held:
            out.append(Reason("role_missing", ROLE_MISSING, {"role": role}))
        elif held[role] is None:
            out.append(Reason("role_never", ROLE_NEVER, {"role": role}))
        elif (silent := days_since(held[role], today)) > ROLE_SILENT_DAYS:
            out.append(Reason("role_silent", ROLE_SILENT, {"role": role, "days": silent}))
    return out


def overdue(key: str, count: int) -> Reason | None:
    """Points per overdue next step ("steps") or plan action ("actions"), up to the cap."""
    if count <= 0:
        return None
    return Reason(key, min(CAPS[key], PER_OVERDUE * count), {"count": count})


def renewal(renewal_on: date | None, today: date) -> Reason | None:
    """Points for a renewal close ahead (or passed without a new date)."""
    if renewal_on is None:
        return None
    days = (renewal_on - today).days
    if days < 0:
        return Reason("renewal_passed", CAPS["renewal"], {"days": -days})
    if days <= RENEWAL_SOON:
        return Reason("renewal", CAPS["renewal"], {"days": days})
    if days <= RENEWAL_NEAR:
        return Reason("renewal", CAPS["renewal"] // 2, {"days": days})
    return None


def health(inputs: HealthInputs, today: date) -> Health:
    """The score: 100 less each component's points (never below 0), its band and its reasons."""
    found = [recency(inputs.last_touch_on, inputs.cadence_days, today), threads(inputs.threads),
             *roles(inputs.roles, today), overdue("steps", inputs.overdue_steps),
             overdue("actions", inputs.overdue_actions), renewal(inputs.renewal_on, today)]
    reasons = sorted((r for r in found if r is not None), key=lambda r: -r.points)  # stable: ties keep order
    score = max(0, 100 - sum(r.points for r in reasons))
    return Health(score, band_of(score), tuple(reasons))

