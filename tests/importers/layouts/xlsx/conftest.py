"""Workbooks of the portal's format built cell by cell, shared by the xlsx layout's tests."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import Workbook

from importers.layouts import xlsx
from importers.layouts.xlsx.format import (
    FLAGS_COLUMNS, FLAGS_SHEET, FORMAT_NAME, FORMAT_VERSION, META_ROWS, META_SHEET, NOTES_SHEET,
    PART_COLUMNS, PART_SHEETS, PLACE_ROWS,
)
from importers.records import ParseError

# One real item per part (先拜巴扎镇), in the columns' order.
PART_ROWS = {
    "basic": [[1, "党的建设", "党员发展工作", ""]],
    "coordinating": [[1, "党的建设", "推荐县级以上党代表工作", "于田县委组织部",
                      "1. 确定县级以上党代表名额分配；", "1. 组织推荐；", ""]],
    "reclaimed": [[1, "民生服务", "婚姻登记", "【于田县民政局】由于田县民政局负责。", "", "于田县民政局"]],
}
PLACE = {"region": "新疆维吾尔自治区", "prefecture": "和田地区", "county": "于田县",
         "township": "先拜巴扎镇", "published": "2025-07"}


def _table(workbook: Workbook, name: str, headings: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(name)
    sheet.append([name])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)


def workbook_bytes(*, basic=None, reclaimed=None, flags=None, notes=None, meta=None, drop=()) -> bytes:
    """A minimal workbook of the portal's format; any sheet's rows can be replaced."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows = PART_ROWS | {part: given for part, given in (("basic", basic), ("reclaimed", reclaimed))
                        if given is not None}
    for part, sheet in PART_SHEETS.items():
        _table(workbook, sheet, [column.heading for column in PART_COLUMNS[part]], rows[part])
    default_notes = [[PLACE_ROWS[key], value] for key, value in PLACE.items()]
    _table(workbook, NOTES_SHEET, ["项目", "内容"], notes if notes is not None else default_notes)
    _table(workbook, FLAGS_SHEET, [column.heading for column in FLAGS_COLUMNS], flags or [])
    default_meta = [[META_ROWS["format"], FORMAT_NAME], [META_ROWS["version"], str(FORMAT_VERSION)]]
    _table(workbook, META_SHEET, ["项目", "内容"], meta if meta is not None else default_meta)
    for name in drop:
        workbook.remove(workbook[name])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_error(content: bytes) -> ParseError:
    """The error reading the workbook raises, checked to name the file."""
    with pytest.raises(ParseError) as raised:
        xlsx.parse_workbook(content, source="清单.xlsx")
    assert raised.value.issue.file == "清单.xlsx"
    return raised.value
