"""The statistics pages in a real browser: reached from home, charts drawn, usable on a phone."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_statistics_open_from_home_with_three_charts_and_their_tables(portal, page, shoot):
    page.goto(portal + "/")
    page.get_by_role("link", name="全部清单统计").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "全部清单履职事项统计"
    charts = page.get_by_role("img")
    assert charts.count() == 3
    for index in range(3):
        box = charts.nth(index).bounding_box()
        assert box and box["width"] > 300 and box["height"] > 50
    assert page.locator("table.stats-table").count() == 5
    # The top level lists the regions; each leads down to its prefectures, counties and townships.
    assert "新疆维吾尔自治区" in page.locator("table.stats-table").first.inner_text()
    shoot(page, "07-statistics")
    assert page.console_errors == []


def test_a_county_statistics_page_opens_from_its_place_page(portal, page, shoot):
    page.goto(portal + "/")
    for place in ("新疆维吾尔自治区", "和田地区", "于田县"):  # the county's page, reached from home
        page.locator(".place-list").get_by_role("link", name=place, exact=True).click()
        page.wait_for_load_state()
    page.get_by_role("link", name="于田县统计").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "于田县履职事项统计"
    assert page.get_by_role("img", name="各乡镇（街道）履职事项数").is_visible()
    ranking = page.locator("table.stats-ranking")
    ranking.get_by_role("link").first.click()
    page.wait_for_load_state()
    assert "/departments/" in page.url
    shoot(page, "08-statistics-county-department")
    assert page.console_errors == []


def test_the_statistics_page_fits_a_phone_screen(portal, browser, shoot):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    errors: list[str] = []
    phone.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    phone.goto(portal + "/statistics/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    chart = phone.get_by_role("img").first.bounding_box()
    shoot(phone, "09-statistics-phone")
    context.close()
    assert overflow <= 1
    assert chart["x"] >= 0 and chart["x"] + chart["width"] <= 375
    assert errors == []
