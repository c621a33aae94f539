"""The comparison as an Excel workbook: a sheet per part, a column per list, a row per duty."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from township.matching.comparison import PARTIAL, SHARED, UNIQUE, VARIANT, PartComparison

if TYPE_CHECKING:
    from township.models import DutyList

STATUS_LABELS = {
    SHARED: "各清单都有，表述相同",
    VARIANT: "各清单都有，表述不同",
    PARTIAL: "部分清单有",
    UNIQUE: "仅一个清单有",
}
ABOUT_SHEET = "说明"
ABOUT_HEADER = ("清单", "所属县（市、区）", "版本", "来源文件")
PART_HEADER = ("事项类别", "比对结果")
NAME_MISSING = "（原文缺少事项名称）"


def text_cell(sheet: Worksheet, row: int, column: int, text: str) -> None:
    """Write text as an explicit string cell.

    openpyxl stores a value starting with "=" as a formula, and a spreadsheet may evaluate
    text starting with "+", "-" or "@" typed into a cell; a string cell is only ever shown.
    Control characters a workbook cannot hold are dropped.
    """
    cell = sheet.cell(row=row, column=column)
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", text)
    cell.data_type = "s"


def _header(sheet: Worksheet, titles: list[str] | tuple[str, ...]) -> None:
    for column, title in enumerate(titles, start=1):
        text_cell(sheet, 1, column, title)
        sheet.cell(row=1, column=column).font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _about(sheet: Worksheet, lists: list[DutyList], labels: list[str]) -> None:
    _header(sheet, ABOUT_HEADER)
    for row, (label, duty_list) in enumerate(zip(labels, lists), start=2):
        values = (label, duty_list.township.county.name, f"{duty_list.published:%Y年%-m月}",
                  duty_list.source_name)
        for column, value in enumerate(values, start=1):
            text_cell(sheet, row, column, value)
    for column, width in zip("ABCD", (28, 18, 12, 36)):
        sheet.column_dimensions[column].width = width


def _part(sheet: Worksheet, part: PartComparison, labels: list[str]) -> None:
    _header(sheet, [*PART_HEADER, *labels])
    wrap = Alignment(wrap_text=True, vertical="top")
    for row_number, row in enumerate(part.rows, start=2):
        text_cell(sheet, row_number, 1, row.category)
        text_cell(sheet, row_number, 2, STATUS_LABELS[row.status])
        for offset, cell in enumerate(row.cells):
            if cell is not None:
                text_cell(sheet, row_number, 3 + offset, cell.item.name or NAME_MISSING)
                sheet.cell(row=row_number, column=3 + offset).alignment = wrap
    sheet.column_dimensions["A"].width = 16
    sheet.column_dimensions["B"].width = 20
    for offset in range(len(labels)):
        sheet.column_dimensions[get_column_letter(3 + offset)].width = 40
    sheet.freeze_panes = "C2"


def comparison_workbook(parts: list[PartComparison], *, labels: list[str], lists: list[DutyList]) -> bytes:
    """The .xlsx file: a 说明 sheet naming the lists, then one sheet per part."""
    workbook = Workbook()
    about = workbook.active
    about.title = ABOUT_SHEET
    _about(about, lists, labels)
    for part in parts:
        _part(workbook.create_sheet(str(part.label)), part, labels)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
