"""Workbook cells: text that looks like a formula stays text."""

from __future__ import annotations

import io
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from township.compare_export import text_cell


@pytest.mark.parametrize("text", ["=1+1", "+86 0903", "-项目", "@SUM(A1)", '=HYPERLINK("http://例子")',
                                  "推荐县级以上党代表工作"])
def test_text_is_written_as_an_explicit_string_cell(text):
    workbook = Workbook()
    text_cell(workbook.active, 1, 1, text)
    buffer = io.BytesIO()
    workbook.save(buffer)
    sheet_xml = zipfile.ZipFile(buffer).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet_xml and 't="inlineStr"' in sheet_xml
    cell = load_workbook(buffer).active["A1"]
    assert (cell.value, cell.data_type) == (text, "s")


def test_control_characters_a_workbook_cannot_hold_are_dropped():
    workbook = Workbook()
    text_cell(workbook.active, 1, 1, "党内\x01统计\x0b工作")
    assert workbook.active["A1"].value == "党内统计工作"
