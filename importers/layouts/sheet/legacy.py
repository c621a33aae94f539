"""Reading an old .xls workbook (BIFF, Excel 97–2003) with xlrd, as the same bounded grids as .xlsx."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import xlrd
from xlrd import XL_CELL_BOOLEAN, XL_CELL_DATE, XL_CELL_ERROR, XL_CELL_NUMBER
from xlrd.biffh import error_text_from_code
from xlrd.book import Book
from xlrd.sheet import Sheet

from importers.layouts.sheet.grid import (
    MAX_COLUMNS, MAX_ROWS, MAX_SHEETS, Merge, SheetGrid, cell_ref, cell_text, collect_rows, merged_grid,
    sheet_error,
)
from importers.layouts.sheet.messages import BAD_NUMBER, DAMAGED, ENCRYPTED, TOO_MANY_SHEETS
from importers.records import ParseError, ParseIssue
from importers.tables.model import Where

logger = logging.getLogger(__name__)
VISIBLE = 0  # xlrd's Sheet.visibility: 0 visible, 1 hidden, 2 "very hidden"


def _fail(source: str, code: str, message: str) -> ParseError:
    return ParseError(ParseIssue(file=source, line=None, code=code, message=message))


def _open(content: bytes, *, source: str) -> Book:
    log = io.StringIO()  # xlrd writes its warnings to a file; they are for the log, not the user
    try:
        # formatting_info: without it xlrd reports no merged cells and no number formats.
        return xlrd.open_workbook(file_contents=content, formatting_info=True, logfile=log)
    except Exception as error:  # noqa: BLE001 - xlrd fails on a bad file with whatever it meets
        logger.warning("xlrd could not open %s: %r %s", source, error, log.getvalue()[:2000])
        if "encrypted" in str(error).lower():
            raise _fail(source, "encrypted", ENCRYPTED) from error
        raise _fail(source, "damaged", DAMAGED.format(name=source)) from error


def _number_format(book: Book, sheet: Sheet, row: int, column: int) -> str | None:
    try:
        return book.format_map[book.xf_list[sheet.cell_xf_index(row, column)].format_key].format_str
    except (IndexError, KeyError):
        return None


def _value(book: Book, sheet: Sheet, row: int, column: int) -> tuple[object, str | None]:
    kind, value = sheet.cell_type(row, column), sheet.cell_value(row, column)
    if kind == XL_CELL_DATE:
        try:
            return xlrd.xldate.xldate_as_datetime(value, book.datemode), _number_format(book, sheet, row, column)
        except (xlrd.xldate.XLDateError, OverflowError, ValueError):
            return float(value), None  # a date out of range shows as its serial number
    if kind == XL_CELL_NUMBER:
        return float(value), None
    if kind == XL_CELL_BOOLEAN:
        return bool(value), None
    if kind == XL_CELL_ERROR:
        return error_text_from_code.get(value, "#ERR"), None
    return value, None  # text, or "" for an empty or blank cell


def _row_texts(book: Book, sheet: Sheet, *, source: str) -> Iterator[list[str]]:
    for row in range(min(sheet.nrows, MAX_ROWS + 1)):  # one more, to tell a sheet too long
        texts = []
        for column in range(min(sheet.ncols, MAX_COLUMNS)):
            try:
                texts.append(cell_text(*_value(book, sheet, row, column)))
            except ValueError:
                where = Where(sheet=sheet.name, row=row + 1, cell=cell_ref(row + 1, column + 1))
                raise sheet_error(source, where, BAD_NUMBER, "number") from None
        yield texts


def _grid(book: Book, sheet: Sheet, *, source: str) -> SheetGrid:
    rows = collect_rows(_row_texts(book, sheet, source=source), sheet=sheet.name, source=source)
    # xlrd gives (first row, row after last, first column, column after last), 0-based.
    merges = [Merge(top=top + 1, left=left + 1, bottom=after_row, right=after_column)
              for top, after_row, left, after_column in sheet.merged_cells]
    return merged_grid(sheet.name, rows, merges, source=source)


def xls_grids(content: bytes, *, source: str) -> list[SheetGrid]:
    """The workbook's visible sheets, in order, each as a bounded grid of cell text."""
    book = _open(content, source=source)
    try:
        sheets = [sheet for sheet in book.sheets() if sheet.visibility == VISIBLE]
        if len(sheets) > MAX_SHEETS:
            raise _fail(source, "too_large", TOO_MANY_SHEETS.format(count=len(sheets), limit=MAX_SHEETS))
        return [_grid(book, sheet, source=source) for sheet in sheets]
    finally:
        book.release_resources()
