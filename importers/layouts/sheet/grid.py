"""A worksheet as read: rows of cell text within fixed bounds, merged ranges applied.

Both readers (.xlsx and .xls) hand their cells to this module, so the bounds, the text of a cell
and the meaning of a merge are one definition for both formats.
"""

from __future__ import annotations

import datetime
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass

from openpyxl.utils import get_column_letter

from importers.layouts.sheet.messages import TOO_MANY_MERGES, TOO_MANY_ROWS
from importers.records import ParseError, ParseIssue
from importers.tables.model import COVERED, Where

# Bounds fixed before reading, because a sheet's declared size may lie (a 62 KB file can declare
# A1:XFD1048576) and reading what it declares would take hours.
MAX_SHEETS = 20  # a list has a 说明 sheet and one per part; twenty visible sheets is already odd
MAX_ROWS = 20_000  # a 35-page list is about 400 rows; fifty times that is not a duty list
MAX_COLUMNS = 30  # the widest part has seven columns (配合 with 备注); margins and notes fit too
EMPTY_RUN = 1_000  # so many empty rows in a row end a sheet: what follows is stray, not a table
MAX_MERGED_CELLS_FACTOR = 2  # merges cover each cell read at most once; twice means overlaps
MAX_MERGES = MAX_ROWS  # a merge per category and per title; one per row on average is plenty

# A float is shown as an integer only while it is one exactly (2**53); beyond that, or for a
# value like 1e300, it keeps its exponent rather than turning into hundreds of digits.
MAX_EXACT_INTEGER = 2**53

# OOXML writes control characters as _xHHHH_ and a literal "_x" as _x005F_x; only those are
# undone (a CR from Windows line breaks is the common one). Other control characters are dropped.
_OOXML_ESCAPE = re.compile(r"_x(00[01][0-9A-Fa-f]|005[Ff])_")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_QUOTED_FORMAT = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')


@dataclass(frozen=True)
class Merge:
    """A merged range, 1-based and inclusive: its value sits in (top, left)."""

    top: int
    left: int
    bottom: int
    right: int


@dataclass(frozen=True)
class SheetGrid:
    """One worksheet's rows (row n is rows[n - 1]): text, "" when empty, COVERED under a merge."""

    name: str
    rows: tuple[tuple[str | None, ...], ...]
    merges: tuple[Merge, ...] = ()

    def merge_right(self, row: int, column: int) -> int:
        """The last column of the merge whose value sits at (row, column); the column itself if none."""
        return next((merge.right for merge in self.merges if (merge.top, merge.left) == (row, column)), column)


def cell_ref(row: int, column: int) -> str:
    """A cell's address such as "C12"."""
    return f"{get_column_letter(column)}{row}"


def sheet_error(source: str, where: Where, template: str, code: str, **values: object) -> ParseError:
    """A ParseError for `source` whose message starts with where in the sheet it is."""
    message = template.format(where=where, **values)
    return ParseError(ParseIssue(file=source, line=where.row, code=code, message=message))


def _text(value: str) -> str:
    text = _OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)
    text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text if text.strip() else ""


def _number(value: float) -> str:
    if not math.isfinite(value):
        raise ValueError(f"not a finite number: {value!r}")
    if value.is_integer() and abs(value) < MAX_EXACT_INTEGER:
        return str(int(value))  # 序号 3 is stored as 3.0 by many writers; it shows as "3"
    return format(value, ".15g")  # the 15 significant digits Excel shows


def date_text(value: datetime.date | datetime.datetime, number_format: str | None) -> str:
    """A date as a Chinese list writes it: "2025年7月" when its format shows no day, else with the day."""
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            return value.isoformat(sep=" ")
        value = value.date()
    shown = _QUOTED_FORMAT.sub("", number_format or "").lower()
    if "m" in shown and "d" not in shown:
        return f"{value.year}年{value.month}月"  # a month cell ("yyyy年m月") read as the preamble's month
    return f"{value.year}年{value.month}月{value.day}日"


def cell_text(value: object, number_format: str | None = None) -> str:
    """A cell's value as the text it shows; raises ValueError for a number no sheet can hold."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float):
        return _number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.date):
        return date_text(value, number_format)
    if isinstance(value, (datetime.time, datetime.timedelta)):
        return str(value)
    return _text(str(value))


def collect_rows(rows: Iterable[list[str]], *, sheet: str, source: str) -> list[list[str]]:
    """The rows up to the last one with text, stopping after EMPTY_RUN empty rows in a row.

    Readers hand over one row past MAX_ROWS: text there means the sheet is too long to be a
    list, which is said rather than the rows past the limit silently left out.
    """
    kept: list[list[str]] = []
    empty_run = 0
    for row in rows:
        if len(kept) == MAX_ROWS:
            if any(row):
                where = Where(sheet=sheet, row=MAX_ROWS + 1)
                raise sheet_error(source, where, TOO_MANY_ROWS, "too_large", limit=MAX_ROWS)
            break
        kept.append(row)
        empty_run = 0 if any(row) else empty_run + 1
        if empty_run >= EMPTY_RUN:
            break
    while kept and not any(kept[-1]):
        kept.pop()
    return kept


def merged_grid(name: str, rows: list[list[str]], merges: Iterable[Merge], *, source: str) -> SheetGrid:
    """The sheet with each merge applied: lower rows COVERED in its first column, "" elsewhere."""
    width = max((len(row) for row in rows), default=0)
    grid: list[list[str | None]] = [row + [""] * (width - len(row)) for row in rows]
    inside = [merge for merge in merges if merge.top <= len(grid) and merge.left <= width]
    budget = MAX_MERGED_CELLS_FACTOR * len(grid) * width
    for merge in inside:
        for row in range(merge.top, min(merge.bottom, len(grid)) + 1):
            for column in range(merge.left, min(merge.right, width) + 1):
                if (row, column) == (merge.top, merge.left):
                    continue
                budget -= 1
                if budget < 0:
                    where = Where(sheet=name, row=merge.top, cell=cell_ref(merge.top, merge.left))
                    raise sheet_error(source, where, TOO_MANY_MERGES, "merges")
                # Whatever a cell under a merge still holds is hidden in Excel: it is not shown.
                grid[row - 1][column - 1] = COVERED if column == merge.left and row > merge.top else ""
    return SheetGrid(name=name, rows=tuple(tuple(row) for row in grid), merges=tuple(inside))
