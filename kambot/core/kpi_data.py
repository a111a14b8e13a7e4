"""The numbers of the KPI pictures, for one account or a portfolio, with the words in the user's language."""
from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlmodel import Session

from kambot.core.account_reply import money
from kambot.core.health_data import AccountHealth, load_health
from kambot.core.health_words import band_word
from kambot.core.i18n import ago, format_day, label, labels
from kambot.domain.cadence import days_since
from kambot.domain.health import KEY_ROLES
from kambot.kpi import AccountKpi, Mover, PortfolioKpi, PortfolioPoint, Renewal, RoleRow
from kambot.storage.models import Touchpoint, TouchpointContact
from kambot.storage.plans import actions_of

WEEKS, MONTHS = 12, 6
MOVERS, RENEWALS, RENEWAL_DAYS = 8, 8, 90
KINDS = ("meeting", "call", "meal", "event", "email", "message", "other")


def week_starts(today: date) -> list[date]:
    """The Mondays of the last WEEKS weeks, this one last."""
    monday = today - timedelta(days=today.weekday())
    return [monday - timedelta(weeks=WEEKS - 1 - i) for i in range(WEEKS)]


def month_starts(today: date) -> list[date]:
    """The first days of the last MONTHS months, this one last."""
    out, year, month = [], today.year, today.month
    for _ in range(MONTHS):
        out.append(date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return out[::-1]


def account_kpi(session: Session, *, team_id: str, account_id: int, today: date, lang: str) -> tuple[AccountKpi, dict]:
    """One account's dashboard and the same numbers as data (for the text reply and the tests)."""
    words = labels(lang)["kpi"]
    weeks = week_starts(today)
    now = load_health(session, team_id=team_id, account_ids=[account_id], today=today)[0]
    history = [load_health(session, team_id=team_id, account_ids=[account_id], today=today,
                           as_of=min(start + timedelta(days=6), today), states=[now.state])[0].health.score
               for start in weeks[:-1]] + [now.health.score]
    counts: dict[str, list[int]] = {}
    for day, kind in session.execute(select(Touchpoint.occurred_on, Touchpoint.kind).where(
            Touchpoint.team_id == team_id, Touchpoint.account_id == account_id,
            Touchpoint.occurred_on >= weeks[0], Touchpoint.occurred_on <= today)):
        key = kind if kind in KINDS else "other"
        counts.setdefault(key, [0] * WEEKS)[min((day - weeks[0]).days // 7, WEEKS - 1)] += 1
    months = month_starts(today)
    seen: list[set[int]] = [set() for _ in months]
    for contact_id, day in session.execute(select(TouchpointContact.contact_id, TouchpointContact.occurred_on).where(
            TouchpointContact.account_id == account_id, TouchpointContact.team_id == team_id,
            TouchpointContact.occurred_on >= months[0], TouchpointContact.occurred_on <= today)):
        seen[max(i for i, m in enumerate(months) if m <= day)].add(contact_id)
    inputs, state = now.inputs, now.state
    roles = [RoleRow(words["account_row"], days_since(inputs.last_touch_on, today))]
    roles += [RoleRow(label(lang, "role", r), days_since(inputs.roles.get(r), today), r in inputs.roles)
              for r in KEY_ROLES]
    actions = actions_of(session, team_id=team_id, account_id=account_id)
    plan = {"done": sum(1 for a in actions if a.status == "done"),
            "total": sum(1 for a in actions if a.status != "dropped"), "overdue": inputs.overdue_actions}
    tiles = _account_tiles(now, plan, today, lang)
    touches = {label(lang, "kind", k): tuple(counts[k]) for k in KINDS if k in counts}
    kpi = AccountKpi(
        title=f"{state.name} · {words['title']}", subtitle=format_day(today, lang), tiles=tuple(tiles),
        week_labels=tuple(f"{s.day}/{s.month}" for s in weeks), touches=touches, health=tuple(history),
        month_labels=tuple(labels(lang)["months_short"][m.month - 1] for m in months),
        engaged=tuple(len(s) for s in seen), roles=tuple(roles), cadence=inputs.cadence_days, words=words)
    data = {"account_id": account_id, "score": now.health.score, "band": now.health.band, "health": list(history),
            "touches": {k: list(v) for k, v in touches.items()}, "touches_total": sum(map(sum, touches.values())),
            "engaged": list(kpi.engaged), "days_since": roles[0].days, "cadence": inputs.cadence_days,
            "roles": {r: (days_since(inputs.roles.get(r), today) if r in inputs.roles else "missing")
                      for r in KEY_ROLES},
            "revenue": state.annual_revenue, "revenue_text": money(state.annual_revenue, lang), "renewal_in": None if state.renewal_date is None
            else (state.renewal_date - today).days, "plan": plan, "tiles": tiles}
    return kpi, data


def _account_tiles(row: AccountHealth, plan: dict, today: date, lang: str) -> list[str]:
    w = labels(lang)["kpi"]
    s, h = row.state, row.health
    tiles = [w["tile_health"].format(score=h.score, band=band_word(h.band, lang))]
    since = days_since(row.inputs.last_touch_on, today)
    tiles.append(w["tile_never"].format(cadence=row.inputs.cadence_days) if since is None
                 else w["tile_touch"].format(ago=ago(since, lang), cadence=row.inputs.cadence_days))
    if s.annual_revenue:
        tiles.append(w["tile_revenue"].format(revenue=money(s.annual_revenue, lang)))
    if s.renewal_date is not None:
        days = (s.renewal_date - today).days
        tiles.append(w["tile_renewal"].format(days=days) if days >= 0 else w["tile_renewal_passed"].format(days=-days))
    if plan["total"]:
        tiles.append(w["tile_plan"].format(**plan))
    return tiles


def portfolio_kpi(session: Session, *, team_id: str, owner: str | None, tier: str | None, scope_words: str,
                  today: date, lang: str) -> tuple[PortfolioKpi, dict]:
    """A portfolio's dashboard (one owner's, a tier's or the team's) and its numbers as data."""
    words = labels(lang)["kpi"]
    rows = load_health(session, team_id=team_id, owner=owner, today=today)
    if tier:
        rows = [r for r in rows if (r.state.tier or "").strip().upper() == tier]
    before = {r.state.id: r.health.score for r in load_health(
        session, team_id=team_id, today=today, as_of=today - timedelta(days=7), states=[r.state for r in rows])}
    points = tuple(PortfolioPoint(r.state.name, r.health.score, r.health.band, r.state.annual_revenue or 0)
                   for r in rows)
    changes = [(r.health.score - before[r.state.id], r) for r in rows if r.health.score != before[r.state.id]]
    changes.sort(key=lambda c: (-abs(c[0]), c[1].state.name.casefold()))
    movers = tuple(Mover(r.state.name, change) for change, r in changes[:MOVERS])
    ahead = sorted((r for r in rows if r.state.renewal_date and 0 <= (r.state.renewal_date - today).days
                    <= RENEWAL_DAYS), key=lambda r: (r.state.renewal_date, r.state.name.casefold()))
    renewals = tuple(Renewal(r.state.name, (r.state.renewal_date - today).days, r.health.band)
                     for r in ahead[:RENEWALS])
    bands = {b: sum(1 for r in rows if r.health.band == b) for b in ("at_risk", "watch", "healthy")}
    at_risk_revenue = sum(r.state.annual_revenue or 0 for r in rows if r.health.band == "at_risk")
    tiles = [words["tile_bands"].format(**bands)]
    if at_risk_revenue:
        tiles.append(words["tile_at_risk_revenue"].format(revenue=money(at_risk_revenue, lang)))
    kpi = PortfolioKpi(title=words["portfolio_title"], subtitle=f"{scope_words} · {format_day(today, lang)}",
                       tiles=tuple(tiles), points=points, movers=movers, renewals=renewals, words=words)
    data = {"total": len(rows), "bands": bands, "at_risk_revenue": at_risk_revenue,
            "at_risk_revenue_text": money(at_risk_revenue, lang),
            "movers": [(m.name, m.change) for m in movers], "renewals": [(r.name, r.days) for r in renewals],
            "moved": len(changes), "renewals_total": len(ahead), "tiles": tiles}
    return kpi, data
