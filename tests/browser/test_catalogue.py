"""What a person sees in a real browser: from a township's catalogue marks to the townships that share a duty."""

from __future__ import annotations

import io
import re

import pytest
from django.core.management import call_command

from tests.township.conftest import import_as, six_more_townships
from township.models import CatalogueEntry, Township

pytestmark = pytest.mark.django_db(transaction=True)

UNIQUE_TO_PANJIN = "深化党建引领普惠金融促进产业发展工作"


def open_township(page, portal: str, name: str) -> None:
    """From the township's county page (the home page drills down by place) to the township."""
    page.goto(portal + Township.objects.get(name=name).county.get_absolute_url())
    page.get_by_role("link", name=name).click()
    page.wait_for_load_state()


def test_a_rare_mark_leads_to_the_entry_and_on_to_the_item(portal, page, shoot):
    six_more_townships(besides="潘津镇")  # 少见 is marked from ten townships on
    call_command("build_catalogue", stdout=io.StringIO())
    open_township(page, portal, "潘津镇")
    page.locator("tr", has_text=UNIQUE_TO_PANJIN).get_by_role("link", name="少见").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == UNIQUE_TO_PANJIN
    assert "1 个乡镇（街道）的清单中有此事项" in page.locator("header.page-header").inner_text()
    rows = page.locator("table.catalogue-townships tbody tr")
    assert rows.count() == 1 and "潘津镇" in rows.first.inner_text()
    shoot(page, "11-catalogue-entry")
    rows.first.get_by_role("link", name=UNIQUE_TO_PANJIN).click()
    page.wait_for_load_state()
    assert UNIQUE_TO_PANJIN in page.get_by_role("heading", level=1).inner_text()
    assert page.console_errors == []


def townships_covered(panel_text: str) -> int:
    """How many townships the catalogue panel says it compares against."""
    return int(re.search(r"对照事项目录中 (\d+) 个乡镇的最新清单", panel_text).group(1))


def test_a_county_gap_leads_to_the_townships_that_have_it_and_a_later_import_joins_at_once(portal, page, shoot):
    import_as("000_5d7574d3c5ca649c.txt", "测试甲镇")
    import_as("001_1fdc4c7ea05d9441.txt", "测试乙乡")
    call_command("build_catalogue", stdout=io.StringIO())
    open_township(page, portal, "先拜巴扎镇")
    panel = page.locator("section.catalogue")
    assert "事项目录生成于" in panel.inner_text() and "可能已过时" not in panel.inner_text()
    covered = townships_covered(panel.inner_text())
    gap = panel.locator("tr", has_text="开展对村巡察工作")
    assert "2 / 3" in gap.inner_text()
    gap.get_by_role("link", name="开展对村巡察工作").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "开展对村巡察工作"
    in_yutian = page.locator("table.catalogue-townships tbody tr", has_text="于田县")
    assert sorted(in_yutian.locator("th").all_inner_texts()) == ["测试乙乡", "测试甲镇"]  # the 2 of "2 / 3"
    assert "先拜巴扎镇" not in page.locator("table.catalogue-townships").inner_text()
    assert page.console_errors == []
    import_as("004_75977ff95c5311e1.txt", "测试丙乡")
    open_township(page, portal, "先拜巴扎镇")
    panel = page.locator("section.catalogue")
    assert townships_covered(panel.inner_text()) == covered + 1  # the new township counted at once
    assert page.locator("p.notice.catalogue-stale").count() == 0
    shoot(page, "12-township-catalogue-after-import")
    assert page.console_errors == []


def test_the_entry_page_fits_a_phone_screen(portal, browser, shoot):
    call_command("build_catalogue", stdout=io.StringIO())
    shared = CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作")
    context = browser.new_context(viewport={"width": 375, "height": 800}, locale="zh-CN")
    phone = context.new_page()
    phone.goto(portal + shared.get_absolute_url())
    assert phone.locator("table.catalogue-townships tbody tr").count() == 4
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    shoot(phone, "13-catalogue-entry-phone")
    context.close()
    assert overflow <= 1
