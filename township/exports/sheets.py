"""Writing one sheet of an export workbook in openpyxl's write-only mode: layout, print set-up, cells.

Write-only mode streams rows to a temporary file as they are appended, so a workbook of any
size is written with the memory of one row; it cannot merge cells, so the title is centred
across the columns instead (Excel's "centre across selection").
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from typing import TYPE_CHECKING

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from importers.layouts.xlsx.format import HEADER_ROW, Column
from township.exports.cells import looks_like_formula, xlsx_text

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

_THIN = Side(style="thin", color="999999")
BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
TITLE_FONT = Font(bold=True, size=14)
TITLE_ALIGNMENT = Alignment(horizontal="centerContinuous", vertical="center")
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill(fill_type="solid", fgColor="DCE3EC")
HEADER_ALIGNMENT = Alignment(horizontal="center", vertical="center", wrap_text=True)
BODY_ALIGNMENT = Alignment(vertical="top", wrap_text=True)
NUMBER_ALIGNMENT = Alignment(horizontal="center", vertical="top")


def prepare_sheet(sheet: WriteOnlyWorksheet, columns: Sequence[Column], title: str) -> None:
    """Widths, frozen header, header printed on every page, A4 landscape fit to width; title and header rows.

    Write-only mode needs all of this set before the first row is appended.
    """
    for index, column in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = Worksheet.ORIENTATION_LANDSCAPE
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.append([_styled(sheet, title if index == 0 else None, font=TITLE_FONT, alignment=TITLE_ALIGNMENT)
                  for index in range(len(columns))])
    sheet.append([_styled(sheet, column.heading, font=HEADER_FONT, fill=HEADER_FILL,
                          alignment=HEADER_ALIGNMENT, border=BORDER) for column in columns])


def _styled(sheet: WriteOnlyWorksheet, value: object, **style) -> WriteOnlyCell:
    cell = text_cell(sheet, value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def text_cell(sheet: WriteOnlyWorksheet, value: object) -> WriteOnlyCell:
    """A cell holding the value; text is always a string cell, never a formula (see cells.py)."""
    if not isinstance(value, str):
        return WriteOnlyCell(sheet, value=value)
    cell = WriteOnlyCell(sheet, value=xlsx_text(value))
    cell.data_type = "s"  # openpyxl would make "=…" a formula cell
    if looks_like_formula(value):
        cell.quotePrefix = True  # Excel keeps it text even when the cell is edited
    return cell


class BodyRows:
    """Data rows of one sheet: wrapped text at the top of its cells, numbers centred, all bordered.

    openpyxl hashes a cell's alignment and border every time they are set, which took most of
    a large export's time; so each kind of cell (text, number, quote-prefixed text) is styled
    once and later cells of that kind get a copy of its style array.
    """

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self._styles: dict[tuple[bool, bool], StyleArray] = {}

    def row(self, values: Iterable[object]) -> list[WriteOnlyCell]:
        """The cells of one row."""
        return [self._cell(value) for value in values]

    def _cell(self, value: object) -> WriteOnlyCell:
        cell = text_cell(self.sheet, value)
        kind = (isinstance(value, int), bool(cell.quotePrefix))
        if kind in self._styles:
            cell._style = copy(self._styles[kind])
        else:
            cell.alignment = NUMBER_ALIGNMENT if kind[0] else BODY_ALIGNMENT
            cell.border = BORDER
            self._styles[kind] = copy(cell._style)
        return cell


def body_row(sheet: WriteOnlyWorksheet, values: Iterable[object]) -> list[WriteOnlyCell]:
    """One data row, for sheets of a few hundred rows (long sheets keep one BodyRows)."""
    return BodyRows(sheet).row(values)
