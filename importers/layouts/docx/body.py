"""A Word body in reading order: paragraphs outside tables, and each table's rows on its grid.

python-docx's `row.cells` repeats a merged cell in every grid column and row it covers, which
makes a merged 事项类别 indistinguishable from a repeated one; so the XML is walked here:
w:vMerge="restart" starts a vertical merge whose lower cells ("continue") become COVERED, and a
cell spanning w:gridSpan columns gives its text once followed by "" for the others.
"""

from __future__ import annotations

from collections.abc import Callable

from docx.oxml.ns import qn

from importers.layouts.docx.messages import TOO_WIDE
from importers.layouts.docx.numbering import ListCounter, Numbering
from importers.layouts.docx.text import block_children, paragraph_text
from importers.tables.model import COVERED, Paragraph, Row, Where

W_P = qn("w:p")
W_TBL = qn("w:tbl")
W_TR = qn("w:tr")
W_TC = qn("w:tc")
W_TR_PR = qn("w:trPr")
W_TC_PR = qn("w:tcPr")
# Word itself cannot make a table wider than 63 columns; a wider grid is a damaged file, and
# a huge w:gridSpan must not become millions of empty cells.
MAX_COLUMNS = 63

Fail = Callable[[str], Exception]


def _val(element, tag: str) -> str | None:
    found = element.find(qn(tag)) if element is not None else None
    return None if found is None else found.get(qn("w:val"))


def _int_val(element, tag: str, default: int) -> int:
    try:
        return max(int(_val(element, tag) or default), 0)
    except ValueError:
        return default


def _paragraph_line(paragraph, counter: ListCounter) -> str:
    """A paragraph's text with its automatic list label in front; "" for an empty paragraph."""
    text = paragraph_text(paragraph)
    # An empty paragraph is spacing: it is neither a line nor a number in the list.
    if not text.strip():
        return ""
    return counter.label(paragraph) + text


def _rows(table) -> list:
    """The rows of a table, leaving out rows deleted with tracked changes."""
    rows = [row for row in block_children(table) if row.tag == W_TR]
    return [row for row in rows if row.find(f"{W_TR_PR}/{qn('w:del')}") is None]


def cell_text(cell, numbering: Numbering) -> str:
    """A cell's paragraphs as lines; a table nested in the cell adds its cells' lines in place."""
    counter = ListCounter(numbering)  # numbering restarts in every cell: see ListCounter
    lines = []
    for child in block_children(cell):
        if child.tag == W_P:
            lines.append(_paragraph_line(child, counter))
        elif child.tag == W_TBL:
            lines.extend(_nested_lines(child, numbering))
    return "\n".join(line for line in lines if line)


def _nested_lines(table, numbering: Numbering) -> list[str]:
    # A nested table has no place in the outer grid: its cells become lines of the outer cell,
    # row by row, each vertically merged cell once.
    lines = []
    for row in _rows(table):
        for cell in block_children(row):
            if cell.tag == W_TC and not _continues_down(cell.find(W_TC_PR)):
                lines.append(cell_text(cell, numbering))
    return lines


def _continues_down(cell_pr) -> bool:
    merge = cell_pr.find(qn("w:vMerge")) if cell_pr is not None else None
    return merge is not None and merge.get(qn("w:val")) in (None, "continue")


def _continues_across(cell_pr) -> bool:
    # w:hMerge is how Word 97 wrote horizontal merges; newer files use w:gridSpan.
    return _val(cell_pr, "w:hMerge") == "continue"


def row_cells(row, numbering: Numbering, *, where: Where, fail: Fail) -> list[str | None]:
    """A row's cells on the table grid, w:gridBefore and w:gridAfter as empty cells."""
    row_pr = row.find(W_TR_PR)
    cells: list[str | None] = [""] * min(_int_val(row_pr, "w:gridBefore", 0), MAX_COLUMNS + 1)
    for cell in block_children(row):
        if cell.tag != W_TC:
            continue
        cell_pr = cell.find(W_TC_PR)
        span = max(_int_val(cell_pr, "w:gridSpan", 1), 1)
        if len(cells) + span > MAX_COLUMNS:
            raise fail(TOO_WIDE.format(where=where, limit=MAX_COLUMNS))
        if _continues_down(cell_pr):
            cells.extend([COVERED] * span)
        elif _continues_across(cell_pr):
            cells.extend([""] * span)
        else:
            cells.extend([cell_text(cell, numbering)] + [""] * (span - 1))
    after = _int_val(row_pr, "w:gridAfter", 0)
    if len(cells) + after > MAX_COLUMNS:
        raise fail(TOO_WIDE.format(where=where, limit=MAX_COLUMNS))
    return cells + [""] * after


def _grid_columns(table) -> int:
    grid = table.find(qn("w:tblGrid"))
    return 0 if grid is None else len(grid.findall(qn("w:gridCol")))


def table_rows(table, number: int, numbering: Numbering, *, fail: Fail) -> list[Row]:
    """The rows of top-level table `number` (1-based), all as wide as the table's grid."""
    read = [row_cells(row, numbering, where=Where(table=number, row=index), fail=fail)
            for index, row in enumerate(_rows(table), start=1)]
    # The grid says how many columns there are, but writers leave it out or get it wrong; the
    # widest row wins then, so that every row still has one cell per column.
    width = min(max([_grid_columns(table), *map(len, read)]), MAX_COLUMNS)
    return [Row(tuple(cells + [""] * (width - len(cells))), Where(table=number, row=index))
            for index, cells in enumerate(read, start=1)]


def read_body(body, numbering: Numbering, *, fail: Fail) -> tuple[Paragraph | Row, ...]:
    """Paragraphs and table rows of a w:body in document order; empty paragraphs left out."""
    blocks: list[Paragraph | Row] = []
    counter = ListCounter(numbering)  # outside tables, one count runs through the body
    tables = 0
    for child in block_children(body):
        if child.tag == W_P:
            line = _paragraph_line(child, counter)
            if line:
                blocks.append(Paragraph(line, Where()))
        elif child.tag == W_TBL:
            tables += 1
            blocks.extend(table_rows(child, tables, numbering, fail=fail))
    return tuple(blocks)
