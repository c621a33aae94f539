"""Grouped bar charts for comparisons: geometry from the figures."""

from __future__ import annotations

import math
from dataclasses import dataclass

LABEL_WIDTH = 120  # category names, right-aligned before the bars
LABEL_GAP = 6
PLOT_WIDTH = 380
VALUE_WIDTH = 40  # the figure after each bar
BAR_HEIGHT = 9
BAR_GAP = 1
GROUP_GAP = 8
LEGEND_LINE = 20
SWATCH = 12
AXIS_HEIGHT = 24
TOP = 8


@dataclass(frozen=True)
class Bar:
    """One series' value for one label, with where to write the figure."""

    series: int
    name: str
    value: int
    x: float
    y: float
    width: float
    height: float
    text_x: float
    text_y: float


@dataclass(frozen=True)
class BarGroup:
    """The bars of one label, one per series."""

    label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class Tick:
    """A value on the axis under the bars, with its gridline."""

    value: int
    x: float


@dataclass(frozen=True)
class LegendEntry:
    """A series' name beside a swatch of its colour."""

    series: int
    name: str
    y: float
    text_y: float


@dataclass(frozen=True)
class BarChart:
    """A horizontal grouped bar chart: what the template needs to draw it, in SVG units."""

    width: int
    height: float
    plot_left: int
    plot_top: float
    plot_bottom: float
    legend: tuple[LegendEntry, ...]
    groups: tuple[BarGroup, ...]
    ticks: tuple[Tick, ...]

    @property
    def label_x(self) -> int:
        return self.plot_left - LABEL_GAP

    @property
    def legend_text_x(self) -> int:
        return self.plot_left + SWATCH + LABEL_GAP

    @property
    def tick_label_y(self) -> float:
        return self.plot_bottom + AXIS_HEIGHT - 8


def nice_step(largest: int, *, most_ticks: int = 5) -> int:
    """A round axis step (1, 2 or 5 times a power of ten) giving at most `most_ticks` steps."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= most_ticks * step * factor:
                return step * factor
        step *= 10


def _bars(row: tuple[int, ...], series: list[str], *, top: float, scale: float) -> tuple[Bar, ...]:
    bars = []
    for index, value in enumerate(row):
        y = top + index * (BAR_HEIGHT + BAR_GAP)
        width = round(value * scale, 1)
        bars.append(Bar(index, series[index], value, LABEL_WIDTH, y, width, BAR_HEIGHT,
                        LABEL_WIDTH + width + 4, y + BAR_HEIGHT - 2))
    return tuple(bars)


def grouped_bar_chart(*, labels: list[str], series: list[str], values: list[tuple[int, ...]]) -> BarChart:
    """Lay out one group of bars per label, one bar per series; values[i][j] is label i, series j."""
    legend = tuple(LegendEntry(index, name, TOP + index * LEGEND_LINE, TOP + index * LEGEND_LINE + SWATCH - 1)
                   for index, name in enumerate(series))
    plot_top = TOP + len(series) * LEGEND_LINE + 4
    largest = max((value for row in values for value in row), default=0)
    step = nice_step(max(largest, 1))
    top_value = step * max(1, math.ceil(largest / step))  # the axis ends on a tick
    scale = PLOT_WIDTH / top_value
    group_height = len(series) * (BAR_HEIGHT + BAR_GAP) - BAR_GAP
    groups, y = [], plot_top + GROUP_GAP / 2
    for label, row in zip(labels, values):
        groups.append(BarGroup(label, y + group_height / 2 + 4, _bars(row, series, top=y, scale=scale)))
        y += group_height + GROUP_GAP
    plot_bottom = y - GROUP_GAP / 2
    ticks = tuple(Tick(value, round(LABEL_WIDTH + value * scale, 1)) for value in range(0, top_value + 1, step))
    return BarChart(LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH, plot_bottom + AXIS_HEIGHT, LABEL_WIDTH,
                    plot_top, plot_bottom, legend, tuple(groups), ticks)
