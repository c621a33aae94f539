"""Server-side SVG charts: stacked bars (statistics) and grouped bars (comparisons), sharing common.py."""

from township.charts.common import nice_step
from township.charts.grouped import GroupedBar, grouped_bar_chart
from township.charts.stacked import Series, StackedBar, bar_chart

__all__ = ["GroupedBar", "Series", "StackedBar", "bar_chart", "grouped_bar_chart", "nice_step"]
