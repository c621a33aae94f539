"""What a person sees in a real browser: choosing townships to compare, and the catalogue's marks."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

ALL_FOUR = ("潘津镇", "某乡（清单未载明乡名）", "先拜巴扎镇", "夏马勒乡")


def choose(page, names) -> None:
    for name in names:
        page.get_by_role("checkbox", name=name).check()
    page.get_by_role("button", name="比较").click()
    page.wait_for_load_state()


def test_comparing_the_four_bundled_townships_lines_up_their_items(portal, page, shoot):
    page.goto(portal + "/")
    page.get_by_role("link", name="比较清单").click()
    page.wait_for_load_state()
    assert page.locator("legend", has_text="于田县").is_visible()
    choose(page, ALL_FOUR)
    assert page.url.count("t=") == 4
    assert page.get_by_role("heading", name="比较结果").is_visible()
    row = page.locator("#compare-coordinating tr.compare-row", has_text="党代表").first
    assert row.locator("td").count() == 4
    assert all("级以上党代表工作" in text for text in row.locator("td").all_inner_texts())
    assert row.locator("del.diff-removed").first.is_visible() and row.locator("ins.diff-added").first.is_visible()
    chart = page.locator("#compare-basic svg[role=img]")
    assert chart.is_visible() and chart.locator("title").text_content() == "基本履职事项各类别事项数"
    unique = page.locator("#compare-coordinating .unique-list", has_text="潘津镇独有")
    unique.locator("summary").click()
    assert unique.get_by_role("link", name="深化党建引领普惠金融促进产业发展工作").is_visible()
    shoot(page, "07-compare-four")
    assert page.console_errors == []


def test_choosing_one_township_says_in_chinese_that_two_are_needed(portal, page, shoot):
    page.goto(portal + "/compare/")
    choose(page, ["先拜巴扎镇"])
    assert "请至少选择 2 个乡镇" in page.get_by_role("alert").inner_text()
    assert page.get_by_role("checkbox", name="先拜巴扎镇").is_checked()
    shoot(page, "08-compare-too-few")
    assert page.console_errors == []


def test_the_comparison_downloads_as_a_workbook(portal, page):
    page.goto(portal + "/compare/")
    choose(page, ["潘津镇", "夏马勒乡"])
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel（每部分一个工作表）").click()
    assert download.value.suggested_filename == "乡镇履职事项清单比较.xlsx"


def test_the_compare_page_fits_a_phone_screen(portal, browser, shoot):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(portal + "/compare/")
    choose(phone, ALL_FOUR)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    shoot(phone, "09-compare-phone")
    context.close()
    assert overflow <= 1


def test_a_township_page_marks_rare_items_once_the_catalogue_is_built(portal, page, shoot):
    call_command("build_catalogue", stdout=io.StringIO())
    page.goto(portal + "/")
    page.get_by_role("link", name="潘津镇").click()
    page.wait_for_load_state()
    assert "对照事项目录中 4 个乡镇的最新清单" in page.locator("section.catalogue").inner_text()
    row = page.locator("tr", has_text="深化党建引领普惠金融促进产业发展工作")
    assert row.locator(".tag-rare").inner_text() == "少见"
    assert page.locator("tr", has_text="推荐市级以上党代表工作").locator(".tag-rare").count() == 0
    shoot(page, "10-township-catalogue")
    assert page.console_errors == []
