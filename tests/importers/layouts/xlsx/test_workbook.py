"""Reading sheets as text: exact text cells, formulas refused, the header found, a broken file refused in Chinese."""

from __future__ import annotations

import datetime
import logging
import re
import zipfile
from io import BytesIO

import pytest
from openpyxl import load_workbook

from importers.layouts import xlsx
from importers.layouts.xlsx import messages
from importers.layouts.xlsx.workbook import cell_text
from importers.layouts.xlsx.format import PLACE_ROWS, PROFILE_ROWS
from tests.importers.layouts.xlsx.conftest import PLACE, parse_error, workbook_bytes


@pytest.mark.parametrize("value, text", [
    (None, ""),
    (14, "14"),
    (14.0, "14"),
    (85.05, "85.05"),
    (datetime.datetime(2025, 8, 1), "2025-08-01"),
    ("\t=1", "\t=1"),
    ("  党员发展工作 ", "  党员发展工作 "),
    ("第一行\r\n第二行", "第一行\n第二行"),
], ids=["empty", "integer", "whole-float", "decimal", "date", "tab-formula", "spaces", "crlf"])
def test_a_cell_reads_as_the_text_it_shows_and_text_exactly_as_stored(value, text):
    assert cell_text(value) == text


def test_text_with_surrounding_whitespace_comes_back_exactly_where_it_is_kept():
    basic = [[" 1 ", " 党的建设 ", "\t=1", " 备注 "]]
    items, _ = xlsx.parse_workbook(workbook_bytes(basic=basic), source="清单.xlsx")
    item = items.basic[0]
    assert (item.seq, item.category, item.name, item.note) == (1, "党的建设", "\t=1", " 备注 ")


def test_a_row_of_blank_cells_is_no_item():
    items, _ = xlsx.parse_workbook(workbook_bytes(basic=[[" ", "", "  ", ""]]), source="清单.xlsx")
    assert items.basic == ()


def test_a_file_that_is_no_workbook_is_refused_in_chinese_and_openpyxls_words_go_to_the_log(caplog):
    with caplog.at_level(logging.WARNING, logger="importers.layouts.xlsx.workbook"):
        error = parse_error(b"PK\x03\x04 not really a zip")
    assert error.issue.message == messages.NOT_A_WORKBOOK
    assert "清单.xlsx" in caplog.text and "openpyxl could not read" in caplog.text


def test_a_formula_cell_is_refused_naming_sheet_and_cell():
    error = parse_error(workbook_bytes(basic=[[1, "党的建设", "=HYPERLINK(\"http://x\")", ""]]))
    assert error.issue.message == messages.FORMULA_CELL.format(
        sheet="基本履职事项", cell="C3", formula="=HYPERLINK(\"http://x\")")


def test_a_sheet_without_its_header_row_is_named():
    loaded = load_workbook(BytesIO(workbook_bytes()))
    loaded["基本履职事项"].delete_rows(2)
    buffer = BytesIO()
    loaded.save(buffer)
    error = parse_error(buffer.getvalue())
    assert error.issue.message == messages.NO_HEADER.format(sheet="基本履职事项", rows=10,
                                                           headings="序号、事项类别、事项名称")


def test_a_heading_an_editor_padded_with_spaces_is_still_found():
    loaded = load_workbook(BytesIO(workbook_bytes()))
    loaded["基本履职事项"]["C2"] = " 事项名称 "
    buffer = BytesIO()
    loaded.save(buffer)
    items, _ = xlsx.parse_workbook(buffer.getvalue(), source="清单.xlsx")
    assert [item.name for item in items.basic] == ["党员发展工作"]



def _declared_as_the_whole_sheet(content: bytes) -> bytes:
    """The workbook with every sheet claiming A1:XFD1048576, as a crafted 62 KB file did."""
    source, target = zipfile.ZipFile(BytesIO(content)), BytesIO()
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as out:
        for member in source.namelist():
            data = source.read(member)
            if member.startswith("xl/worksheets/"):
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:XFD1048576"/>', data)
            out.writestr(member, data)
    return target.getvalue()


def test_a_sheet_declaring_the_whole_grid_reads_only_the_cells_it_holds():
    items, _preamble = xlsx.parse_workbook(_declared_as_the_whole_sheet(workbook_bytes()), source="清单.xlsx")
    assert [item.name for item in items.coordinating] == ["推荐县级以上党代表工作"]


@pytest.mark.parametrize("value", ["1e999999999", "9" * 5000, "1" + "0" * 40])
def test_a_huge_number_in_the_explanation_is_refused_at_once_by_its_cell(value):
    notes = [[PLACE_ROWS[key], text] for key, text in PLACE.items()] + [[PROFILE_ROWS["area_km2"], value]]
    error = parse_error(workbook_bytes(notes=notes))
    assert "应为数字" in error.issue.message and "单元格" in error.issue.message
