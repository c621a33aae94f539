"""Layout for spreadsheets as county offices keep them (.xlsx, and old .xls), not the portal's own.

A county's copy of a list puts each part on a sheet of its own, or all three on one sheet under
heading rows, with a merged title row naming the place, headers not always on row 1, categories
merged down over their rows and line breaks inside cells. This layout turns such a workbook into
the TableDocument every binary layout shares; `importers.tables.reading` finds the parts in it.
"""

from __future__ import annotations

import logging

from importers.layouts.quiet import warnings_to_log
from importers.layouts.sheet import container
from importers.layouts.sheet.blocks import sheet_blocks
from importers.layouts.sheet.grid import MAX_COLUMNS, MAX_ROWS
from importers.layouts.sheet.legacy import xls_grids
from importers.layouts.sheet.messages import DAMAGED, ENCRYPTED, MACRO_WORKBOOK, NO_TABLE
from importers.layouts.sheet.openxml import xlsx_grids
from importers.records import ParseError, ParseIssue, Reading
from importers.tables.model import Row, TableDocument
from importers.tables.reading import read_document

logger = logging.getLogger(__name__)

__all__ = ["NAME", "LABEL", "DESCRIPTION", "detect", "parse", "read_sheets"]

NAME = "sheet"
LABEL = "Excel 表格"
DESCRIPTION = "县里保存的 Excel 表格（.xlsx 或 .xls）：三个清单部分各占一个工作表，或同在一个工作表中，表头可在任意行"

_REFUSED = {container.XLSM: ("macro", MACRO_WORKBOOK), container.ENCRYPTED: ("encrypted", ENCRYPTED)}


def detect(source) -> bool:
    """Whether the file is an Excel workbook other than the portal's own export."""
    kind = container.workbook_kind(source.content)
    if kind in (container.XLSX, container.XLSM, container.XLS):
        return True  # an .xlsm is claimed so that its refusal says why
    # An encrypted or broken file shows nothing of what it holds: its name says it was a workbook.
    return kind in (container.ENCRYPTED, container.DAMAGED) and container.has_excel_name(source.name)


def _fail(source: str, code: str, message: str) -> ParseError:
    return ParseError(ParseIssue(file=source, line=None, code=code, message=message))


def _grids(content: bytes, *, source: str):
    kind = container.workbook_kind(content)
    if kind in _REFUSED:
        raise _fail(source, *_REFUSED[kind])
    if kind == container.XLS:
        return xls_grids(content, source=source)
    if kind in (container.XLSX, container.PORTAL):
        return xlsx_grids(content, source=source)
    raise _fail(source, "damaged", DAMAGED.format(name=source))


def read_sheets(content: bytes, *, source: str) -> TableDocument:
    """The workbook's visible sheets, in order, as paragraphs and table rows."""
    with warnings_to_log(logger, source=source):
        blocks = tuple(block for grid in _grids(content, source=source) for block in sheet_blocks(grid))
    if not any(isinstance(block, Row) for block in blocks):
        raise _fail(source, "no_table", NO_TABLE.format(name=source, rows=MAX_ROWS, columns=MAX_COLUMNS))
    return TableDocument(blocks=blocks)


def parse(source) -> Reading:
    """The items and preamble of a county spreadsheet."""
    return read_document(read_sheets(source.content, source=source.name), source=source.name)
