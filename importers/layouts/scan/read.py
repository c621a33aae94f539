"""A scanned list as the shared TableDocument: each page turned upright, straightened and cut into cells.

Every cell's text lines are recognised in one batch per page (the fast path: the recogniser reads
line crops, no detection over the whole page); text outside the tables (title, 说明, part
headings, footers) is found by the recogniser's own detection, only in the bands between tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import cv2
import numpy as np

from importers.layouts.pdf.lines import Line, paragraphs
from importers.layouts.scan import cleanup, geometry, grid, messages
from importers.layouts.scan.pages import scan_pages
from importers.layouts.scan.recogniser import Recogniser
from importers.records import ParseError, ParseIssue
from importers.tables.assembly import DOUBTFUL_BELOW
from importers.tables.model import COVERED, CellScan, Paragraph, Row, TableDocument, Where

TABLE_SEARCH_PAGES = 10  # a list shows a ruled table within its first pages
MAX_ROWS = 300  # grid rows of one table on one page
MAX_COLUMNS = 30
MAX_LINES = 4000  # text lines on one page
CELL_INSET = 2  # pixels kept off a ruling's centre when a cell is cut out
PNG_MAX_WIDTH = 900  # a cell image wider than this is shrunk: it is shown beside text, not printed
PNG_LEVELS = 16  # grays kept in a cell image: legible, and a third of the bytes
SPACE_GAP = 0.5  # in line heights: pieces of one line further apart than this keep a space
BAND_MIN_INK = 40  # ink pixels a band outside the tables needs before detection is run on it
BAND_MARGIN = 32  # pixels of paper kept around a band's ink: the detector needs some context
# Marks no printed cell ends with, but a speck after its last character reads as. On the whole
# scanned 002 list, 14 names ended in such a mark, none in print; a cell's last line that is
# doubtful (below DOUBTFUL_BELOW) loses them, and the cell stays doubtful for an editor.
NO_CELL_ENDS_WITH = "，,、.．·…"
# Double quotes as the recogniser gives them: “ read as ” or as a Latin ", and the other way
# round, often surely. On the scanned 002 list 9 names differed from print by a quote's
# direction alone, every one in a cell with an even number of quotes: there they are paired up,
# opening then closing, as print has them, and the cell goes to an editor with a note saying so.
# An odd number is left as read, noted too: a quote was missed or a speck read as one.
DOUBLE_QUOTES = '“”"＂'
QUOTES_PAIRED = "双引号的方向已按先“后”成对整理"
QUOTES_UNPAIRED = "双引号不成对（{count} 个），可能有漏识或多识"
QUOTES_EMPTY = "删去了中间没有文字的一对引号（疑为污点）"
QUOTE_ALONE = "删去了{where}一个不成对的引号（疑为污点）"
# A cell of a number (序号) read with a letter shaped like a digit: "i00" for 100, "i0" for 10 (on
# the scanned 002 list the only two items lost were lost that way). A short cell of digits and
# such letters, with at least one digit, is read as the number, noted for the editor.
_NUMBER_LOOKALIKE = re.compile(r"^([^\w\s]?)([0-9iIlL|!oO]{1,4})([^\w\s]?)$")
DIGITS_OF_LOOKALIKES = str.maketrans("iIlL|!oO", "11111100")
NUMBER_LOOKALIKES_READ = "序号中形似数字的字母“{read}”已读作 {number}"


@dataclass(frozen=True)
class _Placed:
    top: int
    block: Paragraph | Row


def read_scan(
    content: bytes,
    *,
    source: str,
    recogniser: Recogniser,
    progress: Callable[[int, int], None] | None = None,
) -> TableDocument:
    """The scan's paragraphs and table rows in reading order; ParseError when it holds no table."""
    pages = scan_pages(content, source=source)
    blocks: list[Paragraph | Row] = []
    tables_seen = False
    for number, image in enumerate(pages.pages, start=1):
        page_blocks, has_tables = read_page(image, page=number, recogniser=recogniser, source=source)
        tables_seen = tables_seen or has_tables
        if not tables_seen and number >= TABLE_SEARCH_PAGES:
            break
        blocks.extend(page_blocks)
        if progress is not None:
            progress(number, pages.count)
    if not tables_seen:
        searched = min(pages.count, TABLE_SEARCH_PAGES)
        message = messages.NO_TABLES.format(pages=searched, file=source)
        raise ParseError(ParseIssue(source, None, "scan_no_tables", message))
    return TableDocument(tuple(blocks))


def read_page(
    image: np.ndarray, *, page: int, recogniser: Recogniser, source: str = ""
) -> tuple[list[Paragraph | Row], bool]:
    """One page's blocks top to bottom, and whether it holds a ruled table."""
    gray = geometry.upright(geometry.deskew(image), recogniser)
    lines = grid.rulings(grid.ink(gray))
    tables = grid.find_tables(lines)
    for table in tables:
        rows, columns = table.shape
        if rows > MAX_ROWS or columns > MAX_COLUMNS:
            message = messages.TABLE_TOO_DENSE.format(page=page, rows=rows, columns=columns)
            raise ParseError(ParseIssue(source, None, "scan_table_too_dense", message))
    cleaned = cleanup.text_only(gray, lines)
    placed = _table_rows(gray, cleaned, tables, page, recogniser, source)
    placed += _outside_paragraphs(cleaned, tables, page, recogniser)
    placed.sort(key=lambda item: item.top)
    return [item.block for item in placed], bool(tables)


def _table_rows(gray, cleaned, tables, page: int, recogniser: Recogniser, source: str) -> list[_Placed]:
    """Every table's rows, the lines of all its cells read in one batch."""
    cells = [(table, cell) for table in tables for cell in table.cells]
    crops = [recogniser.split_lines(_cut(cleaned, cell)) for _table, cell in cells]
    if sum(len(lines) for lines in crops) > MAX_LINES:
        message = messages.TOO_MANY_LINES.format(page=page, limit=MAX_LINES)
        raise ParseError(ParseIssue(source, None, "scan_too_many_lines", message))
    results = iter(recogniser.recognise_lines([line for lines in crops for line in lines]))
    read = {
        id(cell): [next(results) for _line in lines]
        for (_table, cell), lines in zip(cells, crops)
    }
    placed = []
    for table in tables:
        placed += _rows(gray, table, read, page, starts_page=page > 1)
    return placed


def _rows(gray, table: grid.Table, read: dict, page: int, *, starts_page: bool) -> list[_Placed]:
    """One table's rows: merged cells give their text once, "" to their right, COVERED below."""
    n_rows, n_columns = table.shape
    texts: list[list[str | None]] = [[""] * n_columns for _ in range(n_rows)]
    scans: list[list[CellScan | None]] = [[None] * n_columns for _ in range(n_rows)]
    for cell in table.cells:
        for r in range(cell.row + 1, cell.row + cell.rows):
            for c in range(cell.column, cell.column + cell.columns):
                texts[r][c] = COVERED
        lines = read[id(cell)]
        if not lines:
            continue  # no ink: a blank cell, nothing to doubt
        text, notes = _as_read(cell_text(lines))
        texts[cell.row][cell.column] = text
        # A line of ink read as nothing counts as a doubt (its confidence is near 0), never as blank.
        confidence = min(confidence for _, confidence in lines)
        scans[cell.row][cell.column] = CellScan(round(confidence, 4), cell_png(gray, cell), notes)
    return [
        _Placed(
            table.row_lines[r],
            Row(tuple(texts[r]), Where(page=page), starts_page=starts_page and r == 0, scans=tuple(scans[r])),
        )
        for r in range(n_rows)
    ]


def cell_text(lines: list[tuple[str, float]]) -> str:
    """A cell's recognised lines joined by line breaks, a speck's trailing mark dropped."""
    kept = [(text.strip(), confidence) for text, confidence in lines if text.strip()]
    if kept and kept[-1][1] < DOUBTFUL_BELOW:
        last = kept[-1][0].rstrip(NO_CELL_ENDS_WITH)
        kept[-1] = (last or kept[-1][0], kept[-1][1])  # never emptied: ink read as marks stays
    return "\n".join(text for text, _confidence in kept)


def _as_read(text: str) -> tuple[str, tuple[str, ...]]:
    """A cell's text with its quotes paired and its number's look-alike letters read as digits."""
    text, notes = paired_quotes(text)
    number, number_notes = lookalike_digits(text)
    return number, notes + number_notes


def lookalike_digits(text: str) -> tuple[str, tuple[str, ...]]:
    """A short number cell's look-alike letters as digits ("i00" → "100"), and a note when changed."""
    found = _NUMBER_LOOKALIKE.match(text)
    if not found or not any(char.isdigit() for char in found.group(2)):
        return text, ()
    digits = found.group(2).translate(DIGITS_OF_LOOKALIKES)
    if digits == found.group(2):
        return text, ()
    return found.group(1) + digits + found.group(3), (NUMBER_LOOKALIKES_READ.format(read=text, number=digits),)


def paired_quotes(text: str) -> tuple[str, tuple[str, ...]]:
    """The text with its double quotes opening then closing in pairs, and the notes for an editor."""
    places = [index for index, char in enumerate(text) if char in DOUBLE_QUOTES]
    # A cell's only quote opening or closing the cell quotes nothing: a speck at the cell's edge
    # ("“在村庄…的审批" on the scanned 002 list). Had its partner been missed, the text would be
    # as inexact with it as without it; the note sends the cell to an editor either way.
    if len(places) == 1 and places[0] in (0, len(text) - 1):
        where = "开头" if places[0] == 0 else "结尾"
        return text[1:] if places[0] == 0 else text[:-1], (QUOTE_ALONE.format(where=where),)
    if len(places) % 2:
        return text, (QUOTES_UNPAIRED.format(count=len(places)),)
    chars = list(text)
    for order, index in enumerate(places):
        chars[index] = "“" if order % 2 == 0 else "”"
    paired = "".join(chars)
    # Print never quotes nothing: "“”" is two specks read as quotes (after a name's last word).
    notes = (QUOTES_PAIRED,) if paired != text else ()
    if "“”" in paired:
        paired, notes = paired.replace("“”", ""), notes + (QUOTES_EMPTY,)
    return paired, notes


def _cut(image: np.ndarray, cell: grid.Cell) -> np.ndarray:
    """The inside of a cell, kept clear of its rulings."""
    top, bottom = cell.top + CELL_INSET, max(cell.top + CELL_INSET + 1, cell.bottom - CELL_INSET)
    left, right = cell.left + CELL_INSET, max(cell.left + CELL_INSET + 1, cell.right - CELL_INSET)
    return image[top:bottom, left:right]


def cell_png(gray: np.ndarray, cell: grid.Cell) -> bytes:
    """The cell as the editor sees it beside the recognised text: a small grayscale PNG."""
    crop = _cut(gray, cell)
    if crop.shape[1] > PNG_MAX_WIDTH:
        scale = PNG_MAX_WIDTH / crop.shape[1]
        crop = cv2.resize(crop, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    step = 256 // PNG_LEVELS
    crop = (crop // step * step + step // 2).astype(np.uint8)
    ok, encoded = cv2.imencode(".png", crop, [cv2.IMWRITE_PNG_COMPRESSION, 9])
    return encoded.tobytes() if ok else b""


def _outside_paragraphs(cleaned, tables: list[grid.Table], page: int, recogniser: Recogniser) -> list[_Placed]:
    """Text above, between and below the tables, as paragraphs; never joined across a table."""
    placed = []
    for top, bottom in _bands(cleaned.shape[0], tables):
        box = _ink_box(cleaned[top:bottom])
        if box is None:
            continue
        left, band_top, right, band_bottom = box
        found = recogniser.detect_and_recognise(cleaned[top + band_top : top + band_bottom, left:right])
        lines = _lines(found, left, top + band_top)
        if not lines:
            continue
        right = cleaned.shape[1] - min(line.x0 for line in lines)  # margins mirror each other
        placed += [
            _Placed(int(first.top), Paragraph(text, Where(page=page)))
            for first, text in paragraphs(lines, right=right)
        ]
    return placed


def _bands(height: int, tables: list[grid.Table]) -> list[tuple[int, int]]:
    """The full-width stretches of the page that no table covers, top to bottom."""
    bands, top = [], 0
    for table in tables:
        _left, table_top, _right, table_bottom = table.box
        if table_top > top:
            bands.append((top, table_top))
        top = max(top, table_bottom + 1)
    if top < height:
        bands.append((top, height))
    return bands


def _ink_box(band: np.ndarray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) around a band's ink with a margin; None when it is (nearly) blank.

    Detection costs by area: a title line is read from its own strip, not from the page's width.
    """
    marks = band < 128
    if np.count_nonzero(marks) < BAND_MIN_INK:
        return None
    rows, columns = np.flatnonzero(marks.any(axis=1)), np.flatnonzero(marks.any(axis=0))
    height, width = band.shape
    return (
        max(0, int(columns[0]) - BAND_MARGIN), max(0, int(rows[0]) - BAND_MARGIN),
        min(width, int(columns[-1]) + BAND_MARGIN + 1), min(height, int(rows[-1]) + BAND_MARGIN + 1),
    )


def _lines(found, x_offset: int, y_offset: int) -> list[Line]:
    """Detected text lines as the PDF layout's Line records, top to bottom, in page pixels."""
    lines = []
    for box, text, _confidence in found:
        text = text.strip()
        if not text:
            continue
        left, top, right, bottom = _bounds(box)
        lines.append(
            Line(text, left + x_offset, right + x_offset, top + y_offset, bottom + y_offset, max(1.0, bottom - top))
        )
    return _rows_joined(sorted(lines, key=lambda line: (line.top, line.x0)))


def _rows_joined(lines: list[Line]) -> list[Line]:
    """Pieces the detector found side by side on one visual line, joined left to right."""
    joined: list[Line] = []
    for line in lines:
        previous = joined[-1] if joined else None
        if previous is not None and previous.top <= (line.top + line.bottom) / 2 <= previous.bottom:
            first, second = sorted((previous, line), key=lambda piece: piece.x0)
            space = " " if second.x0 - first.x1 > SPACE_GAP * max(first.size, second.size) else ""
            joined[-1] = Line(
                f"{first.text}{space}{second.text}", first.x0, max(first.x1, second.x1),
                min(first.top, second.top), max(first.bottom, second.bottom), max(first.size, second.size),
            )
        else:
            joined.append(line)
    return joined


def _bounds(box) -> tuple[float, float, float, float]:
    """(left, top, right, bottom) of a box given as such or as its corner points."""
    if len(box) == 4 and all(np.isscalar(value) for value in box):
        return tuple(float(value) for value in box)
    xs = [float(point[0]) for point in box]
    ys = [float(point[1]) for point in box]
    return min(xs), min(ys), max(xs), max(ys)
