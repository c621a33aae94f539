"""Server-side SVG charts: stacked bars (statistics) and grouped bars (comparisons)."""

from township.charts.grouped import BarChart, grouped_bar_chart, nice_step
from township.charts.stacked import Bar, Series, bar_chart

__all__ = ["Bar", "BarChart", "Series", "bar_chart", "grouped_bar_chart", "nice_step"]
