"""Stacked bar charts as inline SVG, drawn on the server: no script, no inline style, every name escaped.

Bars are placed in percentages of the chart's width and text is sized in pixels (see common.py).
Each label sits above its bar, where even a long department name has room. Colours come from
classes (`chart-series-<key>`) styled in static/css/statistics.css, because the portal's
Content-Security-Policy refuses style attributes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from township.charts.common import NARROWEST, coordinate, fit_label, legend, scale

LABEL = 17  # px from a row's top to its bar: the label's line
BAR = 16
ROW = LABEL + BAR + 10
SEGMENT_LABEL_MIN = 24  # px at the narrowest width; a thinner segment has no number inside it
SERIES_KEY = re.compile(r"^[a-z][a-z0-9-]*$")

INVALID_SERIES_KEY = "数据系列的标识只能由小写字母、数字和连字符组成：{key}"
VALUES_DO_NOT_MATCH = "“{label}”有 {values} 个数值，但图表有 {series} 个数据系列"


@dataclass(frozen=True)
class Series:
    """One kind of value in the chart (a colour): `key` names its CSS class, `label` the legend."""

    key: str
    label: str


@dataclass(frozen=True)
class StackedBar:
    """One bar: its label and one value per series, stacked left to right."""

    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        """The bar's length: its values added up."""
        return sum(self.values)


def _check(series: Sequence[Series], bars: Sequence[StackedBar]) -> None:
    for one in series:
        if not SERIES_KEY.match(one.key):
            raise ValueError(INVALID_SERIES_KEY.format(key=one.key))
    for bar in bars:
        if len(bar.values) != len(series):
            raise ValueError(VALUES_DO_NOT_MATCH.format(label=bar.label, values=len(bar.values), series=len(series)))


def _tooltip(bar: StackedBar, series: Sequence[Series]) -> str:
    """Every value of the bar in words, shown on hover."""
    values = "，".join(f"{one.label} {value}" for one, value in zip(series, bar.values))
    return f"{bar.label}：{values}，合计 {bar.total}" if len(series) > 1 else f"{bar.label}：{bar.total}"


def _segments(bar: StackedBar, series: Sequence[Series], *, y: int, per_unit: float) -> list[SafeString]:
    """A bar's rectangles (x and width in %), one per non-zero value, numbered when there is room."""
    pieces, x = [], 0.0
    for one, value in zip(series, bar.values):
        if not value:
            continue
        width = value * per_unit
        pieces.append(format_html('<rect class="chart-series-{}" x="{}%" y="{}" width="{}%" height="{}"/>',
                                  one.key, coordinate(x), y, coordinate(width), BAR))
        if width * NARROWEST / 100 >= SEGMENT_LABEL_MIN and len(series) > 1:
            pieces.append(format_html('<text class="chart-segment-value" x="{}%" y="{}" text-anchor="middle">{}</text>',
                                      coordinate(x + width / 2), y + BAR - 4, value))
        x += width
    return pieces


def _bar(bar: StackedBar, series: Sequence[Series], *, top: int, per_unit: float) -> SafeString:
    """One row: the label, then the stacked segments with the total after them."""
    y = top + LABEL
    segments = format_html_join("", "{}", ((piece,) for piece in _segments(bar, series, y=y, per_unit=per_unit)))
    return format_html(
        '<g class="chart-bar"><title>{}</title><text class="chart-label" x="0" y="{}">{}</text>{}'
        '<text class="chart-total" x="{}%" dx="4" y="{}">{}</text></g>',
        _tooltip(bar, series), top + LABEL - 5, fit_label(bar.label, NARROWEST), segments,
        coordinate(bar.total * per_unit), y + BAR - 4, bar.total)


def bar_chart(*, title: str, series: Sequence[Series], bars: Sequence[StackedBar], description: str = "") -> SafeString:
    """A horizontal (stacked when several series) bar chart as an accessible inline SVG."""
    _check(series, bars)
    key, legend_height = legend([(f"chart-series-{one.key}", one.label) for one in series])
    per_unit = scale(max([bar.total for bar in bars], default=0))
    rows = format_html_join("", "{}", ((_bar(bar, series, top=legend_height + ROW * index, per_unit=per_unit),)
                                       for index, bar in enumerate(bars)))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%" height="{}" role="img" '
        'aria-label="{}"><title>{}</title><desc>{}</desc>{}{}</svg>',
        legend_height + ROW * len(bars), title, title, description, key, rows)
