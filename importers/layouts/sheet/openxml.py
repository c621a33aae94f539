"""Reading an .xlsx workbook's visible sheets as bounded grids of cell text, merges included.

openpyxl's read-only mode streams rows from the zip instead of building every cell, but it
does not report merged ranges; those are read from each sheet's <mergeCells> with a streaming
XML parser, so a sheet of any declared size costs only what it holds.
"""

from __future__ import annotations

import logging
import zipfile
from collections.abc import Iterator
from io import BytesIO
from xml.parsers import expat

from openpyxl import load_workbook
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from importers.layouts.sheet.grid import (
    MAX_COLUMNS, MAX_MERGES, MAX_ROWS, MAX_SHEETS, Merge, SheetGrid, cell_ref, cell_text, collect_rows,
    merged_grid, sheet_error,
)
from importers.layouts.sheet.messages import (
    BAD_NUMBER, DAMAGED, DAMAGED_SHEET, TOO_LARGE_UNPACKED, TOO_MANY_MERGES, TOO_MANY_SHEETS, TOO_MUCH_XML,
)
from importers.records import ParseError, ParseIssue
from importers.layouts.archive import MAX_UNPACKED_BYTES
from importers.tables.model import Where

logger = logging.getLogger(__name__)

# What openpyxl parses (sheets, shared strings, styles) is XML, and parsing is the cost: a
# 35-page list holds 1–2 MB of it, a workbook with years of copied styles a few MB more. Pictures
# (a stamp, a logo) are not parsed and count only towards the unpacked size of the file.
MAX_XML_BYTES = 16 * 1024 * 1024


def _fail(source: str, code: str, message: str) -> ParseError:
    return ParseError(ParseIssue(file=source, line=None, code=code, message=message))


def _check_unpacked(content: bytes, *, source: str) -> None:
    # A zip member's declared size bounds what zipfile will inflate, so the sums bound the work.
    with zipfile.ZipFile(BytesIO(content)) as archive:
        members = archive.infolist()
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _fail(source, "too_large", TOO_LARGE_UNPACKED.format(size=unpacked, limit=MAX_UNPACKED_BYTES))
    xml = sum(member.file_size for member in members if member.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        raise _fail(source, "too_large", TOO_MUCH_XML.format(size=xml, limit=MAX_XML_BYTES))


def _open(content: bytes, *, source: str) -> Workbook:
    try:
        _check_unpacked(content, source=source)
        return load_workbook(BytesIO(content), read_only=True, data_only=True)
    except ParseError:
        raise
    # openpyxl reports a damaged zip with whatever its parsers raise (KeyError for a missing
    # part, XML syntax errors, ValueError…); the user gets one Chinese message, the log the rest.
    except Exception as error:  # noqa: BLE001
        logger.warning("openpyxl could not open %s: %r", source, error)
        raise _fail(source, "damaged", DAMAGED.format(name=source)) from error


def _number_format(cell) -> str | None:
    """The cell's number format; None when the workbook lost the style it points to (no styles.xml)."""
    try:
        return getattr(cell, "number_format", None)
    except (IndexError, KeyError):
        return None


def _texts(cells: tuple, number: int, *, sheet: str, source: str) -> list[str]:
    texts = []
    for column, cell in enumerate(cells, start=1):
        try:
            texts.append(cell_text(cell.value, _number_format(cell)))
        except ValueError:
            where = Where(sheet=sheet, row=number, cell=cell_ref(number, column))
            raise sheet_error(source, where, BAD_NUMBER, "number") from None
    return texts


def _row_texts(worksheet: ReadOnlyWorksheet, *, source: str) -> Iterator[list[str]]:
    """The sheet's rows as text, never past MAX_ROWS (+ 1) × MAX_COLUMNS whatever its dimension says."""
    rows = worksheet.iter_rows(min_row=1, max_row=MAX_ROWS + 1, min_col=1, max_col=MAX_COLUMNS)
    number = 0
    while True:
        try:
            cells = next(rows, None)
        except Exception as error:  # noqa: BLE001 - a damaged sheet part, as in _open
            logger.warning("openpyxl could not read sheet %r of %s: %r", worksheet.title, source, error)
            where = Where(sheet=worksheet.title, row=number + 1)
            raise sheet_error(source, where, DAMAGED_SHEET, "damaged") from error
        if cells is None:
            return
        number += 1
        yield _texts(cells, number, sheet=worksheet.title, source=source)


def _merge_refs(stream, *, sheet: str, source: str) -> list[str]:
    """The ref of every <mergeCell> in a sheet part, read as a stream (no tree is built)."""
    refs: list[str] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if name.rpartition(":")[2] == "mergeCell" and "ref" in attributes:
            if len(refs) >= MAX_MERGES:
                raise sheet_error(source, Where(sheet=sheet), TOO_MANY_MERGES, "merges")
            refs.append(attributes["ref"])

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.ParseFile(stream)
    return refs


def _merges(workbook_content: bytes, worksheet: ReadOnlyWorksheet, *, source: str) -> list[Merge]:
    # openpyxl keeps where each sheet's part lives only in a private attribute; the sheet tests
    # read merges, so a change there shows at once.
    path = worksheet._worksheet_path
    try:
        with zipfile.ZipFile(BytesIO(workbook_content)) as archive, archive.open(path) as stream:
            refs = _merge_refs(stream, sheet=worksheet.title, source=source)
        bounds = [range_boundaries(ref) for ref in refs]
    except ParseError:
        raise
    except Exception as error:  # noqa: BLE001 - bad XML, a missing part, a malformed range
        logger.warning("could not read merges of sheet %r of %s: %r", worksheet.title, source, error)
        raise sheet_error(source, Where(sheet=worksheet.title), DAMAGED_SHEET, "damaged") from error
    # A whole-row or whole-column range ("A:A") has no corner to hold a value; Excel never writes one.
    return [Merge(top=top, left=left, bottom=bottom, right=right)
            for left, top, right, bottom in bounds if None not in (left, top, right, bottom)]


def _grid(content: bytes, worksheet: ReadOnlyWorksheet, *, source: str) -> SheetGrid:
    rows = collect_rows(_row_texts(worksheet, source=source), sheet=worksheet.title, source=source)
    merges = _merges(content, worksheet, source=source)
    return merged_grid(worksheet.title, rows, merges, source=source)


def xlsx_grids(content: bytes, *, source: str) -> list[SheetGrid]:
    """The workbook's visible sheets, in order, each as a bounded grid of cell text."""
    workbook = _open(content, source=source)
    try:
        sheets = [sheet for sheet in workbook.worksheets if sheet.sheet_state == "visible"]
        if len(sheets) > MAX_SHEETS:
            raise _fail(source, "too_large", TOO_MANY_SHEETS.format(count=len(sheets), limit=MAX_SHEETS))
        return [_grid(content, sheet, source=source) for sheet in sheets]
    finally:
        workbook.close()  # read-only mode keeps the zip open until told
