"""Reading the workbook's sheets as tables of text, each row with its number, formulas refused.

A text cell is read exactly as stored (only a CR LF becomes LF): text is data, and an item
named "\\t=1" must come back as it was exported. Spaces an editor types around a value are
ignored only where the value is interpreted rather than kept: headings and 说明 labels, 序号,
figures, month, place names, categories, part and reason of a flag, 核对情况. The cell grammar
of responsibility, method and name cells trims each of its lines (see cells.py).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from io import BytesIO

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.workbook.workbook import Workbook

from importers.layouts.xlsx.format import Column
from importers.layouts.xlsx.messages import FORMULA_CELL, NO_HEADER, NOT_A_WORKBOOK, TOO_MANY_ROWS
from importers.records import ParseError, ParseIssue

HEADER_SEARCH_ROWS = 10  # an editor may add a line or two above the header; not more
# A list has a few hundred items; its sheets some hundred rows and a dozen columns.
MAX_ROWS = 20_000
MAX_COLUMNS = 30

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class SheetRow:
    """One row under a sheet's header: its number and its cells' text by column key."""

    number: int
    values: dict[str, str]
    columns: dict[str, int]  # column key → column number, to name a cell in an error

    def cell(self, key: str) -> str:
        """The address of this row's cell in the column `key` ("E12")."""
        return f"{get_column_letter(self.columns[key])}{self.number}"


def fail(source: str, row: int | None, message: str, code: str = "workbook") -> ParseError:
    """A ParseError for the workbook `source`, at `row` of the sheet the message names."""
    return ParseError(ParseIssue(file=source, line=row, code=code, message=message))


def open_workbook(content: bytes, *, source: str) -> Workbook:
    """The workbook in read-only mode (rows are streamed from the zip, not all held at once)."""
    try:
        return load_workbook(BytesIO(content), read_only=True, data_only=False)
    # openpyxl reports a damaged or foreign zip with whatever its parsers raise (KeyError for
    # a missing part, XML syntax errors, ValueError…); all mean the same thing to the user,
    # whose message stays in Chinese: openpyxl's own words go to the log for whoever debugs.
    except Exception as error:  # noqa: BLE001
        logger.warning("openpyxl could not read %s: %r", source, error)
        raise fail(source, None, NOT_A_WORKBOOK) from error


def cell_text(value: object) -> str:
    """A cell's value as the text it shows: numbers without a spurious ".0", dates as dates."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    return str(value).replace("\r\n", "\n")


def _texts(row: Sequence, number: int, *, sheet: str, source: str) -> list[str]:
    texts = []
    for index, cell in enumerate(row, start=1):
        if cell.data_type == "f":
            cell_name = f"{get_column_letter(index)}{number}"
            message = FORMULA_CELL.format(sheet=sheet, cell=cell_name, formula=cell.value)
            raise fail(source, number, message, code="formula")
        texts.append(cell_text(cell.value))
    return texts


def _rows(workbook: Workbook, sheet: str, *, source: str) -> Iterator[tuple[int, list[str]]]:
    worksheet = workbook[sheet]
    # The declared dimension may claim A1:XFD1048576 for a handful of cells; iterating it would
    # never end. Without it, read-only mode yields only the rows and cells the file holds.
    worksheet.reset_dimensions()
    for number, row in enumerate(worksheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > MAX_ROWS:
            raise fail(source, number, TOO_MANY_ROWS.format(sheet=sheet, rows=MAX_ROWS), code="too_large")
        yield number, _texts(row, number, sheet=sheet, source=source)


def _header(rows: Iterator[tuple[int, list[str]]], columns: Sequence[Column], required: Sequence[str],
            *, sheet: str, source: str) -> dict[str, int]:
    """Column key → column number, from the first row that holds every required heading."""
    headings = {column.heading: column.key for column in columns}
    wanted = [column.heading for column in columns if column.key in required]
    for number, cells in rows:
        texts = [text.strip() for text in cells]
        if all(heading in texts for heading in wanted):
            return {headings[text]: index for index, text in enumerate(texts, start=1) if text in headings}
        if number >= HEADER_SEARCH_ROWS:
            break
    message = NO_HEADER.format(sheet=sheet, rows=HEADER_SEARCH_ROWS, headings="、".join(wanted))
    raise fail(source, None, message, code="header")


def read_table(workbook: Workbook, sheet: str, columns: Sequence[Column], *, required: Sequence[str],
               source: str) -> list[SheetRow]:
    """The non-empty rows under a sheet's header row, as text by column key."""
    rows = _rows(workbook, sheet, source=source)
    positions = _header(rows, columns, required, sheet=sheet, source=source)
    table = []
    for number, texts in rows:
        values = {key: texts[index - 1] if index <= len(texts) else "" for key, index in positions.items()}
        if any(value.strip() for value in values.values()):
            table.append(SheetRow(number=number, values=values, columns=positions))
    return table
