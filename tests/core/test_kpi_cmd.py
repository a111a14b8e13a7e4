"""`/kam kpi`: the pictures are valid PNGs of a sensible size, and plot the numbers the text reply gives."""
from __future__ import annotations

import io
from datetime import date, timedelta

from PIL import Image

from kambot.core.i18n import labels
from kambot.core.kpi_data import account_kpi, portfolio_kpi
from kambot.kpi import account_figure, portfolio_figure
from kambot.storage.db import session_scope
from tests.support.factories import make_account, make_contacts, make_touch

TODAY = date(2026, 11, 27)


def ago(days: int) -> date:
    return TODAY - timedelta(days=days)


def seed(engine, team="T1"):
    acme = make_account(engine, "Acme", team=team, owner="U_ANA", tier="A", annual_revenue=1_200_000,
                        renewal_date=TODAY + timedelta(days=40))
    maria, joe = make_contacts(engine, acme, [{"name": "Maria", "role": "champion"},
                                              {"name": "Joe", "role": "decision_maker"}])
    for days, kind, who in ((1, "meeting", [maria]), (3, "call", [maria, joe]), (10, "email", [joe]),
                            (40, "call", [maria]), (70, "meeting", [joe])):
        make_touch(engine, acme, on=ago(days), by="U_ANA", kind=kind, contacts=who)
    make_account(engine, "Quiet", team=team, owner="U_ANA", tier="B", annual_revenue=50_000)
    return acme


def png_size(reply) -> tuple[int, int]:
    image = Image.open(io.BytesIO(reply.image.png))
    assert image.format == "PNG"
    image.verify()
    return Image.open(io.BytesIO(reply.image.png)).size


def test_account_picture_and_text_agree(engine, kam):
    acme = seed(engine)
    reply = kam("/kam kpi Acme")
    assert reply.kind == "kpi" and reply.image.filename == "kpi-acme.png"
    width, height = png_size(reply)
    assert 600 <= width <= 1000 and 1200 <= height <= 2400 and 20_000 < len(reply.image.png) < 600_000
    data = reply.data
    assert data["touches_total"] == 5  # 70 days ago is within the 12 weeks
    assert "*Touches in 12 weeks:* 5 (meeting 2; call 2; email 1)" in reply.text
    assert f"over the last 12 weeks: {', '.join(map(str, data['health']))}" in reply.text
    assert "*Stakeholders engaged per month:* " + ", ".join(map(str, data["engaged"])) in reply.text
    with session_scope(engine) as session:
        kpi, same = account_kpi(session, team_id="T1", account_id=acme.id, today=TODAY, lang="en")
    figure = account_figure(kpi)
    plotted = {a.get_gid(): a for ax in figure.axes for a in ax.get_children() if a.get_gid()}
    assert list(plotted["health"].get_ydata()) == data["health"]
    stacked = [0] * 12
    for kind, counts in data["touches"].items():
        bars = [a for ax in figure.axes for a in ax.patches if a.get_gid() == f"touches:{kind}"]
        assert [round(b.get_height()) for b in bars] == counts
        stacked = [s + c for s, c in zip(stacked, counts)]
    assert sum(stacked) == data["touches_total"]
    engaged = [round(b.get_height()) for ax in figure.axes for b in ax.patches if b.get_gid() == "engaged"]
    assert engaged == data["engaged"]
    recency = [round(b.get_width()) for ax in figure.axes for b in ax.patches if b.get_gid() == "recency"]
    assert recency[::-1] == [data["days_since"], data["roles"]["decision_maker"], 0, data["roles"]["champion"]]
    assert data["roles"]["economic_buyer"] == "missing" and "economic buyer nobody" in reply.text


def test_account_picture_in_spanish(engine, kam):
    seed(engine)
    reply = kam("/kam indicadores Acme")
    assert reply.lang == "es" and "*Ingresos:* 1,2 M" in reply.text and "en 40 días" in reply.text
    png_size(reply)


def test_portfolio_picture_and_text_agree(engine, kam):
    seed(engine)
    seed(engine, team="T2")  # never read
    reply = kam("/kam kpi")
    assert reply.data["total"] == 2 and reply.image.filename == "kpi-mine.png"
    width, height = png_size(reply)
    assert 600 <= width <= 1000 and height >= 900
    assert "*Renewals in 90 days:* Acme in 40 days" in reply.text
    with session_scope(engine) as session:
        kpi, data = portfolio_kpi(session, team_id="T1", owner="U_ANA", tier=None, scope_words="x", today=TODAY,
                                  lang="en")
    assert data["movers"] == reply.data["movers"]
    for name, change in data["movers"]:
        assert f"{name} {change:+d}" in reply.text
    figure = portfolio_figure(kpi)
    points = [a for ax in figure.axes for a in ax.collections if a.get_gid() == "points"][0]
    assert sorted(points.get_offsets()[:, 0].tolist()) == sorted(p.score for p in kpi.points)
    title = labels("en")["kpi"]["renewals_title"]
    assert [round(b.get_width()) for ax in figure.axes for b in ax.patches if b.get_gid() == title] == [40]


def test_tier_and_team_scopes(engine, kam):
    seed(engine)
    assert kam("/kam kpi tier A").data["total"] == 1
    assert kam("/kam kpi all", team="T3").data["total"] == 0
    assert kam("/kam kpi all", team="T3").image is None
