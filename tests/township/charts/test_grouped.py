"""The geometry of the server-side bar chart."""

from __future__ import annotations

import pytest

from township.charts.grouped import LABEL_WIDTH, PLOT_WIDTH, grouped_bar_chart, nice_step


@pytest.mark.parametrize("largest, step", [(1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (26, 10), (43, 10),
                                           (99, 20), (140, 50)])
def test_nice_step(largest, step):
    assert nice_step(largest) == step


def test_bars_are_proportional_and_the_axis_ends_on_a_tick_past_the_largest():
    chart = grouped_bar_chart(labels=["党的建设", "乡村振兴"], series=["甲镇", "乙乡", "丙乡"],
                              values=[(22, 43, 0), (11, 9, 17)])
    assert [tick.value for tick in chart.ticks] == [0, 10, 20, 30, 40, 50]
    assert chart.ticks[-1].x == LABEL_WIDTH + PLOT_WIDTH
    bars = {(group.label, bar.name): bar for group in chart.groups for bar in group.bars}
    assert bars[("党的建设", "乙乡")].width == pytest.approx(PLOT_WIDTH * 43 / 50, abs=0.1)
    assert bars[("党的建设", "丙乡")].width == 0
    assert [entry.name for entry in chart.legend] == ["甲镇", "乙乡", "丙乡"]


def test_groups_stack_downwards_without_overlapping():
    chart = grouped_bar_chart(labels=["一", "二", "三"], series=["甲", "乙"], values=[(1, 2), (3, 4), (5, 6)])
    tops = [bar.y for group in chart.groups for bar in group.bars]
    assert tops == sorted(tops) and len(set(tops)) == len(tops)
    assert chart.plot_top > chart.legend[-1].y and chart.height > chart.plot_bottom


def test_an_empty_part_still_has_an_axis():
    chart = grouped_bar_chart(labels=[], series=["甲", "乙"], values=[])
    assert chart.groups == () and [tick.value for tick in chart.ticks] == [0, 1]
