"""The version diff in a real browser: from a township page with two versions, on desktop and phone."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.republished import ADDED_NAME, republished_002
from township.models import Township

pytestmark = pytest.mark.django_db(transaction=True)


def county_page(township: str) -> str:
    """The county page listing the township (the home page drills down by place)."""
    return Township.objects.get(name=township).county.get_absolute_url()


@pytest.fixture
def republished_portal(portal, tmp_path) -> str:
    """The live portal with 先拜巴扎镇's list re-published, edited, for 2026-01."""
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--published", "2026-01",
                 stdout=io.StringIO())
    return portal


def test_the_diff_opens_from_the_township_page_and_marks_the_changes(republished_portal, page, shoot):
    page.goto(republished_portal + county_page("先拜巴扎镇"))
    page.get_by_role("link", name="先拜巴扎镇").click()
    page.get_by_role("link", name="比较版本差异").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "于田县先拜巴扎镇清单版本差异"
    assert "新增 1 项、删除 1 项、修改 1 项" in page.locator(".diff-summary").inner_text()
    assert page.locator("ins.diff-added").all_text_contents() == ["［增］并报县委"]
    # ［增］ is for screen readers: site.css clips it to a pixel, the colour and the line show it.
    assert page.locator("ins.diff-added .visually-hidden").bounding_box()["width"] <= 1
    assert page.locator("table.diff-items-added").get_by_text(ADDED_NAME).is_visible()
    shoot(page, "10-version-diff")
    assert page.console_errors == []


def test_the_picker_compares_the_other_way_round(republished_portal, page, shoot):
    page.goto(republished_portal + county_page("先拜巴扎镇"))
    page.get_by_role("link", name="先拜巴扎镇").click()
    page.get_by_role("link", name="比较版本差异").click()
    page.get_by_label("原版本").select_option(label="2026年1月")
    page.get_by_label("新版本").select_option(label="2025年7月")
    page.get_by_role("button", name="比较").click()
    page.wait_for_load_state()
    assert "从 2026年1月版 到 2025年7月版" in page.locator(".diff-summary").inner_text()
    assert page.locator("del.diff-removed").all_text_contents() == ["［缺］并报县委"]
    assert page.locator("table.diff-items-removed").get_by_text(ADDED_NAME).is_visible()
    shoot(page, "11-version-diff-reversed")
    assert page.console_errors == []


def test_the_diff_fits_a_phone_screen(republished_portal, browser, shoot):
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(republished_portal + county_page("先拜巴扎镇"))
    phone.get_by_role("link", name="先拜巴扎镇").click()
    phone.get_by_role("link", name="比较版本差异").click()
    phone.wait_for_load_state()
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    shoot(phone, "12-version-diff-phone")
    context.close()
    assert overflow <= 1
