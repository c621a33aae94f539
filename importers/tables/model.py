"""A document as the binary layouts see it: paragraphs and table rows in reading order.

PDF, Word and spreadsheet readers (and the scan reader after them) each turn their file into one
TableDocument; `importers.tables.reading` turns any TableDocument into items and a preamble, so
header detection, repeated headers, rows broken across pages and merged cells are solved once.
"""

from __future__ import annotations

from dataclasses import dataclass

# A cell inside a vertically merged cell, below its first row: it holds what the cell above holds.
# (Word's vMerge="continue", a spreadsheet merge's lower cells, a PDF cell with no ruling above it.)
COVERED = None


@dataclass(frozen=True)
class Where:
    """Where something sits in the file, for messages and for the item's line in the report."""

    page: int | None = None  # 1-based page of a PDF
    sheet: str | None = None  # worksheet name
    table: int | None = None  # 1-based table of a Word file
    row: int | None = None  # 1-based row in the sheet (spreadsheets) or in the table (Word)
    cell: str | None = None  # spreadsheet cell reference such as "C12"

    def __str__(self) -> str:
        parts = []
        if self.page is not None:
            parts.append(f"第 {self.page} 页")
        if self.sheet is not None:
            parts.append(f"工作表“{self.sheet}”")
        if self.table is not None:
            parts.append(f"第 {self.table} 个表格")
        if self.cell is not None:
            parts.append(f"单元格 {self.cell}")
        elif self.row is not None:
            parts.append(f"第 {self.row} 行")
        return "".join(parts) or "文件中"


@dataclass(frozen=True)
class Paragraph:
    """Text outside any table: title, month, 说明, a part heading, a page footer."""

    text: str
    where: Where = Where()


@dataclass(frozen=True)
class CellScan:
    """How a scanned cell was read: the recogniser's confidence (0–1) and the cell's image (PNG).

    `notes` say, in Chinese, what the reader did to the recognised text or doubts in it (quotes
    paired up, quotes left unpaired); a cell with a note goes to an editor whatever its confidence.
    """

    confidence: float
    png: bytes = b""
    notes: tuple[str, ...] = ()

    def with_piece(self, other: "CellScan") -> "CellScan":
        """One scan for a cell continued in another piece: the less sure image, both pieces' notes."""
        weaker = self if self.confidence <= other.confidence else other
        return CellScan(weaker.confidence, weaker.png, tuple(dict.fromkeys(self.notes + other.notes)))


@dataclass(frozen=True)
class Row:
    """One table row as drawn: a cell's paragraphs are joined by "\\n"; COVERED under a merge.

    Horizontally merged cells are given once, in their first column, followed by "" for each
    further column they span, so every row of a table has as many cells as the table has columns.
    """

    cells: tuple[str | None, ...]
    where: Where = Where()
    # True for the first row of a table on a new page (PDF): it may continue the row before,
    # whose cells were cut by the page break.
    starts_page: bool = False
    # Scans only: how each cell was recognised (None for a COVERED or blank cell), same length
    # as cells; empty for documents with a text layer.
    scans: tuple[CellScan | None, ...] = ()


@dataclass(frozen=True)
class TableDocument:
    """The whole file in reading order."""

    blocks: tuple[Paragraph | Row, ...]
