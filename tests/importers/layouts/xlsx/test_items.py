"""The part sheets' rows as items, and the 待核对 sheet's flags (reviewed or open) attached to them."""

from __future__ import annotations

import datetime

import pytest

from importers.layouts import xlsx
from importers.layouts.xlsx import messages
from importers.layouts.xlsx.format import FLAGS_SHEET, REVIEWED
from importers.records import ReclaimedMethod, ReviewFlag
from tests.importers.layouts.xlsx.conftest import parse_error, workbook_bytes


def basic_flags(*rows: list) -> tuple[ReviewFlag, ...]:
    items, _ = xlsx.parse_workbook(workbook_bytes(flags=list(rows)), source="清单.xlsx")
    return items.basic[0].flags


def test_flags_are_attached_to_the_item_they_name():
    flags = basic_flags(["基本履职事项", 1, "党员发展工作", "文字受损", "疑似乱码", ""])
    assert flags == (ReviewFlag("text_damaged", "疑似乱码"),)


@pytest.mark.parametrize("cell, day", [
    (REVIEWED.format(date=datetime.date(2025, 8, 3)), datetime.date(2025, 8, 3)),
    ("已核对(2025/8/3)", datetime.date(2025, 8, 3)),
    (" 已核对（2025-8-3） ", datetime.date(2025, 8, 3)),
    ("", None),
], ids=["as-exported", "typed-with-half-width-brackets", "spaces-around", "open"])
def test_a_flag_says_whether_and_when_it_was_reviewed(cell, day):
    flags = basic_flags(["基本履职事项", 1, "党员发展工作", "文字受损", "疑似乱码", cell])
    assert flags == (ReviewFlag("text_damaged", "疑似乱码", reviewed_on=day),)


@pytest.mark.parametrize("cell", ["已核对", "已核对（2025-02-30）", "核对过了", "2025-08-03"])
def test_a_review_cell_that_is_neither_blank_nor_a_dated_review_is_named(cell):
    error = parse_error(workbook_bytes(flags=[["基本履职事项", 1, "", "文字受损", "", cell]]))
    assert error.issue.line == 3
    assert error.issue.message == messages.BAD_REVIEWED.format(sheet=FLAGS_SHEET, cell="F3", value=cell)


@pytest.mark.parametrize("row, message", [
    (["基本事项", 1, "", "文字受损", "", ""],
     messages.UNKNOWN_PART.format(sheet=FLAGS_SHEET, cell="A3", value="基本事项",
                                  known="基本履职事项、配合履职事项、上级部门收回事项")),
    (["基本履职事项", 1, "", "看不清", "", ""],
     messages.UNKNOWN_REASON.format(sheet=FLAGS_SHEET, cell="D3", value="看不清",
                                    known="文字受损、类别系推定、事项名称缺失、部门无法识别、栏目内容缺失、"
                                          "数量与说明不符、序号异常、内容被截断、识别存疑")),
    (["基本履职事项", 7, "", "文字受损", "", ""],
     messages.NO_SUCH_ITEM.format(sheet=FLAGS_SHEET, row=3, part="基本履职事项", seq=7)),
], ids=["unknown-part", "unknown-reason", "no-such-item"])
def test_a_bad_flag_row_is_named(row, message):
    assert parse_error(workbook_bytes(flags=[row])).issue.message == message


@pytest.mark.parametrize("seq, shown", [("一", "一"), (0, "0"), (2.5, "2.5"), ("", "")])
def test_a_bad_sequence_number_names_sheet_and_cell(seq, shown):
    error = parse_error(workbook_bytes(basic=[[seq, "党的建设", "党员发展工作", ""]]))
    assert error.issue.line == 3
    assert error.issue.message == messages.BAD_SEQ.format(sheet="基本履职事项", cell="A3", value=shown)
    assert str(error).startswith("清单.xlsx:3: 工作表“基本履职事项”A3 单元格")


def test_a_taken_back_item_reads_its_departments_from_the_column_after_the_published_ones():
    row = [1, "民生服务", "婚姻登记", "【于田县民政局】由于田县民政局负责。", "", "于田县民政局\n县委（县政府）办公室、县信访局"]
    items, _ = xlsx.parse_workbook(workbook_bytes(reclaimed=[row]), source="清单.xlsx")
    assert items.reclaimed[0].departments == ("于田县民政局", "县委（县政府）办公室、县信访局")
    assert items.reclaimed[0].methods == (ReclaimedMethod(department="于田县民政局", text="由于田县民政局负责。"),)
