"""Grouped bar charts for comparisons as inline SVG, drawn on the server like the stacked ones.

One group per category: its name on a line of its own above the group (cut to fit a phone),
then one bar per compared list, each followed by its figure. Bars are placed in percentages of
the chart's width and text is sized in pixels (see common.py). Colours come from classes
(`series-<index>`, the compared list's place) styled in static/css/compare.css, which the
swatches beside the compared lists' names use too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from township.charts.common import NARROWEST, axis_end, coordinate, fit_label, legend, scale

LABEL = 17  # px from a group's top to its first bar: the category's line
BAR = 11
BAR_GAP = 2
GROUP_GAP = 8
AXIS = 18  # px under the last group for the axis' figures

DESCRIPTION = "横向条形图，每个类别一组，每个清单一条：{groups}。"
EMPTY = "没有事项。"
VALUES_DO_NOT_MATCH = "“{label}”有 {values} 个数值，但图表有 {series} 个数据系列"


@dataclass(frozen=True)
class GroupedBar:
    """One category's group of bars: its label and one value per compared list."""

    label: str
    values: tuple[int, ...]


def _group_height(series: int) -> int:
    return LABEL + series * (BAR + BAR_GAP) - BAR_GAP + GROUP_GAP


def _describe(group: GroupedBar, series: Sequence[str]) -> str:
    """A group in words: "党的建设，潘津镇 22 项，先拜巴扎镇 26 项"."""
    return "，".join([group.label, *(f"{name} {value} 项" for name, value in zip(series, group.values))])


def _bars(group: GroupedBar, *, top: int, per_unit: float) -> SafeString:
    """A group's bars (x and width in %) with the figure after each."""
    pieces = []
    for index, value in enumerate(group.values):
        y = top + LABEL + index * (BAR + BAR_GAP)
        width = coordinate(value * per_unit)
        pieces.append((index, y, width, BAR, y + BAR - 1, value))
    return format_html_join(
        "", '<rect class="series-{0}" x="0" y="{1}" width="{2}%" height="{3}"/>'
        '<text class="chart-value" x="{2}%" dx="4" y="{4}">{5}</text>', pieces)


def _group(group: GroupedBar, series: Sequence[str], *, top: int, per_unit: float) -> SafeString:
    """One category: a tooltip with every figure, its label above, then its bars."""
    return format_html(
        '<g class="chart-group"><title>{}</title><text class="chart-label" x="0" y="{}">{}</text>{}</g>',
        _describe(group, series), top + LABEL - 5, fit_label(group.label, NARROWEST),
        _bars(group, top=top, per_unit=per_unit))


def _axis(top_value: int, step: int, *, top: int, bottom: int, per_unit: float) -> SafeString:
    """Gridlines at round values behind the bars, their figures under the last group."""
    ticks = [(coordinate(value * per_unit), top, bottom, bottom + AXIS - 5, "start" if value == 0 else "middle", value)
             for value in range(0, top_value + 1, step)]
    return format_html_join(
        "", '<line x1="{0}%" x2="{0}%" y1="{1}" y2="{2}"/><text class="chart-tick" x="{0}%" y="{3}" '
        'text-anchor="{4}">{5}</text>', ticks)


def grouped_bar_chart(*, title: str, chart_id: str, series: Sequence[str],
                      groups: Sequence[GroupedBar]) -> SafeString:
    """A horizontal grouped bar chart as an accessible inline SVG; every figure is in its description.

    `series` names the compared lists in column order, `chart_id` makes the title's and the
    description's ids unique on the page.
    """
    for group in groups:
        if len(group.values) != len(series):
            raise ValueError(VALUES_DO_NOT_MATCH.format(label=group.label, values=len(group.values),
                                                        series=len(series)))
    key, plot_top = legend([(f"series-{index}", name) for index, name in enumerate(series)])
    top_value, step = axis_end(max((value for group in groups for value in group.values), default=0))
    per_unit = scale(top_value)
    height = _group_height(len(series))
    bottom = plot_top + height * len(groups)
    bars = format_html_join("", "{}", ((_group(group, series, top=plot_top + height * index, per_unit=per_unit),)
                                       for index, group in enumerate(groups)))
    description = DESCRIPTION.format(groups="；".join(_describe(group, series) for group in groups)) if groups else EMPTY
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-grouped" width="100%" height="{}" role="img" '
        'aria-labelledby="chart-{}-title" aria-describedby="chart-{}-desc"><title id="chart-{}-title">{}</title>'
        '<desc id="chart-{}-desc">{}</desc>{}<g class="chart-grid">{}</g>{}</svg>',
        bottom + AXIS, chart_id, chart_id, chart_id, title, chart_id, description, key,
        _axis(top_value, step, top=plot_top, bottom=bottom, per_unit=per_unit), bars)
