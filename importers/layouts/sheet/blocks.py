"""A worksheet's rows as blocks: text above the tables as paragraphs, each table's rows as rows.

A row holding both 序号 and 事项名称 is a header and starts a table, wherever it sits. Rows above
a sheet's first header (title, month, 说明) become paragraphs, one per cell, as do the one-cell
rows right above a later header ("二、配合履职事项清单" merged across the sheet): those head the next
table rather than belong to the one before. Every other row with text is a row of the table
above it, cut to the columns its header spans.
"""

from __future__ import annotations

import re

from importers.layouts.sheet.grid import SheetGrid, cell_ref
from importers.tables.model import COVERED, Paragraph, Row, Where

HEADER_SEQ = "序号"
HEADER_NAME = "事项名称"
_SPACES = re.compile(r"\s+")


def is_header(cells: tuple[str | None, ...]) -> bool:
    """Whether a row is a table's header: one cell says 序号 and one 事项名称 (spaces ignored)."""
    texts = [_SPACES.sub("", cell) for cell in cells if cell]
    return HEADER_SEQ in texts and any(HEADER_NAME in text for text in texts)


def _has_text(cells: tuple[str | None, ...]) -> bool:
    return any(cells)


def _is_heading(cells: tuple[str | None, ...]) -> bool:
    # One text and nothing continued from above: a title, not the tail of an item whose 序号
    # cell is merged down over it.
    return sum(1 for cell in cells if cell) == 1 and COVERED not in cells


def _lead_ins(grid: SheetGrid, headers: list[int]) -> set[int]:
    """The one-cell rows standing right above each header after the first (blank rows between)."""
    lead_ins = set()
    for previous, header in zip(headers, headers[1:]):
        for number in range(header - 1, previous, -1):
            cells = grid.rows[number - 1]
            if not _has_text(cells):
                continue
            if not _is_heading(cells):
                break
            lead_ins.add(number)
    return lead_ins


def _paragraphs(grid: SheetGrid, number: int) -> list[Paragraph]:
    cells = grid.rows[number - 1]
    return [Paragraph(text=cell, where=Where(sheet=grid.name, row=number, cell=cell_ref(number, column)))
            for column, cell in enumerate(cells, start=1) if cell]


def _span(grid: SheetGrid, number: int) -> slice:
    """The columns a header row spans: its first text cell to its last, with that cell's merge."""
    columns = [column for column, cell in enumerate(grid.rows[number - 1], start=1) if cell]
    return slice(columns[0] - 1, grid.merge_right(number, columns[-1]))


def _row(grid: SheetGrid, number: int, span: slice) -> Row:
    where = Where(sheet=grid.name, row=number, cell=cell_ref(number, span.start + 1))
    return Row(cells=grid.rows[number - 1][span], where=where)


def sheet_blocks(grid: SheetGrid) -> list[Paragraph | Row]:
    """The sheet's paragraphs and table rows in reading order; empty rows give nothing."""
    headers = [number for number, cells in enumerate(grid.rows, start=1) if is_header(cells)]
    lead_ins = _lead_ins(grid, headers)
    header_rows = set(headers)
    blocks: list[Paragraph | Row] = []
    span = None
    for number, cells in enumerate(grid.rows, start=1):
        if number in header_rows:
            span = _span(grid, number)
        if not _has_text(cells):
            continue
        # Text beside a table, outside its header's columns, is not one of its rows either.
        if span is None or number in lead_ins or not _has_text(cells[span]):
            blocks.extend(_paragraphs(grid, number))
        else:
            blocks.append(_row(grid, number, span))
    return blocks
