"""What a person sees in a real browser: choosing townships to compare, and the catalogue's marks."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from tests.republished import ADDED_NAME, DROPPED_ITEM, republished_002
from tests.township.conftest import six_more_townships
from township.models import Place

pytestmark = pytest.mark.django_db(transaction=True)

ALL_FOUR = ("潘津镇", "某乡（清单未载明乡名）", "先拜巴扎镇", "夏马勒乡")


ALL_FOUR_BY_COUNTY = {"伊宁市": ["潘津镇"], "额敏县": ["某乡（清单未载明乡名）"], "于田县": ["先拜巴扎镇"],
                      "巴楚县": ["夏马勒乡"]}


def pick_county(page, county: str, *, suggested: str | None = None) -> None:
    """Type a county into the county box, pick a suggestion if told (else send the name as typed), list its townships."""
    box = page.get_by_role("combobox", name="县（市、区）")
    box.fill(county)
    if suggested:
        page.get_by_role("option", name=suggested).click()
    page.get_by_role("button", name="列出本县乡镇").click()
    page.wait_for_load_state()


def choose(page, names) -> None:
    for name in names:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="比较", exact=True).click()
    page.wait_for_load_state()


def choose_across_counties(page, by_county: dict[str, list[str]]) -> None:
    """Tick townships county by county (each ticked box stays ticked in the next), then compare."""
    for county, names in by_county.items():
        pick_county(page, county)
        for name in names:
            page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="比较", exact=True).click()
    page.wait_for_load_state()


def test_comparing_the_four_bundled_townships_lines_up_their_items(portal, page, shoot):
    page.goto(portal + "/")
    page.get_by_role("link", name="比较清单").click()
    page.wait_for_load_state()
    assert page.get_by_text("先选县，再勾选乡镇").is_visible() and page.get_by_role("checkbox").count() == 0
    pick_county(page, "于田", suggested="于田县（和田地区）")  # the type-ahead: counties only
    assert page.locator("legend", has_text="于田县").is_visible()
    page.get_by_role("checkbox", name="先拜巴扎镇").check()
    choose_across_counties(page, {county: names for county, names in ALL_FOUR_BY_COUNTY.items() if county != "于田县"})
    assert page.url.count("t=") == 4
    for name in ALL_FOUR:  # the townships ticked in every county are still there, ticked
        assert page.get_by_role("checkbox", name=name).is_checked()
    assert page.get_by_role("heading", name="比较结果").is_visible()
    row = page.locator("#compare-coordinating tr.compare-row", has_text="党代表").first
    assert row.locator("td").count() == 4
    assert all("级以上党代表工作" in text for text in row.locator("td").all_inner_texts())
    assert row.locator("del.diff-removed").first.is_visible() and row.locator("ins.diff-added").first.is_visible()
    chart = page.locator("#compare-basic svg[role=img]")
    assert chart.is_visible() and chart.locator("#chart-basic-title").text_content() == "基本履职事项各类别事项数"
    unique = page.locator("#compare-coordinating .unique-list", has_text="伊宁市潘津镇独有")
    if unique.get_attribute("open") is None:  # the first list's <details> starts open
        unique.locator("summary").click()
    assert unique.get_by_role("link", name="深化党建引领普惠金融促进产业发展工作").is_visible()
    shoot(page, "07-compare-four")
    assert page.console_errors == []


def test_choosing_one_township_says_in_chinese_that_two_are_needed(portal, page, shoot):
    page.goto(portal + Place.objects.get(name="于田县").get_absolute_url())
    page.get_by_role("link", name="比较本县乡镇清单").click()  # the county's own page leads here
    page.wait_for_load_state()
    choose(page, ["先拜巴扎镇"])
    assert "请至少选择 2 个乡镇" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("checkbox", name="先拜巴扎镇").is_checked()
    shoot(page, "08-compare-too-few")
    assert page.console_errors == []


def test_without_javascript_a_typed_county_lists_its_townships_and_the_ticked_stay(portal, browser, shoot):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    plain.goto(portal + "/compare/")
    for county, township in [("伊宁市", "潘津镇"), ("巴楚县", "夏马勒乡")]:
        plain.get_by_role("textbox", name="县（市、区）").fill(county)
        plain.get_by_role("textbox", name="县（市、区）").press("Enter")  # the county button is the default
        plain.wait_for_load_state()
        plain.get_by_role("checkbox", name=township).check()
    assert plain.get_by_role("checkbox", name="潘津镇").is_checked()
    shoot(plain, "14-compare-county-no-js")
    plain.get_by_role("button", name="比较", exact=True).click()
    plain.wait_for_load_state()
    assert plain.get_by_role("heading", name="比较结果").is_visible()
    context.close()


def test_the_comparison_downloads_as_a_workbook(portal, page):
    page.goto(portal + "/compare/")
    choose_across_counties(page, {"伊宁市": ["潘津镇"], "巴楚县": ["夏马勒乡"]})
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel（每部分一个工作表）").click()
    assert download.value.suggested_filename == "乡镇履职事项清单比较.xlsx"


def test_the_compare_page_fits_a_phone_screen(portal, browser, shoot):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    errors: list[str] = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone.goto(portal + "/compare/")
    choose_across_counties(phone, ALL_FOUR_BY_COUNTY)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    # The chart's text as drawn on the screen: its height and how far right it reaches.
    labels = phone.locator("#compare-basic svg.chart text.chart-label").evaluate_all(
        "texts => texts.map(text => { const box = text.getBoundingClientRect();"
        " return [box.height, box.right, parseFloat(getComputedStyle(text).fontSize)]; })")
    shoot(phone, "09-compare-phone")
    context.close()
    assert overflow <= 1 and errors == []
    assert labels and all(font == 13 and height >= 13 for height, _, font in labels)  # not shrunk to fit
    assert max(right for _, right, _ in labels) <= 375


def test_two_versions_of_one_township_compare_through_the_version_boxes(portal, page, shoot, tmp_path):
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--published", "2026-01",
                 stdout=io.StringIO())
    page.goto(portal + "/compare/")
    pick_county(page, "于田县")
    page.get_by_role("checkbox", name=re.compile("先拜巴扎镇.*2025年7月版")).check()
    page.get_by_role("checkbox", name=re.compile("先拜巴扎镇.*2026年1月版")).check()
    page.get_by_role("button", name="比较", exact=True).click()
    page.wait_for_load_state()
    assert page.url.count("v=") == 2 and "t=" not in page.url
    headers = page.locator("#compare-basic table.compare-table thead th").all_inner_texts()[1:]
    assert sorted(headers) == ["于田县先拜巴扎镇（2025年7月）", "于田县先拜巴扎镇（2026年1月）"]
    old = page.locator("#compare-basic .unique-list", has_text="（2025年7月）独有")
    new = page.locator("#compare-basic .unique-list", has_text="（2026年1月）独有")
    for details in (old, new):
        if details.get_attribute("open") is None:
            details.locator("summary").click()
    assert "独有 1 项" in old.locator("summary").inner_text() and DROPPED_ITEM[2] in old.inner_text()
    assert new.get_by_role("link", name=ADDED_NAME).is_visible()
    shoot(page, "13-compare-versions")
    assert page.console_errors == []


def test_a_township_page_marks_rare_items_once_the_catalogue_is_built(portal, page, shoot):
    six_more_townships(besides="潘津镇")  # 少见 is marked from ten townships on
    call_command("build_catalogue", stdout=io.StringIO())
    page.goto(portal + Place.objects.get(name="伊宁市").get_absolute_url())  # the home page drills down now
    page.get_by_role("link", name="潘津镇").click()
    page.wait_for_load_state()
    assert "对照事项目录中 10 个乡镇的最新清单" in page.locator("section.catalogue").inner_text()
    row = page.locator("tr", has_text="深化党建引领普惠金融促进产业发展工作")
    assert row.locator(".tag-rare").inner_text() == "少见"
    assert page.locator("tr", has_text="推荐市级以上党代表工作").locator(".tag-rare").count() == 0
    shoot(page, "10-township-catalogue")
    assert page.console_errors == []
