"""Writing one sheet of an export workbook in openpyxl's write-only mode: layout, print set-up, cells.

Write-only mode streams rows to a temporary file as they are appended, so a workbook of any
size is written with the memory of one row; it cannot merge cells, so the title is centred
across the columns instead (Excel's "centre across selection"). A row's height must be set
before it is appended, and is dropped again once it is written (printing.py says why every
row has one).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from copy import copy
from typing import TYPE_CHECKING

from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.page import PageMargins
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from importers.layouts.xlsx.format import HEADER_ROW, TITLE_ROW, Column
from township.exports.cells import looks_like_formula, xlsx_text
from township.exports.printing import PAGE_FOOTER, footer_text, is_portrait, row_height, split_tall_row

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
# Inches: narrow sides leave the columns room; the foot has room for the page footer.
MARGINS = PageMargins(left=0.4, right=0.4, top=0.5, bottom=0.6, header=0.25, footer=0.3)
FOOTER_SIZE = 9


def prepare_sheet(sheet: WriteOnlyWorksheet, columns: Sequence[Column], title: str, *,
                  footer: str | None = None) -> BodyRows:
    """Widths, frozen header, print set-up; title and header rows. Returns the writer of the body rows.

    Write-only mode needs all of this set before the first row is appended. `footer` (the
    title when not given) is printed at the foot of every page beside "第 N 页 共 M 页".
    """
    widths = [column.width for column in columns]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = f"A{HEADER_ROW + 1}"
    _page_setup(sheet, widths, title if footer is None else footer)
    sheet.row_dimensions[TITLE_ROW].height = row_height([title], [sum(widths)], font_size=TITLE_FONT.size)
    sheet.append([_styled(sheet, title if index == 0 else None, font=TITLE_FONT, alignment=TITLE_ALIGNMENT)
                  for index in range(len(columns))])
    headings = [column.heading for column in columns]
    sheet.row_dimensions[HEADER_ROW].height = row_height(headings, widths)
    sheet.append([_styled(sheet, heading, font=HEADER_FONT, fill=HEADER_FILL,
                          alignment=HEADER_ALIGNMENT, border=BORDER) for heading in headings])
    return BodyRows(sheet, widths)


def _page_setup(sheet: WriteOnlyWorksheet, widths: Sequence[float], footer: str) -> None:
    """A4 fit to the page's width, as many pages down as the rows need, header row on each, footer."""
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    sheet.page_setup.orientation = (Worksheet.ORIENTATION_PORTRAIT if is_portrait(widths)
                                    else Worksheet.ORIENTATION_LANDSCAPE)
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0  # as many pages down as the rows need
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.page_margins = copy(MARGINS)
    sheet.print_options.horizontalCentered = True
    for part, text in ((sheet.oddFooter.left, footer_text(footer)), (sheet.oddFooter.center, PAGE_FOOTER)):
        part.text = text
        part.size = FOOTER_SIZE


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

    def __init__(self, sheet: WriteOnlyWorksheet, widths: Sequence[float]) -> None:
        self.sheet = sheet
        self.widths = list(widths)
        self.number = HEADER_ROW  # the row last written
        self._styles: dict[tuple[bool, bool], StyleArray] = {}

    def row(self, values: Iterable[object]) -> list[WriteOnlyCell]:
        """The cells of one row."""
        return [self._cell(value) for value in values]

    def append(self, values: Iterable[object]) -> None:
        """Write one row, as tall as its text needs to print."""
        values = list(values)
        self.number += 1
        dimensions = self.sheet.row_dimensions
        dimensions[self.number].height = row_height(values, self.widths)
        self.sheet.append(self.row(values))
        del dimensions[self.number]  # written: a long export keeps no height per row in memory

    def append_split(self, values: Sequence[object], splittable: Sequence[bool]) -> None:
        """Write one item, over several rows when it is taller than one row can be (printing.py)."""
        for piece in split_tall_row(values, self.widths, splittable):
            self.append(piece)

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

