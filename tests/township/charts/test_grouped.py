"""The compare page's grouped bar chart: well-formed, accessible, escaped, proportional, readable on a phone."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from township.charts.common import NARROWEST, PLOT, text_width
from township.charts.grouped import EMPTY, VALUES_DO_NOT_MATCH, GroupedBar, grouped_bar_chart

SVG = "{http://www.w3.org/2000/svg}"
LISTS = ["伊宁市潘津镇", "于田县先拜巴扎镇", "巴楚县夏马勒乡"]


def chart(groups, series=LISTS, title="基本履职事项各类别事项数") -> ET.Element:
    return ET.fromstring(str(grouped_bar_chart(title=title, chart_id="basic", series=series, groups=groups)))


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("width").endswith("%")]


def percent(element: ET.Element, attribute: str) -> float:
    return float(element.get(attribute).removesuffix("%"))


def test_the_chart_is_an_accessible_image_whose_description_has_every_figure():
    root = chart([GroupedBar("党的建设", (22, 26, 30)), GroupedBar("乡村振兴", (11, 9, 17))])
    assert root.get("role") == "img"
    assert (root.get("aria-labelledby"), root.get("aria-describedby")) == ("chart-basic-title", "chart-basic-desc")
    assert root.find(f"{SVG}title").text == "基本履职事项各类别事项数"
    assert root.find(f"{SVG}desc").text == ("横向条形图，每个类别一组，每个清单一条：党的建设，伊宁市潘津镇 22 项，于田县先拜巴扎镇 26 项，"
                                           "巴楚县夏马勒乡 30 项；乡村振兴，伊宁市潘津镇 11 项，于田县先拜巴扎镇 9 项，巴楚县夏马勒乡 17 项。")


def test_the_chart_fills_its_column_with_text_in_pixels_not_a_scaled_viewbox():
    root = chart([GroupedBar("党的建设", (22, 26, 30))])
    assert root.get("width") == "100%" and root.get("viewBox") is None
    assert all(rect.get("x") == "0" for rect in bars(root))


def test_bars_are_proportional_and_the_axis_ends_on_a_tick_past_the_largest():
    root = chart([GroupedBar("党的建设", (22, 43, 0)), GroupedBar("乡村振兴", (11, 9, 17))])
    ticks = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-tick"]
    assert ticks == ["0", "10", "20", "30", "40", "50"]
    lines = [percent(line, "x1") for line in root.iter(f"{SVG}line")]
    assert lines[-1] == PLOT
    widths = [percent(rect, "width") for rect in bars(root)]
    assert widths[:3] == [pytest.approx(PLOT * 22 / 50, abs=0.01), pytest.approx(PLOT * 43 / 50, abs=0.01), 0]
    assert [rect.get("class") for rect in bars(root)] == ["series-0", "series-1", "series-2"] * 2


def test_each_group_has_its_label_above_its_bars_and_each_bar_its_figure():
    root = chart([GroupedBar("党的建设", (22, 26, 30)), GroupedBar("乡村振兴", (11, 9, 17))])
    groups = [group for group in root.iter(f"{SVG}g") if group.get("class") == "chart-group"]
    for group in groups:
        label = next(text for text in group.iter(f"{SVG}text") if text.get("class") == "chart-label")
        tops = [float(rect.get("y")) for rect in group.iter(f"{SVG}rect")]
        assert float(label.get("y")) < min(tops) and tops == sorted(tops)
    figures = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-value"]
    assert figures == ["22", "26", "30", "11", "9", "17"]
    first, second = ([float(rect.get("y")) for rect in group.iter(f"{SVG}rect")] for group in groups)
    assert max(first) < min(second)
    assert float(root.get("height")) > max(second)


def test_a_long_category_label_is_cut_to_fit_a_phone_and_kept_whole_in_the_tooltip():
    name = "农业农村（含畜牧兽医、农机、水利、林业草原、乡村振兴、供销合作等）"
    assert text_width(name) > NARROWEST
    root = chart([GroupedBar(name, (1, 2, 3))])
    label = next(text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-label")
    assert label.endswith("…") and name.startswith(label[:-1]) and text_width(label) <= NARROWEST
    assert root.find(f"{SVG}g[@class='chart-group']/{SVG}title").text.startswith(name)


def test_names_are_escaped_and_the_svg_stays_well_formed():
    xss = '<script>alert(1)</script>"&'
    svg = str(grouped_bar_chart(title=f"<b>{xss}</b>", chart_id="basic", series=[f"乡{xss}", "乙"],
                                groups=[GroupedBar(f"类{xss}", (1, 2))]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    root = ET.fromstring(svg)  # raises if escaping broke the markup
    assert root.find(f"{SVG}title").text == f"<b>{xss}</b>"
    assert f"乡{xss}" in [text.text for text in root.iter(f"{SVG}text")]
    assert not re.search(r"\sstyle=|<script|<style|\son\w+=", svg)


def test_an_empty_part_still_has_an_axis():
    root = chart([], series=["甲", "乙"])
    assert root.find(f"{SVG}desc").text == EMPTY
    ticks = [text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-tick"]
    assert bars(root) == [] and ticks == ["0", "1"]


def test_a_group_with_the_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError, match=re.escape(VALUES_DO_NOT_MATCH.format(label="甲", values=1, series=3))):
        chart([GroupedBar("甲", (1,))])
