"""What the charts share: text measured in pixels, labels cut to fit, the legend, round axis steps."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from township.charts.common import NARROWEST, PLOT, axis_end, fit_label, legend, nice_step, scale, text_width

SVG = "{http://www.w3.org/2000/svg}"


@pytest.mark.parametrize("text, room, expected", [
    ("潘津镇", 100, "潘津镇"),
    ("一二三四五六", 4 * 13, "一二三…"),
])
def test_fit_label(text, room, expected):
    assert fit_label(text, room) == expected


def test_han_characters_are_measured_wider_than_latin_ones():
    assert text_width("乡镇") > text_width("ab")


@pytest.mark.parametrize("largest, step", [(1, 1), (5, 1), (6, 2), (10, 2), (11, 5), (26, 10), (43, 10),
                                           (99, 20), (140, 50)])
def test_nice_step(largest, step):
    assert nice_step(largest) == step


@pytest.mark.parametrize("largest, end", [(0, (1, 1)), (43, (50, 10)), (50, (50, 10)), (140, (150, 50))])
def test_the_axis_ends_on_the_first_round_tick_at_or_past_the_largest_value(largest, end):
    assert axis_end(largest) == end


def test_the_largest_value_takes_the_plot_and_nothing_divides_by_zero():
    assert scale(50) * 50 == PLOT and scale(0) == PLOT


def entries(names: list[str]) -> ET.Element:
    markup, height = legend([(f"series-{index}", name) for index, name in enumerate(names)])
    return ET.fromstring(f'<svg xmlns="http://www.w3.org/2000/svg" height="{height}">{markup}</svg>')


def test_legend_entries_wrap_and_a_name_longer_than_a_phone_is_cut():
    long_name = "额敏县某乡（清单未载明乡名）" * 2
    root = entries(["伊宁市潘津镇", "于田县先拜巴扎镇", long_name, "巴楚县夏马勒乡"])
    texts = list(root.iter(f"{SVG}text"))
    assert texts[2].text.endswith("…") and long_name.startswith(texts[2].text[:-1])
    for text in texts:
        assert float(text.get("x")) + text_width(text.text) <= NARROWEST
    rows = sorted({rect.get("y") for rect in root.iter(f"{SVG}rect")}, key=float)
    assert len(rows) == 3 and float(root.get("height")) > float(rows[-1]) + 12
