"""Draw KPI dashboards: tall, one column, big type, so they read on a phone (never pyplot: thread-safe)."""
from __future__ import annotations

import io

import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter
from PIL import Image

from kambot.kpi.model import AccountKpi, PortfolioKpi

WIDTH = 6.0  # inches: at DPI, 720 px wide; a phone shows it ~390 px wide, so 12 pt stays ~11 px
DPI = 120
FONT = 12
BAND_FILL = {"healthy": "#2e9e4f", "watch": "#e0a800", "at_risk": "#c62828"}
BAND_SHADE = (("at_risk", 0, 65), ("watch", 65, 80), ("healthy", 80, 100))
KIND_COLORS = ("#1f5fa8", "#58a4e0", "#f28e2b", "#7b5ea7", "#59a14f", "#e15759", "#9c9c9c")
INK, MUTED = "#1a1a1a", "#5a5a5a"


def to_png(figure: Figure) -> bytes:
    """PNG bytes of a figure drawn on its own canvas (opaque, fast zlib level as for the map)."""
    figure.canvas.draw()
    out = io.BytesIO()
    Image.fromarray(np.asarray(figure.canvas.buffer_rgba())).convert("RGB").save(out, "PNG", compress_level=1)
    return out.getvalue()


def _figure(panels: int, tiles: int, wide_labels: tuple[int, ...] = ()) -> tuple[Figure, list]:
    """A tall figure with a header for the title and tiles, and `panels` axes stacked below."""
    header = 0.9 + 0.32 * tiles
    height = header + 2.7 * panels
    figure = Figure(figsize=(WIDTH, height), dpi=DPI, facecolor="white", layout="none")
    FigureCanvasAgg(figure)
    top = 1 - header / height
    slot = top / panels
    # Panels with names on the left (roles, accounts) get a wider margin, so the names are not cut off.
    axes = [figure.add_axes((left := 0.36 if i in wide_labels else 0.12, top - (i + 1) * slot + 0.55 / height,
                             0.95 - left, slot - 1.05 / height)) for i in range(panels)]
    for ax in axes:
        ax.tick_params(labelsize=FONT - 1, colors=INK)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
    return figure, axes


def _header(figure: Figure, title: str, subtitle: str, tiles: tuple[str, ...]) -> None:
    height = figure.get_figheight()
    y = 1 - 0.15 / height
    figure.text(0.04, y, title, fontsize=FONT + 6, fontweight="bold", va="top", color=INK)
    y -= 0.45 / height
    figure.text(0.04, y, subtitle, fontsize=FONT - 1, va="top", color=MUTED)
    for tile in tiles:
        y -= 0.32 / height
        figure.text(0.04, y, tile, fontsize=FONT + 1, va="top", color=INK)


def _title(ax, text: str) -> None:
    ax.set_title(text, fontsize=FONT + 1, fontweight="bold", loc="left", color=INK, pad=8)


def _thin_labels(labels: tuple[str, ...], every: int = 2) -> list[str]:
    """Every other label, newest kept: 12 week labels do not fit a phone's width."""
    last = len(labels) - 1
    return [label if (last - i) % every == 0 else "" for i, label in enumerate(labels)]


def account_figure(kpi: AccountKpi) -> Figure:
    """Health over time, touches per week by kind, stakeholders per month, days since touched."""
    w = kpi.words
    figure, (health, touches, engaged, recency) = _figure(4, len(kpi.tiles), wide_labels=(3,))
    _header(figure, kpi.title, kpi.subtitle, kpi.tiles)
    x = np.arange(len(kpi.week_labels))

    _title(health, w["health_title"])
    for band, low, high in BAND_SHADE:
        health.axhspan(low, high, color=BAND_FILL[band], alpha=0.10, lw=0)
    health.plot(x, kpi.health, color=INK, lw=2.5, marker="o", ms=5, gid="health")
    health.annotate(str(kpi.health[-1]), (x[-1], kpi.health[-1]), xytext=(0, 8), textcoords="offset points",
                    ha="center", fontsize=FONT, fontweight="bold")
    health.set_ylim(0, 105)
    health.set_yticks([0, 65, 80, 100])
    health.set_xticks(x, _thin_labels(kpi.week_labels))

    _title(touches, w["touches_title"])
    bottom = np.zeros(len(x))
    for i, (kind, counts) in enumerate(kpi.touches.items()):
        touches.bar(x, counts, bottom=bottom, color=KIND_COLORS[i % len(KIND_COLORS)], label=kind, width=0.75,
                    gid=f"touches:{kind}")
        bottom += np.asarray(counts)
    touches.set_xticks(x, _thin_labels(kpi.week_labels))
    touches.set_ylim(0, max(3, bottom.max() * 1.25))
    touches.yaxis.get_major_locator().set_params(integer=True)
    if kpi.touches:
        touches.legend(fontsize=FONT - 2, ncol=min(4, len(kpi.touches)), frameon=False, loc="upper left")
    else:
        touches.text(0.5, 0.5, w["none"], transform=touches.transAxes, ha="center", color=MUTED, fontsize=FONT)

    _title(engaged, w["engaged_title"])
    mx = np.arange(len(kpi.month_labels))
    bars = engaged.bar(mx, kpi.engaged, color="#1f5fa8", width=0.6, gid="engaged")
    engaged.bar_label(bars, fontsize=FONT - 1, padding=2)
    engaged.set_xticks(mx, kpi.month_labels)
    engaged.set_ylim(0, max(3, max(kpi.engaged, default=0) * 1.3))
    engaged.yaxis.get_major_locator().set_params(integer=True)

    _title(recency, w["recency_title"])
    rows = kpi.roles[::-1]  # first row on top
    y = np.arange(len(rows))
    cap = max([kpi.cadence * 2] + [r.days for r in rows if r.days is not None])
    values = [r.days if r.days is not None else 0 for r in rows]
    colors = ["#1f5fa8" if r.days is not None and r.days <= kpi.cadence else "#c62828" for r in rows]
    recency.barh(y, values, color=colors, height=0.6, gid="recency")
    for yi, r in zip(y, rows):
        text = (str(r.days) if r.days is not None else w["never"]) if r.held else w["nobody"]
        recency.text((r.days or 0) + cap * 0.01, yi, " " + text, va="center", fontsize=FONT - 1, color=INK)
    recency.axvline(kpi.cadence, color=MUTED, ls="--", lw=1.5)
    recency.text(kpi.cadence, len(rows) - 0.2, f" {w['cadence']} {kpi.cadence}", fontsize=FONT - 2, color=MUTED,
                 va="center")
    recency.set_ylim(-0.6, len(rows) + 0.1)
    recency.set_yticks(y, [r.label for r in rows])
    recency.set_xlim(0, cap * 1.2)
    recency.set_xlabel(w["days"], fontsize=FONT - 1)
    return figure


def portfolio_figure(kpi: PortfolioKpi) -> Figure:
    """Accounts by health and revenue, the week's movers, renewals ahead."""
    w = kpi.words
    figure, (scatter, movers, renewals) = _figure(3, len(kpi.tiles), wide_labels=(1, 2))
    _header(figure, kpi.title, kpi.subtitle, kpi.tiles)

    _title(scatter, w["scatter_title"])
    for band, low, high in BAND_SHADE:
        scatter.axvspan(low, high, color=BAND_FILL[band], alpha=0.08, lw=0)
    if kpi.points:
        scatter.scatter([p.score for p in kpi.points], [p.revenue for p in kpi.points], s=36,
                        c=[BAND_FILL[p.band] for p in kpi.points], alpha=0.8, edgecolors="white", linewidths=0.5,
                        gid="points", rasterized=len(kpi.points) > 2000)
        top = sorted(kpi.points, key=lambda p: -p.revenue)[:3]
        for p in top:
            right = p.score > 60  # names of healthy accounts go left of their dot, inside the panel
            scatter.annotate(p.name[:18], (p.score, p.revenue), xytext=(-6 if right else 6, 4),
                             textcoords="offset points", ha="right" if right else "left", fontsize=FONT - 2)
    scatter.set_xlim(0, 102)
    scatter.set_xlabel(w["health_axis"], fontsize=FONT - 1)
    scatter.set_ylabel(w["revenue_axis"], fontsize=FONT - 1)
    scatter.yaxis.set_major_formatter(FuncFormatter(_short))

    for ax, title, rows, value, color, empty in (
        (movers, w["movers_title"], kpi.movers, lambda m: m.change,
         lambda m: "#2e9e4f" if m.change > 0 else "#c62828", w["no_movers"]),
        (renewals, w["renewals_title"], kpi.renewals, lambda r: r.days, lambda r: BAND_FILL[r.band],
         w["no_renewals"]),
    ):
        _title(ax, title)
        if not rows:
            ax.text(0.5, 0.5, empty, transform=ax.transAxes, ha="center", color=MUTED, fontsize=FONT)
            ax.set_yticks([])
            continue
        shown = rows[::-1]
        y = np.arange(len(shown))
        values = [value(r) for r in shown]
        ax.barh(y, values, color=[color(r) for r in shown], height=0.6, gid=title)
        ax.set_yticks(y, [r.name[:20] for r in shown])
        span = max(abs(v) for v in values) or 1
        for yi, v in zip(y, values):
            label = f"{v:+d}" if ax is movers else str(v)
            ax.text(v + (span * 0.02 if v >= 0 else -span * 0.02), yi, label, va="center",
                    ha="left" if v >= 0 else "right", fontsize=FONT - 1)
        if ax is movers:
            ax.axvline(0, color=MUTED, lw=1)
            ax.set_xlim(-span * 1.3, span * 1.3)
        else:
            ax.set_xlim(0, span * 1.2)
            ax.set_xlabel(w["days_to_renewal"], fontsize=FONT - 1)
    return figure


def _short(value: float, _pos=None) -> str:
    """Axis numbers in few characters: 1500000 -> 1.5M."""
    for size, suffix in ((1e9, "B"), (1e6, "M"), (1e3, "K")):
        if abs(value) >= size:
            return f"{value / size:.1f}".rstrip("0").rstrip(".") + suffix
    return f"{value:.0f}"
