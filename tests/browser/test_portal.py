"""What a person sees in a real browser: home → places → township → filter → search → item."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def drill_down(page, portal: str, *places: str) -> None:
    """From the home page, follow each place's link in turn (region → prefecture → county)."""
    page.goto(portal + "/")
    for name in places:
        page.locator(".place-list").get_by_role("link", name=name, exact=True).click()
        page.wait_for_load_state()


def test_home_page_drills_down_to_a_countys_townships_with_counts(portal, page, shoot):
    page.goto(portal + "/")
    assert "乡镇履职事项清单" in page.title()
    region = page.locator(".place-list .place").first
    assert "新疆维吾尔自治区" in region.inner_text() and "个乡镇（街道）" in region.inner_text()
    shoot(page, "01-home")
    drill_down(page, portal, "新疆维吾尔自治区", "和田地区", "于田县")
    assert page.get_by_role("heading", level=1).inner_text() == "于田县"
    township = page.locator(".townships .township").first
    assert "先拜巴扎镇" in township.inner_text() and "合计" in township.inner_text()
    crumbs = page.locator(".breadcrumbs").inner_text()
    assert "新疆维吾尔自治区" in crumbs and "和田地区" in crumbs
    shoot(page, "01b-county")
    assert page.console_errors == []


def test_a_township_page_opens_from_its_county_with_its_three_parts(portal, page, shoot):
    drill_down(page, portal, "新疆维吾尔自治区", "和田地区", "于田县")
    page.get_by_role("link", name="先拜巴扎镇").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text().startswith("于田县先拜巴扎镇")
    body = page.locator("main").inner_text()
    for part in ("基本履职事项", "配合履职事项", "上级部门收回事项"):
        assert part in body
    assert "推荐县级以上党代表工作" in body
    shoot(page, "02-township")
    assert page.console_errors == []


def test_a_township_typed_into_the_search_form_is_suggested_and_filters(portal, page, shoot):
    page.goto(portal + "/search/")
    box = page.get_by_label("乡镇（街道）")
    box.press_sequentially("夏马", delay=50)
    suggestion = page.get_by_role("option", name="巴楚县夏马勒乡")
    suggestion.wait_for()
    shoot(page, "03a-typeahead")
    suggestion.click()
    assert box.input_value() == "巴楚县夏马勒乡"
    page.get_by_role("button", name="搜索").click()
    page.wait_for_load_state()
    assert re.search(r"[?&]township=\d+", page.url)
    assert page.locator(".search-summary").inner_text().startswith("巴楚县夏马勒乡：")
    assert page.get_by_label("乡镇（街道）").input_value() == "巴楚县夏马勒乡"
    assert page.console_errors == []


def test_without_javascript_a_typed_township_name_filters(portal, browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False)
    plain = context.new_page()
    plain.goto(portal + "/search/")
    plain.get_by_label("乡镇（街道）").fill("先拜巴扎镇")
    plain.get_by_role("button", name="搜索").click()
    plain.wait_for_load_state()
    summary = plain.locator(".search-summary").inner_text()
    context.close()
    assert summary.startswith("于田县先拜巴扎镇：")


def test_filtering_by_category_shows_only_that_category(portal, page, shoot):
    page.goto(portal + "/search/")
    page.get_by_label("事项类别").select_option(label="应急管理及消防")
    page.get_by_role("button", name=re.compile("筛选|搜索")).first.click()
    page.wait_for_load_state()
    assert "category=" in page.url
    summary = page.locator(".search-summary").inner_text()
    assert "应急管理及消防" in summary and re.search(r"\d+ 项", summary)
    categories = page.locator(".result-category").all_inner_texts()
    assert categories and set(categories) == {"应急管理及消防"}
    shoot(page, "03-filter-category")


def test_searching_xiaofang_highlights_matches(portal, page, shoot):
    page.goto(portal + "/")
    page.get_by_label("搜索履职事项").fill("消防")
    page.get_by_label("搜索履职事项").press("Enter")
    page.wait_for_load_state()
    assert "q=" in page.url
    assert "含“消防”" in page.locator(".search-summary").inner_text()
    marks = page.locator("mark").all_inner_texts()
    assert marks and set(marks) == {"消防"}
    shoot(page, "04-search-xiaofang")


def test_a_coordinating_item_shows_departments_beside_township_steps(portal, page, shoot):
    page.goto(portal + "/search/?q=党代表&kind=coordinating")
    page.locator(".results a").first.click()
    page.wait_for_load_state()
    main = page.locator("main").inner_text()
    assert "上级部门职责" in main and "配合职责" in main
    assert page.locator("main ol li").count() >= 4
    shoot(page, "05-coordinating-item")
    assert page.console_errors == []


def test_the_township_page_fits_a_phone_screen(portal, browser, shoot):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    drill_down(phone, portal, "新疆维吾尔自治区", "喀什地区", "巴楚县")
    phone.get_by_role("link", name="夏马勒乡").click()
    phone.wait_for_load_state()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    shoot(phone, "06-township-phone")
    context.close()
    assert overflow <= 1
