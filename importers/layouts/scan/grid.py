"""Ruled tables found in a page image: ruling lines, row and column boundaries, merged cells.

The rulings are found by morphology (opening the ink with long thin kernels sized from the page),
so text never passes for a line. A table's column boundaries are the vertical rulings that run a
good part of its height; its row boundaries are horizontal rulings that close at least one column.
Two grid cells belong to one merged cell when the ruling between them is mostly missing: a speck
or a short break leaves a ruling in place, a whole missing segment merges.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

# Kernel lengths as a fraction of the page's shorter side: longer than any stroke of 10.5 pt text
# at 150–200 dpi, shorter than the shortest ruling of a one-line row.
HORIZONTAL_KERNEL = 1 / 30
VERTICAL_KERNEL = 1 / 45
MAX_THICKNESS = 1 / 120  # a ruling is thinner than this (10 px at 150 dpi; a bold scanned one is 5)
GAP_BRIDGE = 1 / 60  # a break in a ruling shorter than this is closed (scanner dropout, speck)
SNAP = 1 / 150  # rulings closer than this are one boundary
EDGE_COVERAGE = 0.5  # share of a cell edge a ruling must cover to count as drawn
COLUMN_LENGTH = 0.2  # share of the table height a vertical ruling must run to be a column boundary
MIN_TABLE_WIDTH = 1 / 5  # of the page's shorter side


@dataclass(frozen=True)
class Cell:
    """One drawn cell: its grid position and span, and its box in page pixels (ruling centres)."""

    row: int
    column: int
    rows: int
    columns: int
    left: int
    top: int
    right: int
    bottom: int


@dataclass(frozen=True)
class Table:
    """One ruled table: the y of every row boundary, the x of every column boundary, its cells."""

    row_lines: tuple[int, ...]
    column_lines: tuple[int, ...]
    cells: tuple[Cell, ...]  # row by row, left to right, one entry per merged cell

    @property
    def box(self) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) of the whole table."""
        return self.column_lines[0], self.row_lines[0], self.column_lines[-1], self.row_lines[-1]

    @property
    def shape(self) -> tuple[int, int]:
        """(grid rows, grid columns)."""
        return len(self.row_lines) - 1, len(self.column_lines) - 1


@dataclass(frozen=True)
class Rulings:
    """The page's horizontal and vertical ruling masks (255 on a ruling)."""

    horizontal: np.ndarray
    vertical: np.ndarray

    @property
    def both(self) -> np.ndarray:
        """Every ruling pixel, to be erased before a cell is read."""
        return cv2.bitwise_or(self.horizontal, self.vertical)


def ink(gray: np.ndarray) -> np.ndarray:
    """The dark marks of a page (255 on ink), robust to an uneven scanner background."""
    block = max(15, (min(gray.shape) // 40) | 1)
    return cv2.adaptiveThreshold(gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY_INV, block, 15)


def rulings(marks: np.ndarray) -> Rulings:
    """Long, thin, straight horizontal and vertical runs of ink, their small breaks bridged."""
    unit = min(marks.shape)
    across, thick = max(15, round(unit * HORIZONTAL_KERNEL)), max(6, round(unit * MAX_THICKNESS))
    down, bridge = max(12, round(unit * VERTICAL_KERNEL)), max(5, round(unit * GAP_BRIDGE))
    horizontal = _runs(marks, (across, 1), (across, thick), (bridge, 1))
    vertical = _runs(marks, (1, down), (thick, down), (1, bridge))
    return Rulings(horizontal, vertical)


def _runs(marks: np.ndarray, length, solid, bridge) -> np.ndarray:
    # Open first (only long runs survive), then bridge: closing text first would build lines from it.
    lines = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, length))
    # A blot, a filled box or a solid stamp is long both ways: it is no ruling (and holds no text).
    blots = cv2.morphologyEx(marks, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, solid))
    lines[cv2.dilate(blots, np.ones((3, 3), np.uint8)) > 0] = 0
    return cv2.morphologyEx(lines, cv2.MORPH_CLOSE, cv2.getStructuringElement(cv2.MORPH_RECT, bridge))


def find_tables(lines: Rulings) -> list[Table]:
    """Every ruled table on the page, top to bottom."""
    unit = min(lines.horizontal.shape)
    joined = cv2.dilate(lines.both, np.ones((5, 5), np.uint8))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(joined, connectivity=8)
    tables = []
    for label in range(1, count):
        left, top, width, height, _area = stats[label]
        if width < unit * MIN_TABLE_WIDTH or height < unit * VERTICAL_KERNEL:
            continue
        region = (slice(top, top + height), slice(left, left + width))
        table = _table(lines, labels[region] == label, left, top, unit)
        if table is not None:
            tables.append(table)
    return sorted(tables, key=lambda table: table.box[1])


def _table(lines: Rulings, member: np.ndarray, left: int, top: int, unit: int) -> Table | None:
    """The grid of one connected group of rulings, or None when it does not close any cell."""
    height, width = member.shape
    region = (slice(top, top + height), slice(left, left + width))
    horizontal = np.where(member, lines.horizontal[region], 0)
    vertical = np.where(member, lines.vertical[region], 0)
    snap = max(3, round(unit * SNAP))
    columns = _column_lines(vertical, snap, max(height * COLUMN_LENGTH, min(0.8 * height, 3 * unit * VERTICAL_KERNEL)))
    columns = _open_sides(horizontal, columns, snap)
    if len(columns) < 2:
        return None
    rows = _row_lines(horizontal, columns, snap)
    if len(rows) < 2:
        return None
    cells = _cells(horizontal, vertical, rows, columns, snap)
    return Table(
        row_lines=tuple(int(top + y) for y in rows),
        column_lines=tuple(int(left + x) for x in columns),
        cells=tuple(_shift(cell, left, top) for cell in cells),
    )


def _column_lines(vertical: np.ndarray, snap: int, min_length: float) -> list[int]:
    """x of the vertical rulings that run at least min_length in total (stamps' arcs do not)."""
    profile = np.count_nonzero(vertical, axis=0)
    return [x for x, length in _peaks(profile, snap) if length >= min_length]


def _open_sides(horizontal: np.ndarray, columns: list[int], snap: int) -> list[int]:
    """Add the left/right edge of a table drawn without side rulings (rows end in the air)."""
    spans = np.count_nonzero(horizontal, axis=0) > 0
    xs = np.flatnonzero(spans)
    if len(xs) == 0:
        return columns
    first, last = int(xs[0]), int(xs[-1])
    if not columns or first < columns[0] - 3 * snap:
        columns = [first, *columns]
    if last > columns[-1] + 3 * snap:
        columns = [*columns, last]
    return columns


def _row_lines(horizontal: np.ndarray, columns: list[int], snap: int) -> list[int]:
    """y of the horizontal rulings that close at least one column of the table."""
    profile = np.count_nonzero(horizontal[:, columns[0] : columns[-1] + 1], axis=1)
    rows = []
    for y, _length in _peaks(profile, snap):
        band = horizontal[max(0, y - snap) : y + snap + 1]
        if any(_covered(band.any(axis=0), a, b, snap) for a, b in zip(columns, columns[1:])):
            rows.append(y)
    return rows


def _peaks(profile: np.ndarray, snap: int) -> list[tuple[int, int]]:
    """(centre, strongest count) of each run of non-zero positions, runs closer than snap joined."""
    positions = np.flatnonzero(profile)
    peaks: list[tuple[int, int]] = []
    start = previous = None
    for position in positions:
        if start is None or position - previous > snap:
            if start is not None:
                peaks.append(_peak(profile, start, previous))
            start = position
        previous = position
    if start is not None:
        peaks.append(_peak(profile, start, previous))
    return peaks


def _peak(profile: np.ndarray, start: int, end: int) -> tuple[int, int]:
    window = profile[start : end + 1]
    centre = start + int(round(np.average(np.arange(len(window)), weights=window)))
    return centre, int(window.max())


def _covered(along: np.ndarray, start: int, end: int, snap: int) -> bool:
    """Whether a ruling covers most of the stretch start..end (its crossing ends left out)."""
    inner = along[start + snap : end - snap + 1] if end - start > 4 * snap else along[start : end + 1]
    return inner.size > 0 and np.count_nonzero(inner) >= EDGE_COVERAGE * inner.size


def _cells(horizontal, vertical, rows: list[int], columns: list[int], snap: int) -> list[Cell]:
    """The grid cells, merged where the ruling between two of them is missing."""
    n_rows, n_columns = len(rows) - 1, len(columns) - 1
    parent = list(range(n_rows * n_columns))
    for r in range(n_rows):
        for c in range(n_columns):
            if c + 1 < n_columns and not _vertical_edge(vertical, columns[c + 1], rows[r], rows[r + 1], snap):
                _union(parent, r * n_columns + c, r * n_columns + c + 1)
            if r + 1 < n_rows and not _horizontal_edge(horizontal, rows[r + 1], columns[c], columns[c + 1], snap):
                _union(parent, r * n_columns + c, (r + 1) * n_columns + c)
    spans = _rectangles(parent, n_rows, n_columns)
    return [
        Cell(r0, c0, r1 - r0 + 1, c1 - c0 + 1, columns[c0], rows[r0], columns[c1 + 1], rows[r1 + 1])
        for r0, c0, r1, c1 in sorted(spans)
    ]


def _vertical_edge(vertical: np.ndarray, x: int, top: int, bottom: int, snap: int) -> bool:
    band = vertical[:, max(0, x - snap) : x + snap + 1]
    return _covered(band.any(axis=1), top, bottom, snap)


def _horizontal_edge(horizontal: np.ndarray, y: int, left: int, right: int, snap: int) -> bool:
    band = horizontal[max(0, y - snap) : y + snap + 1]
    return _covered(band.any(axis=0), left, right, snap)


def _rectangles(parent: list[int], n_rows: int, n_columns: int) -> set[tuple[int, int, int, int]]:
    """Each merged group as (top row, left column, bottom row, right column), made rectangular.

    A damaged ruling can leave an L-shaped group; its bounding rectangle is merged whole, so
    every grid position belongs to exactly one rectangle.
    """
    while True:
        boxes: dict[int, list[int]] = {}
        for index in range(n_rows * n_columns):
            r, c = divmod(index, n_columns)
            box = boxes.setdefault(_find(parent, index), [r, c, r, c])
            box[:] = [min(box[0], r), min(box[1], c), max(box[2], r), max(box[3], c)]
        changed = False
        for root, (r0, c0, r1, c1) in boxes.items():
            for r in range(r0, r1 + 1):
                for c in range(c0, c1 + 1):
                    changed |= _union(parent, root, r * n_columns + c)
        if not changed:
            return {tuple(box) for box in boxes.values()}


def _find(parent: list[int], index: int) -> int:
    while parent[index] != index:
        parent[index] = parent[parent[index]]
        index = parent[index]
    return index


def _union(parent: list[int], a: int, b: int) -> bool:
    root_a, root_b = _find(parent, a), _find(parent, b)
    if root_a == root_b:
        return False
    parent[max(root_a, root_b)] = min(root_a, root_b)
    return True


def _shift(cell: Cell, left: int, top: int) -> Cell:
    return Cell(
        cell.row, cell.column, cell.rows, cell.columns,
        int(cell.left + left), int(cell.top + top), int(cell.right + left), int(cell.bottom + top),
    )
