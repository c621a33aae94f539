"""What a person sees checking a department's tasks in a real browser: paste, choose, read, export."""

from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db(transaction=True)

TASKS = "\n".join([
    "请各乡镇于月底前做好双拥工作",
    "请各乡镇配合做好农村公益电影放映工作",
    "由镇政府负责婚姻登记工作",
    "请各乡镇配合开展航空器适航审定",
])


def ask(page, portal: str) -> None:
    """Open the page from the header, paste the tasks, pick a township from the type-ahead, submit."""
    page.goto(portal + "/")
    page.get_by_role("link", name="事项准入核查").click()
    page.wait_for_load_state()
    page.get_by_role("textbox", name="任务").fill(TASKS)
    box = page.get_by_role("combobox", name="乡镇（街道）").first
    box.fill("先拜")
    page.get_by_role("option", name="于田县先拜巴扎镇").click()
    page.get_by_role("button", name="核查").click()
    page.wait_for_load_state()


def test_pasted_tasks_are_read_as_the_lists_say(portal, page, shoot):
    ask(page, portal)
    assert "/check/" in page.url and page.url.rstrip("/") != portal + "/check"
    rows = page.locator("table.check-table tbody tr")
    assert rows.count() == 4
    verdicts = [rows.nth(index).locator(".check-verdict strong").inner_text() for index in range(4)]
    assert verdicts == ["基本履职事项（乡镇负责）", "配合履职事项（乡镇配合，部门负责）", "上级部门收回事项（乡镇不承接）",
                        "清单外事项（需按程序准入）"]
    assert rows.nth(1).get_by_text("乡镇配合", exact=True).is_visible()
    assert rows.nth(0).get_by_role("link", name="落实党管武装要求，做好双拥、国防教育等工作").is_visible()
    shoot(page, "check_result")
    address = page.url
    page.goto(address)  # the result has an address of its own
    assert page.locator("table.check-table tbody tr").count() == 4
    assert not page.console_errors


def test_the_verdicts_download_as_a_workbook(portal, page):
    ask(page, portal)
    with page.expect_download() as download:
        page.get_by_role("link", name="导出 Excel（每项任务每个乡镇一行）").click()
    assert download.value.suggested_filename == "事项准入核查结果.xlsx"
    sheet = load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert "上级部门收回事项（乡镇不承接）" in values and "清单外事项（需按程序准入）" in values
