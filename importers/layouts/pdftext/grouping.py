"""A table's lines grouped into rows, and merged 事项类别 spread over their rows, page by page.

Rules (see spans.py for the measurement behind them):
- A line is *text* when a top-aligned column (not 序号, not 事项类别) has text on it; a line
  holding only centred text is *slipped* between two text lines and takes no height.
- 序号 is centred in its row (a slipped number means an even number of lines), measured in
  the lines of the row's tallest column: two columns set at different line spacing have their
  lines interleaved by pdftotext, so a row holds more lines than it is tall. The rows of a
  page are the cuts that centre every number in its row, preferring rows whose top-aligned
  columns all start on the row's first line and whose first line does not carry on the
  sentence of the line above. Lines above the first row are the rest of the previous page's
  row; the last row of a page may hold its number on its first line (LibreOffice draws a row
  that the page break cuts from the top).
- When no number in the table sits on a line of its own and the first line has one, numbers
  are top-aligned: a row starts at each number.
- A category (its lines joined when the upper one fills the column: "党的建" / "设") is
  centred in the rows it spans, the same way; rows above a page's first span continue the
  previous page's last span, rows below its last span belong to the next page's first.
"""

from __future__ import annotations

from dataclasses import dataclass

from importers.layouts.pdftext.spans import EDGE_COST, best_cuts, centring_cost
from importers.normalize import join_cjk
from importers.tables.assembly import seq_number

# Cost of a row whose top-aligned column starts below the row's first line, and of a row
# starting on a line that carries on the sentence of the line above in some column.
MISALIGNED = 2.0
# Rows of a page above its first category span, or below its last.
TOP, BOTTOM = object(), object()
# Row heights in lines of text, measured on LibreOffice PDFs: a row of n >= 2 lines is n plus
# a border; a row of one line is taller by a font-dependent amount (1.05 to 1.2 lines seen).
ROW_BORDER = 0.05
SINGLE_ROW_HEIGHTS = (1.05, 1.2)
# How far (in lines of text) the second line of a wrapped category may be from its first.
WRAP_REACH = 2
RUNS_ON = 1.5


@dataclass
class PageRows:
    """One page of a table: its rows as line indices, and which of them carry a number."""

    groups: list[list[int]]
    numbered: list[bool]
    starts: list[int]  # each row's first text position
    total: int  # text lines on the page
    centres: list[float]  # each line's centre in text lines


def page_rows(lines, seq_at: int, centred_columns: set[int], runs_on, tall: frozenset[int] = frozenset()) -> PageRows:
    """The rows of one page's lines (objects with `.cells`); `runs_on(index, column)` tells
    whether a line's text in a column carries on into the next line."""
    position, texts = _positions(lines, centred_columns, tall)
    marks = [(i, position[i]) for i, line in enumerate(lines) if seq_number(line.cells[seq_at]) is not None]
    total = len(texts)
    if not marks:
        whole = [list(range(len(lines)))] if lines else []
        return PageRows(whole, [False] * len(whole), [0] * len(whole), total, position)
    columns = [c for c in range(len(lines[0].cells)) if c not in centred_columns]
    evidence = _Evidence(lines, texts, columns, runs_on)
    centres = [centre for _, centre in marks]

    def cost(mark, first, last):
        if mark is None:
            # the rest of the previous page's row (first == 0), or a row whose number is on
            # the next page: one without a number of its own
            return EDGE_COST + (evidence.start(first, last) if first else 0.0)
        centring = evidence.centring(first, last, centres[mark])
        if mark == len(centres) - 1 and last == total:
            centring = min(centring, centring_cost(first, first + 1, centres[mark]))
        return centring + evidence.start(first, last)

    found = best_cuts(centres, list(range(total + 1)), cost)
    top, bottom, starts = found if found else (0, total, [0])
    bounds = ([0] if top else []) + starts + ([bottom] if bottom < total else [])
    numbered = ([False] if top else []) + [True] * len(starts) + ([False] if bottom < total else [])
    return PageRows(_assign(position, bounds, total), numbered, bounds, total, position)


def tall_category_lines(lines, columns: tuple[int, int], full_width: float) -> frozenset[int]:
    """Lines holding only the wrapped rest of a category ("设" under "精神文明建") whose first line
    shares a line with the row's text: the category is taller than the rest of its row, so
    its last line sets the row's height and takes a line of its own."""
    seq_at, column = columns
    tall = set()
    previous = None  # the last line with category text
    for index, line in enumerate(lines):
        if not line.cells[column]:
            continue
        others = [text for at, text in enumerate(line.cells) if at not in (seq_at, column) and text]
        if previous is not None and not others and not line.cells[seq_at]:
            above = lines[previous]
            shares = any(text for at, text in enumerate(above.cells) if at not in (seq_at, column))
            if shares and _width(above.cells[column]) >= full_width - 0.5 and index - previous <= WRAP_REACH:
                tall.add(index)
        previous = index
    return frozenset(tall)


def _positions(lines, centred_columns: set[int], tall: frozenset[int] = frozenset()) -> tuple[list[float], list[int]]:
    """Each line's centre in text lines, and the indices of the text lines."""
    position, texts = [], []
    for index, line in enumerate(lines):
        if index in tall or any(text for column, text in enumerate(line.cells) if column not in centred_columns):
            position.append(len(texts) + 0.5)
            texts.append(index)
        else:
            position.append(float(len(texts)))
    return position, texts


class _Evidence:
    """What the top-aligned columns say about a row starting at a text position."""

    def __init__(self, lines, texts: list[int], columns: list[int], runs_on):
        self.filled = [[bool(lines[i].cells[c]) for c in columns] for i in texts]
        self.carries = [[bool(lines[i].cells[c]) and runs_on(i, c) for c in columns] for i in texts]
        # above[c][t]: lines of column c above text position t; a line holding only the rest
        # of a tall category takes a line's height in every column
        self.above = [[0] * (len(texts) + 1) for _ in columns]
        for column, counts in enumerate(self.above):
            for position, filled in enumerate(self.filled):
                counts[position + 1] = counts[position] + (filled[column] or not any(filled))

    def centring(self, first: int, last: int, centre: float) -> float:
        """How far `centre` is from the middle of the row over text positions [first, last),
        counted in the lines of its tallest column: the row's height when another column's
        lines come between them. Without interleaving, as `centring_cost`."""
        line = int(centre)
        best, tallest = float("inf"), -1
        for counts in self.above:
            height = counts[last] - counts[first]
            above = counts[line] - counts[first]
            if centre > line and line < len(self.filled):
                above += (counts[line + 1] - counts[line]) / 2  # a line holding the number
            cost = abs(2 * above - height)
            if height > tallest or (height == tallest and cost < best):
                best, tallest = cost, height
        return best if tallest > 0 else centring_cost(first, last, centre)

    def start(self, first: int, last: int) -> float:
        """Cost of a row over text positions [first, last): columns starting late, sentences
        carried on from the line above."""
        if first >= len(self.filled):
            return 0.0
        cost = 0.0
        for column, filled in enumerate(self.filled[first]):
            if not filled and any(self.filled[t][column] for t in range(first + 1, last)):
                cost += MISALIGNED
            if filled and first and self.carries[first - 1][column]:
                cost += RUNS_ON
        return cost


def _assign(position: list[float], bounds: list[int], total: int) -> list[list[int]]:
    """Line indices per row by their centres: a slipped line on a cut goes to the row below
    it (the last row at the page's end); a number is never on a cut (its row contains it)."""
    groups: list[list[int]] = [[] for _ in bounds]
    for index, centre in enumerate(position):
        at = min(centre, total - 0.5)
        groups[max(r for r, start in enumerate(bounds) if start <= at or r == 0)].append(index)
    return groups


def top_rows(lines, seq_at: int) -> PageRows:
    """The rows of a page whose numbers are top-aligned: a row starts at each number."""
    starts = [i for i, line in enumerate(lines) if seq_number(line.cells[seq_at]) is not None]
    if not starts or starts[0]:
        starts = [0] + starts
    bounds = starts + [len(lines)]
    groups = [list(range(first, last)) for first, last in zip(bounds, bounds[1:])]
    numbered = [seq_number(lines[group[0]].cells[seq_at]) is not None for group in groups]
    return PageRows(groups, numbered, starts, len(lines), [i + 0.5 for i in range(len(lines))])


def categories_on_first_lines(lines, rows: PageRows, column: int) -> bool:
    """Whether every category on the page is printed on the first line of a row (top-aligned)."""
    firsts = {group[0] for group in rows.groups if group}
    placed = set()  # category lines at a row's top, or wrapped on from one there
    for index, line in enumerate(lines):
        if line.cells[column]:
            if index not in firsts and index - 1 not in placed:
                return False
            placed.add(index)
    return True


def page_categories(lines, rows: PageRows, column: int, full_width: float, *, from_top: bool = False) -> list:
    """Each row's category on one page: its text, or TOP / BOTTOM for rows above the page's
    first span or below its last (they continue a span of the page before or after).
    Top-aligned categories (`from_top`) span from their row down to the next one."""
    marks = _category_marks(lines, rows, column, full_width)
    count = len(rows.groups)
    if from_top:
        return _from_top(lines, rows, column)
    bounds = rows.starts + [rows.total]
    models = [_heights(bounds, single) for single in SINGLE_ROW_HEIGHTS]
    centres = [[_place(bounds, cuts, centre) for cuts in models] for centre, _ in marks]

    def cost(mark, first, last):
        if mark is None:
            return EDGE_COST
        if first == 0 and rows.numbered and not rows.numbered[0]:
            return float("inf")  # the rest of a row cut by the page break: its span began above
        best = float("inf")
        for model, cuts in enumerate(models):
            centre = centres[mark][model]
            best = min(best, centring_cost(cuts[first], cuts[last], centre))
            if last == count:  # a span the page break cuts may be drawn from its top
                best = min(best, centring_cost(cuts[first], cuts[first] + 1, centre))
        return best

    found = best_cuts([centre for centre, _ in marks], bounds, cost) if marks else None
    if found is None:
        return _by_row(marks, rows)
    top, bottom, starts = found
    texts: list = [TOP] * top + [BOTTOM] * (count - top)
    for (_, text), first, last in zip(marks, starts, starts[1:] + [bottom]):
        texts[first:last] = [text] * (last - first)
    return texts


def _by_row(marks: list[tuple[float, str]], rows: PageRows) -> list:
    """When no centring places the marks (two in one row: a category repeated on every row
    whose wrapped lines came apart), each row takes the text printed within it."""
    texts: list = [TOP] * len(rows.groups)
    for centre, text in marks:
        row = _row_at(rows.starts, centre)
        texts[row] = text if texts[row] is TOP else texts[row] + text
    return texts


def _row_at(starts: list[int], centre: float) -> int:
    """The row a position lies in."""
    return max(0, sum(1 for start in starts if start <= centre) - 1)


def _from_top(lines, rows: PageRows, column: int) -> list:
    """Top-aligned categories: each from the row it is printed in down to the next one."""
    texts: list = []
    for group in rows.groups:
        text = join_cjk("".join(lines[i].cells[column] for i in group))
        texts.append(text or (texts[-1] if texts else TOP))
    return texts


def _heights(bounds: list[int], single: float) -> list[float]:
    """Where each row starts in lines of height, a row of n >= 2 lines taking n plus a border,
    a row of one line `single` (measured 1.05 to 1.2: the 序号 cell's font sets it)."""
    cuts = [0.0]
    for start, end in zip(bounds, bounds[1:]):
        lines = end - start
        cuts.append(cuts[-1] + (lines + ROW_BORDER if lines > 1 else single))
    return cuts


def _place(bounds: list[int], cuts: list[float], centre: float) -> float:
    """A position in text lines as a position in lines of height."""
    row = max(0, min(len(bounds) - 2, sum(1 for start in bounds if start <= centre) - 1))
    lines = bounds[row + 1] - bounds[row]
    part = (centre - bounds[row]) / lines if lines else 0.5
    return cuts[row] + part * (cuts[row + 1] - cuts[row])


def _category_marks(lines, rows: PageRows, column: int, full_width: float) -> list[tuple[float, str]]:
    """(centre, text) of each category printed on the page, wrapped lines joined."""
    marks: list[tuple[float, float, str]] = []  # (first centre, last centre, text)
    last_text = ""
    for index, line in enumerate(lines):
        text = line.cells[column]
        if not text:
            continue
        # the next line of the name; lines of other columns set a little higher or lower
        # (paragraph spacing) may come between them
        near = marks and rows.centres[index] - marks[-1][1] <= WRAP_REACH
        # a line with a number starts a category of its own (categories repeated on every row
        # are centred with their number); a wrapped name's rest never carries one
        if near and _width(last_text) >= full_width - 0.5 and not _has_number(line):
            first, _, joined = marks[-1]
            marks[-1] = (first, rows.centres[index], joined + text)
        else:
            marks.append((rows.centres[index], rows.centres[index], text))
        last_text = text
    return [((first + last) / 2, join_cjk(text)) for first, last, text in marks]


def _has_number(line) -> bool:
    return any(seq_number(text) is not None for text in line.cells)


def _width(text: str) -> float:
    return sum(0.5 if ord(char) < 128 else 1 for char in text)
