"""Bar charts as inline SVG, drawn on the server: no script, no inline style, every name escaped.

Bars are placed in percentages of the chart's width and text is sized in pixels, so a chart
fills a phone or a desktop column with text that stays readable (a scaled viewBox would shrink
it). Each label sits above its bar, where even a long department name has room. Colours come
from classes (`chart-series-<key>`) styled in static/css/statistics.css, because the portal's
Content-Security-Policy refuses style attributes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

FONT = 13  # px, as static/css/statistics.css sets it
NARROWEST = 320  # px: the chart must read at this width (a phone, less the page's margins)
LABEL = 17  # px from a row's top to its bar: the label's line
BAR = 16
ROW = LABEL + BAR + 10
LEGEND_ROW = 20
PLOT = 85  # % of the width the longest bar takes; the rest holds its total
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
class Bar:
    """One bar: its label and one value per series, stacked left to right."""

    label: str
    values: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.values)


def text_width(text: str) -> float:
    """Roughly how wide text is drawn, in px: Han and full-width characters take a whole em."""
    wide = sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")
    return (wide + 0.6 * (len(text) - wide)) * FONT


def fit_label(text: str, room: float) -> str:
    """The label, cut with an ellipsis when it would not fit in `room` px."""
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def _n(number: float) -> str:
    """A coordinate as SVG wants it: at most two decimals."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def _check(series: Sequence[Series], bars: Sequence[Bar]) -> None:
    for one in series:
        if not SERIES_KEY.match(one.key):
            raise ValueError(INVALID_SERIES_KEY.format(key=one.key))
    for bar in bars:
        if len(bar.values) != len(series):
            raise ValueError(VALUES_DO_NOT_MATCH.format(label=bar.label, values=len(bar.values), series=len(series)))


def _legend(series: Sequence[Series]) -> tuple[SafeString, int]:
    """The series' colours and names, wrapped to fit the narrowest width; and the height taken."""
    items, x, row = [], 0.0, 0
    for one in series:
        width = 16 + text_width(one.label) + 16
        if x and x + width > NARROWEST:
            x, row = 0.0, row + 1
        top = row * LEGEND_ROW + 2
        items.append((one.key, _n(x), top, _n(x + 16), top + 11, one.label))
        x += width
    legend = format_html_join(
        "", '<g class="chart-legend-item"><rect class="chart-series-{0}" x="{1}" y="{2}" width="12" height="12"/>'
        '<text x="{3}" y="{4}">{5}</text></g>', items)
    return legend, (row + 1) * LEGEND_ROW + 6


def _tooltip(bar: Bar, series: Sequence[Series]) -> str:
    values = "，".join(f"{one.label} {value}" for one, value in zip(series, bar.values))
    return f"{bar.label}：{values}，合计 {bar.total}" if len(series) > 1 else f"{bar.label}：{bar.total}"


def _segments(bar: Bar, series: Sequence[Series], *, y: int, scale: float) -> list[SafeString]:
    """A bar's rectangles (x and width in %), one per non-zero value, numbered when there is room."""
    pieces, x = [], 0.0
    for one, value in zip(series, bar.values):
        if not value:
            continue
        width = value * scale
        pieces.append(format_html('<rect class="chart-series-{}" x="{}%" y="{}" width="{}%" height="{}"/>',
                                  one.key, _n(x), y, _n(width), BAR))
        if width * NARROWEST / 100 >= SEGMENT_LABEL_MIN and len(series) > 1:
            pieces.append(format_html('<text class="chart-segment-value" x="{}%" y="{}" text-anchor="middle">{}</text>',
                                      _n(x + width / 2), y + BAR - 4, value))
        x += width
    return pieces


def _bar(bar: Bar, series: Sequence[Series], *, top: int, scale: float) -> SafeString:
    """One row: the label, then the stacked segments with the total after them."""
    y = top + LABEL
    segments = format_html_join("", "{}", ((piece,) for piece in _segments(bar, series, y=y, scale=scale)))
    return format_html(
        '<g class="chart-bar"><title>{}</title><text class="chart-label" x="0" y="{}">{}</text>{}'
        '<text class="chart-total" x="{}%" dx="4" y="{}">{}</text></g>',
        _tooltip(bar, series), top + LABEL - 5, fit_label(bar.label, NARROWEST), segments,
        _n(bar.total * scale), y + BAR - 4, bar.total)


def bar_chart(*, title: str, series: Sequence[Series], bars: Sequence[Bar], description: str = "") -> SafeString:
    """A horizontal (stacked when several series) bar chart as an accessible inline SVG."""
    _check(series, bars)
    legend, legend_height = _legend(series)
    scale = PLOT / max([bar.total for bar in bars] + [1])
    rows = format_html_join("", "{}", ((_bar(bar, series, top=legend_height + ROW * index, scale=scale),)
                                       for index, bar in enumerate(bars)))
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%" height="{}" role="img" '
        'aria-label="{}"><title>{}</title><desc>{}</desc>{}{}</svg>',
        legend_height + ROW * len(bars), title, title, description, legend, rows)
