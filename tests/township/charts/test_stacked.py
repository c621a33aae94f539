"""Server-drawn stacked bar charts: well-formed, accessible, escaped, proportional, without style attributes."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from township.charts.common import NARROWEST, PLOT, text_width
from township.charts.stacked import INVALID_SERIES_KEY, VALUES_DO_NOT_MATCH, Series, StackedBar, bar_chart

SVG = "{http://www.w3.org/2000/svg}"
PARTS = [Series("basic", "基本履职事项"), Series("coordinating", "配合履职事项"), Series("reclaimed", "上级部门收回事项")]


def parsed(svg: str) -> ET.Element:
    return ET.fromstring(str(svg))


def rects(root: ET.Element, key: str) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{SVG}rect") if rect.get("class") == f"chart-series-{key}"
            and rect.get("width").endswith("%")]  # the legend's swatches are sized in px


def percent(rect: ET.Element, attribute: str) -> float:
    return float(rect.get(attribute).removesuffix("%"))


def chart(bars) -> ET.Element:
    return parsed(bar_chart(title="各乡镇履职事项数", series=PARTS, bars=bars, description="数据见下表"))


def test_the_chart_is_an_accessible_image_with_a_title():
    root = chart([StackedBar("潘津镇", (87, 129, 52))])
    assert root.get("role") == "img" and root.get("aria-label") == "各乡镇履职事项数"
    assert root.find(f"{SVG}title").text == "各乡镇履职事项数"
    assert root.find(f"{SVG}desc").text == "数据见下表"
    assert root.get("width") == "100%" and root.get("viewBox") is None  # text keeps its size on a phone


def test_each_bar_has_its_label_its_total_and_a_tooltip_with_every_value():
    root = chart([StackedBar("潘津镇", (87, 129, 52)), StackedBar("先拜巴扎镇", (116, 98, 41))])
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "潘津镇" in texts and "先拜巴扎镇" in texts and "268" in texts and "255" in texts
    tooltips = [group.find(f"{SVG}title").text for group in root.iter(f"{SVG}g") if group.get("class") == "chart-bar"]
    assert tooltips[0] == "潘津镇：基本履职事项 87，配合履职事项 129，上级部门收回事项 52，合计 268"


def test_segment_widths_are_proportional_and_the_longest_bar_fills_the_plot():
    root = chart([StackedBar("甲", (100, 0, 0)), StackedBar("乙", (50, 0, 0))])
    full, half = (percent(rect, "width") for rect in rects(root, "basic"))
    assert (full, half) == (PLOT, pytest.approx(PLOT / 2, abs=0.01))


def test_stacked_segments_follow_one_another():
    root = chart([StackedBar("甲", (30, 20, 10))])
    basic, coordinating, reclaimed = (rects(root, key)[0] for key in ("basic", "coordinating", "reclaimed"))
    assert percent(coordinating, "x") == pytest.approx(percent(basic, "x") + percent(basic, "width"), abs=0.01)
    assert percent(reclaimed, "x") + percent(reclaimed, "width") == pytest.approx(PLOT, abs=0.01)


def test_a_zero_value_draws_no_segment():
    root = chart([StackedBar("甲", (3, 0, 2))])
    assert len(rects(root, "basic")) == 1 and rects(root, "coordinating") == [] and len(rects(root, "reclaimed")) == 1


def test_names_are_escaped_and_the_svg_stays_well_formed():
    svg = str(bar_chart(title="<b>标题</b>", series=PARTS, bars=[StackedBar('乡<script>alert(1)</script>"&', (1, 2, 3))]))
    assert "<script>" not in svg and "&lt;script&gt;" in svg and "<b>" not in svg
    root = parsed(svg)  # raises if escaping broke the markup
    assert root.get("aria-label") == "<b>标题</b>"


def test_the_chart_never_uses_style_attributes_or_scripts():
    svg = str(bar_chart(title="t", series=PARTS, bars=[StackedBar("甲", (1, 2, 3))]))
    assert not re.search(r"\sstyle=|<script|<style|\son\w+=", svg)


def test_a_label_too_long_for_a_phone_is_cut_with_an_ellipsis_but_kept_whole_in_its_tooltip():
    name = "某县文化体育广播电视和旅游局（县文物局、县新闻出版局、县版权局）"
    assert text_width(name) > NARROWEST
    root = chart([StackedBar(name, (1, 1, 1))])
    label = next(text.text for text in root.iter(f"{SVG}text") if text.get("class") == "chart-label")
    assert label.endswith("…") and name.startswith(label[:-1])
    assert any(title.text.startswith(name) for title in root.iter(f"{SVG}title"))


def test_a_series_key_that_is_not_a_plain_class_name_is_refused():
    with pytest.raises(ValueError, match=re.escape(INVALID_SERIES_KEY.format(key='x" onload="y'))):
        bar_chart(title="t", series=[Series('x" onload="y', "甲")], bars=[])


def test_a_bar_with_the_wrong_number_of_values_is_refused():
    with pytest.raises(ValueError, match=re.escape(VALUES_DO_NOT_MATCH.format(label="甲", values=1, series=3))):
        bar_chart(title="t", series=PARTS, bars=[StackedBar("甲", (1,))])


def test_the_legend_wraps_to_fit_a_phone():
    root = chart([StackedBar("甲", (1, 2, 3))])
    swatches = [rect for rect in root.iter(f"{SVG}rect") if not rect.get("width").endswith("%")]
    labels = [text for text in root.iter(f"{SVG}text") if text.text in {one.label for one in PARTS}]
    assert len(swatches) == 3
    for text in labels:
        assert float(text.get("x")) + text_width(text.text) <= NARROWEST
    assert len({rect.get("y") for rect in swatches}) == 2  # three long labels take two rows
