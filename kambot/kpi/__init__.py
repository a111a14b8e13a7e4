"""KPI dashboards as pictures: one account's or a portfolio's numbers, drawn on matplotlib's Agg canvas."""
from kambot.kpi.model import AccountKpi, Mover, PortfolioKpi, PortfolioPoint, Renewal, RoleRow
from kambot.kpi.png import account_figure, portfolio_figure, to_png

__all__ = ["AccountKpi", "Mover", "PortfolioKpi", "PortfolioPoint", "Renewal", "RoleRow", "account_figure",
           "portfolio_figure", "to_png"]
