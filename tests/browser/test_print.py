"""What a township page and an item page print: Chromium under print media, and its PDF read back."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from township.models import Duty, Township

pytestmark = pytest.mark.django_db(transaction=True)

HIDDEN_WHEN_PRINTED = (".site-nav", ".site-footer", ".breadcrumbs", ".part-tabs", ".category-jump",
                       ".downloads", ".to-top", ".versions")
NAVIGATION_LINKS = ("检索事项", "比较清单", "管理后台", "回到页首", "导出 Excel")
PART_HEADING = re.compile(r"(基本履职事项|配合履职事项|上级部门收回事项)清单 \d+ 项")


def township_url(portal: str, name: str) -> str:
    return portal + Township.objects.get(name=name).get_absolute_url()


def visible(page, selector: str) -> bool:
    return any(element.is_visible() for element in page.locator(selector).all())


def test_printing_a_township_hides_navigation_and_repeats_table_headers(portal, page, shoot):
    page.goto(township_url(portal, "先拜巴扎镇"))
    assert visible(page, ".site-nav") and visible(page, ".part-tabs")  # on screen they are there
    page.emulate_media(media="print")
    assert [selector for selector in HIDDEN_WHEN_PRINTED if visible(page, selector)] == []
    assert visible(page, "table.duties")
    assert page.eval_on_selector("table.duties thead", "e => getComputedStyle(e).display") == "table-header-group"
    breaks = page.eval_on_selector_all(".part", "parts => parts.map(p => getComputedStyle(p).breakBefore)")
    assert breaks[1:] == ["page", "page"] and breaks[0] != "page"  # between the three parts
    after = page.eval_on_selector("table.duties a[href]", "a => getComputedStyle(a, '::after').content")
    assert after in ("none", "normal")  # links print as their text, not their address
    shoot(page, "print-township")


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler's pdftotext reads the printed page")
def test_a_printed_township_has_no_navigation_and_each_page_of_a_table_starts_with_its_header(
        portal, page, tmp_path):
    page.goto(township_url(portal, "先拜巴扎镇"))
    page.emulate_media(media="print")
    pdf = tmp_path / "township.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True,
                          timeout=60).stdout.decode()
    pages = text.split("\f")[:-1]
    assert len(pages) > 3
    assert [link for link in NAVIGATION_LINKS if link in text] == []
    # Every page after the first starts with a table's header row: the parts start new pages and
    # a table that goes on over a page break repeats its header.
    tops = [next(line for line in page_text.splitlines() if line.strip()) for page_text in pages[1:]]
    part_starts = [top for top in tops if PART_HEADING.match(top.strip())]
    assert [PART_HEADING.match(top.strip()).group(1) for top in part_starts] == ["配合履职事项", "上级部门收回事项"]
    assert all(re.search(r"序号\s+事项名称", top) for top in tops if top not in part_starts)


def test_printing_an_item_hides_navigation_and_the_pager(portal, page):
    duty = Duty.objects.filter(kind=Duty.Kind.COORDINATING, duty_list__township__name="先拜巴扎镇").first()
    page.goto(portal + duty.get_absolute_url())
    assert visible(page, ".pager")
    page.emulate_media(media="print")
    assert not visible(page, ".pager") and not visible(page, ".site-nav") and not visible(page, ".breadcrumbs")
    assert visible(page, ".responsibilities")
