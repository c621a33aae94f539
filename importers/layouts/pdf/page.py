"""One PDF page as blocks: its ruled tables' rows and the paragraphs outside them, top to bottom.

How pdfplumber reports a merged cell (measured on LibreOffice-made PDFs of Word tables): a
vertically merged cell is ONE cell whose bbox runs from its first row's top to its last row's
bottom; `Table.rows` lists it in its first row and gives None at its column in every row below.
Its text, wherever it is drawn in the span (top, or the vertical middle as Word draws a merged
category), lies inside that bbox, so it belongs to the first row. A horizontally merged cell is
one cell as wide as the columns it spans, and the row has None at the columns after its first.
A merge cut by a page break becomes, on the next page, a new cell spanning that page's rows,
empty unless the text happens to be drawn there.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from importers.layouts.pdf.lines import Glyph, Line, paragraphs, text_lines
from importers.tables.model import COVERED, Paragraph, Row, Where

# Tables are found from ruling lines only: these lists are always fully bordered, and the text
# strategy would turn the 说明 and the 目录 into tables. The lines are the page's own edges,
# handed over as "explicit" ones (see ruling_edges). Word draws borders as thin filled
# rectangles, sometimes doubled or a fraction of a point apart at the corners: snapping and
# joining within 3 pt and accepting intersections within 4 pt reads them as one grid.
TABLE_SETTINGS = {
    "vertical_strategy": "explicit",
    "horizontal_strategy": "explicit",
    "snap_tolerance": 3,
    "join_tolerance": 3,
    "intersection_tolerance": 4,
    "edge_min_length": 3,
}
# Padding assumed inside a cell when its text does not show it (Word's default is 0.19 cm).
DEFAULT_PADDING = 5.4
MAX_PADDING = 14.0
# An edge thinner than this is a straight line (horizontal or vertical).
STRAIGHT = 0.01

Box = tuple[float, float, float, float]  # x0, top, x1, bottom


@dataclass(frozen=True)
class Placed:
    """A block with the height it starts at, so a page's blocks can be put in reading order."""

    top: float
    block: Paragraph | Row


def _inside(glyph: Glyph, box: Box) -> bool:
    x = (glyph.x0 + glyph.x1) / 2
    return box[0] <= x <= box[2] and box[1] <= glyph.middle <= box[3]


def cell_text(glyphs: list[Glyph], box: Box) -> str:
    """A cell's paragraphs joined by "\\n", its wrapped lines joined without a space."""
    lines = text_lines(glyphs)
    if not lines:
        return ""
    # Text is left-aligned against the cell's padding; the right edge mirrors the left one.
    padding = min(line.x0 for line in lines) - box[0]
    padding = padding if 0 <= padding <= MAX_PADDING else DEFAULT_PADDING
    return "\n".join(text for _, text in paragraphs(lines, right=box[2] - padding))


class Grid:
    """A found table as a grid of its rows and columns, and which cell covers each position."""

    def __init__(self, table) -> None:
        self.box: Box = tuple(table.bbox)
        boxes = [tuple(cell) for cell in table.cells]
        self.xs = sorted({round(box[0], 1) for box in boxes})
        self.ys = sorted({round(box[1], 1) for box in boxes})
        self.cells: list[Box] = boxes
        self.owner: dict[tuple[int, int], int] = {}  # (row, column) → index into cells
        self.first: dict[int, tuple[int, int]] = {}  # cell index → its top-left position
        for index, box in enumerate(boxes):
            rows = self._span(self.ys, box[1], box[3])
            columns = self._span(self.xs, box[0], box[2])
            self.first[index] = (rows[0], columns[0])
            for row in rows:
                for column in columns:
                    self.owner.setdefault((row, column), index)

    @staticmethod
    def _span(starts: list[float], low: float, high: float) -> list[int]:
        """Indexes of the grid lines starting at or after `low` and before `high`."""
        first = bisect_right(starts, low + 0.5) - 1
        return [i for i in range(max(first, 0), len(starts)) if starts[i] < high - 0.5] or [max(first, 0)]

    def cell_at(self, glyph: Glyph) -> int | None:
        """The index of the cell a glyph falls in, or None when it falls outside the table."""
        if not _inside(glyph, self.box):
            return None
        row = bisect_right(self.ys, glyph.middle) - 1
        column = bisect_right(self.xs, (glyph.x0 + glyph.x1) / 2) - 1
        return self.owner.get((max(row, 0), max(column, 0)))

    def rows(self, texts: dict[int, str]) -> list[tuple[float, tuple[str | None, ...]]]:
        """Each grid row's top and cells: text at a cell's first position, "" to its right, COVERED below."""
        found = []
        for row, top in enumerate(self.ys):
            cells: list[str | None] = []
            for column in range(len(self.xs)):
                index = self.owner.get((row, column))
                if index is None:
                    cells.append("")  # no cell drawn here: a missing ruling, read as empty
                elif self.first[index] == (row, column):
                    cells.append(texts.get(index, ""))
                else:
                    cells.append("" if self.first[index][0] == row else COVERED)
            found.append((top, tuple(cells)))
        return found


def _table_rows(grid: Grid, glyphs: list[Glyph], page: int, starts_page: bool) -> tuple[list[Placed], list[Glyph]]:
    """The table's rows, and the glyphs inside its frame that fall in no cell (read as outside text)."""
    by_cell: dict[int | None, list[Glyph]] = {}
    for glyph in glyphs:
        by_cell.setdefault(grid.cell_at(glyph), []).append(glyph)
    texts = {index: cell_text(by_cell.get(index, []), box) for index, box in enumerate(grid.cells)}
    rows = [
        Placed(top, Row(cells, Where(page=page), starts_page=starts_page and number == 0))
        for number, (top, cells) in enumerate(grid.rows(texts))
    ]
    return rows, by_cell.get(None, [])


def _outside_paragraphs(lines: list[Line], tops: list[float], width: float, page: int) -> list[Placed]:
    """Paragraphs of the text outside tables, never joining lines that a table separates."""
    if not lines:
        return []
    right = width - min(line.x0 for line in lines)  # the page's margins mirror each other
    runs: list[list[Line]] = [[]]
    for line in lines:
        if runs[-1] and any(runs[-1][-1].top < top < line.top for top in tops):
            runs.append([])
        runs[-1].append(line)
    return [
        Placed(first.top, Paragraph(text, Where(page=page)))
        for run in runs
        for first, text in paragraphs(run, right=right)
    ]


def ruling_edges(page) -> tuple[list[dict], list[dict]]:
    """The page's horizontal and vertical edges, told apart with a tolerance.

    pdfplumber calls a line horizontal only when its top equals its bottom exactly; on a page
    turned by /Rotate (a landscape page printed into a portrait box) they differ by float noise
    (1e-14), so every border would count as vertical and no table be found.
    """
    horizontal, vertical = [], []
    for edge in page.edges:
        flat, thin = edge["bottom"] - edge["top"] < STRAIGHT, edge["x1"] - edge["x0"] < STRAIGHT
        ruling = {**edge, "object_type": "ruling_edge"}  # an "_edge" pdfplumber takes as it is
        if flat and not thin:
            horizontal.append({**ruling, "bottom": edge["top"], "orientation": "h"})
        elif thin and not flat:
            vertical.append({**ruling, "x1": edge["x0"], "orientation": "v"})
    return horizontal, vertical


def find_tables(page) -> list:
    """The page's tables drawn with ruling lines (pdfplumber Table objects)."""
    horizontal, vertical = ruling_edges(page)
    if len(horizontal) < 2 or len(vertical) < 2:
        return []  # no grid can be drawn (pdfplumber refuses explicit lines fewer than two)
    settings = TABLE_SETTINGS | {"explicit_horizontal_lines": horizontal, "explicit_vertical_lines": vertical}
    return page.find_tables(settings)


def page_blocks(page, glyphs: list[Glyph], *, starts_page: bool) -> list[Placed]:
    """The page's table rows and outside paragraphs in reading order (top to bottom)."""
    grids = [Grid(table) for table in find_tables(page)]
    placed: list[Placed] = []
    outside = glyphs
    for grid in grids:
        inside = [glyph for glyph in outside if _inside(glyph, grid.box)]
        outside = [glyph for glyph in outside if not _inside(glyph, grid.box)]
        rows, stray = _table_rows(grid, inside, page.page_number, starts_page)
        placed += rows
        outside += stray
    tops = [grid.box[1] for grid in grids]
    placed += _outside_paragraphs(text_lines(outside), tops, page.width, page.page_number)
    return sorted(placed, key=lambda item: item.top)
