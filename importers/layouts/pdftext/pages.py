"""The pages of `pdftotext -layout` text as a TableDocument: paragraphs, header rows, item rows.

Each page (split on form feeds) is read line by line: text before a header row is paragraphs
(title, 说明, part headings, footers); a header row fixes the page's columns; every later line
is cut into cells. Lines are grouped into rows by the 序号 column, and merged 事项类别 cells,
which print their name once, are given to every row of their span.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.layouts.pdftext.columns import (
    chunks,
    column_starts,
    cut,
    header_block,
    header_labels,
    is_header_line,
)
from importers.normalize import CJK, join_cjk
from importers.tables.assembly import seq_number
from importers.tables.furniture import is_footer
from importers.tables.headers import CATEGORY, DEPARTMENTS, NAME, SEQ, column_role, heading_part
from importers.tables.model import Paragraph, Row, TableDocument, Where

# A line that starts a paragraph in a cell: a step ("2." "（二）" "三、"), a label on its own
# line ("县委组织部：") or a 收回 cell's "工作方式：".
_NEW_PARAGRAPH = re.compile(
    rf"^(?:\d{{1,2}}\s*[.．、](?!\d)|[（(][\d一二三四五六七八九十]{{1,3}}[)）]"
    rf"|[一二三四五六七八九十]{{1,3}}、|[{CJK}（）()、]{{2,40}}[:：]$|(?:承接部门|工作方式|承接方式)\s*[:：])"
)
# A line this much narrower (in CJK characters) than its column's widest line ended its paragraph;
# one of near the column's width (in positions) may have wrapped.
SHORT_LINE = 3
WIDTH_SLACK = 5
# A line ending a sentence or a label ends its paragraph even when it fills the column.
_PARAGRAPH_END = ("。", "；", ";", "：", ":")


@dataclass
class _Line:
    """A data line of a table: its page and its text per column."""

    page: int
    cells: list[str]
    first_on_page: bool
    widths: tuple[int | None, ...]  # each column's width on the page (the last one's unknown)


@dataclass
class _Table:
    """One table as printed over its pages: labels, roles and data lines in order."""

    labels: tuple[str, ...]
    lines: list[_Line] = field(default_factory=list)
    placed: list[tuple[int, int, str]] = field(default_factory=list)  # the last page's labels

    @property
    def roles(self) -> tuple[str, ...]:
        """What each column holds."""
        return tuple(column_role(label) for label in self.labels)


def read_pages(text: str) -> TableDocument:
    """The whole text as paragraphs and table rows in reading order."""
    entries: list[Paragraph | Row | tuple[_Table, int]] = []
    tables: list[_Table] = []
    for number, page in enumerate(text.split("\f"), 1):
        _read_page(page.splitlines(), Where(page=number), tables, entries)
    starting = {(id(table), first): row for table in tables for first, row in _rows(table)}
    blocks: list[Paragraph | Row] = []
    for entry in entries:
        if isinstance(entry, (Paragraph, Row)):
            blocks.append(entry)
        elif (id(entry[0]), entry[1]) in starting:
            blocks.append(starting[id(entry[0]), entry[1]])
    return TableDocument(tuple(blocks))


def _read_page(lines: list[str], where: Where, tables: list[_Table], entries: list) -> None:
    """Add one page's paragraphs, header rows and table lines to the entries.

    Text above a page's first header is the open table's (when its header did not repeat) or
    paragraphs; text between two headers on a page is the first one's rows.
    """
    position = 0
    page_start = [True]  # the page's first table line is yet to come
    for at in [i for i, line in enumerate(lines) if is_header_line(line)] + [len(lines)]:
        if at < position:
            continue  # a line of the header block just read
        first, body = header_block(lines, at) if at < len(lines) else (at, at)
        first = max(first, position)
        _read_body(lines[position:first], where, tables[-1] if tables else None, entries, page_start)
        if at == len(lines):
            return
        labels = header_labels(lines[first:body])
        names = tuple(label for *_, label in labels)
        if not tables or names != tables[-1].labels:
            tables.append(_Table(names))
        tables[-1].placed = labels
        entries.append(Row(names, where, starts_page=True))
        position = body


def _is_furniture(line: str) -> bool:
    """A page footer ("— 9 —", "第 9 页 共 35 页"): not a bare number in the 序号 column."""
    text = line.strip()
    return is_footer(text) and not (text.isdigit() and line.startswith(text))


def _read_body(lines: list[str], where: Where, table: _Table | None, entries: list, page_start: list[bool]) -> None:
    """Lines under a header: the table's lines until a part heading, then paragraphs; footers
    and text outside any table are paragraphs."""
    if table is None:
        entries += [Paragraph(line.strip(), where) for line in lines if line.strip()]
        return
    starts = column_starts(table.placed, [line for line in lines if not _is_furniture(line)])
    widths = tuple(b - a for a, b in zip(starts, starts[1:])) + (None,)
    in_table = True
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if _is_furniture(line) or not in_table or heading_part(text):
            in_table = in_table and not heading_part(text)
            entries.append(Paragraph(text, where))
            continue
        table.lines.append(_Line(where.page, cut(line, starts), page_start[0], widths))
        entries.append((table, len(table.lines) - 1))
        page_start[0] = False


def _rows(table: _Table) -> list[tuple[int, Row]]:
    """The table's rows, each with the index of the line it starts at."""
    roles = table.roles
    seq_at = roles.index(SEQ) if SEQ in roles else 0
    name_at = roles.index(NAME) if NAME in roles else seq_at
    groups = _groups(table.lines, seq_at, name_at)
    categories = _categories(table, groups, roles)
    longest = [max((_width(line.cells[column]) for line in table.lines), default=0) for column in range(len(roles))]
    rows = []
    for group, category in zip(groups, categories):
        cells = [
            _cell([_wrapped(table.lines[i], column, longest[column], role) for i in group], role)
            for column, role in enumerate(roles)
        ]
        if category is not None:
            cells[roles.index(CATEGORY)] = category
        line = table.lines[group[0]]
        rows.append((group[0], Row(tuple(cells), Where(page=line.page), starts_page=line.first_on_page)))
    return rows


def _groups(lines: list[_Line], seq_at: int, name_at: int) -> list[list[int]]:
    """Line indices per row: a row starts at a numbered line, or around it when 序号 is centred."""
    centred = _seq_centred(lines, seq_at)
    groups: list[list[int]] = []
    page_lines: list[int] = []
    for index, line in enumerate(lines):
        if line.first_on_page and page_lines:
            groups += _page_groups(lines, page_lines, (seq_at, name_at), centred)
            page_lines = []
        page_lines.append(index)
    if page_lines:
        groups += _page_groups(lines, page_lines, (seq_at, name_at), centred)
    return groups


def _numbered(line: _Line, seq_at: int) -> bool:
    return seq_number(line.cells[seq_at]) is not None


def _seq_centred(lines: list[_Line], seq_at: int) -> bool:
    """Whether 序号 is printed in the vertical middle of its row: a number alone on its line, or
    a table whose first line has none."""
    alone = any(_numbered(line, seq_at) and not any(line.cells[:seq_at] + line.cells[seq_at + 1 :]) for line in lines)
    return alone or bool(lines) and not _numbered(lines[0], seq_at)


def _page_groups(lines: list[_Line], indices: list[int], columns: tuple[int, int], centred: bool) -> list[list[int]]:
    """One page's lines grouped into rows.

    With 序号 centred, lines at the top of the page above the first 事项名称 are the rest of
    a row the page break cut (a name is printed from its row's first line).
    """
    seq_at, name_at = columns
    marks = [position for position, i in enumerate(indices) if _numbered(lines[i], seq_at)]
    if not marks:
        return [indices]
    if not centred:
        cuts = ([0] if marks[0] else []) + marks
    else:
        named = next((p for p in range(marks[0] + 1) if lines[indices[p]].cells[name_at]), 0)
        cuts = [0, named] if named else [0]  # a centred number has as many lines above as below
        for mark, following in zip(marks, marks[1:]):
            end = min(2 * mark - cuts[-1], following - 1)
            cuts.append(max(end, mark) + 1)
    bounds = cuts + [len(indices)]
    return [indices[start:end] for start, end in zip(bounds, bounds[1:]) if end > start]


def _categories(table: _Table, groups: list[list[int]], roles: tuple[str, ...]) -> list[str | None]:
    """Each row's 事项类别, merged cells spread over their span (None: no category column)."""
    if CATEGORY not in roles:
        return [None] * len(groups)
    column = roles.index(CATEGORY)
    row_of = {i: row for row, group in enumerate(groups) for i in group}
    marks: list[tuple[list[int], str]] = []  # (line indices, text) of each printed category
    for index, line in enumerate(table.lines):
        text = line.cells[column]
        if text and marks and marks[-1][0][-1] == index - 1 and row_of[index - 1] == row_of[index]:
            marks[-1] = (marks[-1][0] + [index], marks[-1][1] + "\n" + text)
        elif text:
            marks.append(([index], text))
    if not marks:
        return [""] * len(groups)
    centred = row_of[marks[0][0][0]] != 0 or any(lines[0] != groups[row_of[lines[0]]][0] for lines, _ in marks)
    heights = _heights(table.lines, roles) if centred else None
    return _spread(marks, groups, row_of, heights, table.lines)


def _heights(lines: list[_Line], roles: tuple[str, ...]) -> list[float]:
    """Where each line starts, in lines of text: a line holding only centred cells (序号,
    事项类别) is one pdftotext slipped between two lines of text, and takes no height."""
    text_columns = [column for column, role in enumerate(roles) if role not in (SEQ, CATEGORY)]
    heights, position = [], 0.0
    for line in lines:
        heights.append(position)
        position += 1 if any(line.cells[column] for column in text_columns) else 0
    return heights + [position]


def _spread(marks, groups: list[list[int]], row_of: dict[int, int], heights, lines: list[_Line]) -> list[str]:
    """Give each printed category to the rows of its span: from its row down (top-aligned), or
    as much height of rows above its middle as below (centred in the merged cell). A name on
    the first line of a page is at the top of what the page shows of its cell."""
    texts = [""] * len(groups)
    start = 0
    for number, (marked, text) in enumerate(marks):
        own = row_of[marked[0]]
        following = row_of[marks[number + 1][0][0]] if number + 1 < len(marks) else len(groups)
        end = following - 1
        if heights is not None and number + 1 < len(marks) and not lines[marked[0]].first_on_page:
            middle = (heights[marked[0]] + heights[marked[-1] + 1]) / 2
            bottom = 2 * middle - heights[groups[start][0]]
            within = [row for row in range(own, following) if heights[groups[row][0]] < bottom - 0.25]
            end = max(within or [own])
        for row in range(start if heights is not None or number == 0 else own, end + 1):
            texts[row] = join_cjk(text)
        start = end + 1
    return texts


def _wrapped(line: _Line, column: int, longest: float, role: str) -> tuple[str, bool]:
    """A line's text in a column, and whether it may run on into the next line.

    A department line runs on only when it fills the column (as wide as the column's widest
    line, near the column's width on its page): a shorter one is a whole name. Other text runs
    on unless it ends a sentence or is clearly shorter than the column.
    """
    text = line.cells[column]
    width = line.widths[column]
    slack = 0.5 if role == DEPARTMENTS else SHORT_LINE
    full = _width(text) >= longest - slack and (width is None or len(text) >= width - WIDTH_SLACK)
    return text, full and not text.endswith(_PARAGRAPH_END)


def _width(text: str) -> float:
    """A line's printed width in CJK characters: ASCII letters, digits and marks are half as wide."""
    return sum(0.5 if ord(char) < 128 else 1 for char in text)


def _cell(lines: list[tuple[str, bool]], role: str) -> str:
    """A cell's lines as its paragraphs: a line that runs on is joined to the next, unless the
    next starts a step or label."""
    paragraphs: list[str] = []
    runs_on = False
    for text, full in lines:
        if not text:
            continue
        if paragraphs and runs_on and not (role != DEPARTMENTS and _NEW_PARAGRAPH.match(text)):
            paragraphs[-1] = join_cjk(paragraphs[-1] + "\n" + text)
        else:
            paragraphs.append(text)
        runs_on = full
    return "\n".join(paragraphs)
