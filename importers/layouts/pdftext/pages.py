"""The pages of `pdftotext -layout` text as a TableDocument: paragraphs, header rows, item rows.

Each page (split on form feeds) is read line by line: text before a header row is paragraphs
(title, 说明, part headings, footers); a header row fixes the page's columns; every later line
is cut into cells. Lines are grouped into rows and categories spread over their rows page by
page (grouping.py: the rules, centring measured on LibreOffice PDFs, are stated there).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.layouts.pdftext.grouping import (
    BOTTOM,
    TOP,
    categories_on_first_lines,
    page_categories,
    page_rows,
    tall_category_lines,
    top_rows,
)
from importers.layouts.pdftext.columns import (
    column_starts,
    cut,
    header_block,
    header_labels,
    header_lines,
    printed_starts,
)
from importers.normalize import CJK, join_cjk
from importers.tables.assembly import seq_number
from importers.tables.furniture import is_footer
from importers.tables.headers import CATEGORY, DEPARTMENTS, SEQ, column_role, heading_part
from importers.tables.model import Paragraph, Row, TableDocument, Where

# A line that starts a paragraph in a cell: a step ("2." "（二）" "三、"), a label on its own
# line ("县委组织部：") or a 收回 cell's "工作方式：".
_NEW_PARAGRAPH = re.compile(
    rf"^(?:\d{{1,2}}\s*[.．、](?!\d)|[（(][\d一二三四五六七八九十]{{1,3}}[)）]"
    rf"|[一二三四五六七八九十]{{1,3}}、|[{CJK}（）()、]{{2,40}}[:：]$|(?:承接部门|工作方式|承接方式)\s*[:：])"
)
# pdftotext sets a space between Chinese and Latin letters or digits ("政务 APP", "公示 5 个")
# where the PDF only kerned them apart; the text had none.
# An English word among Chinese keeps its spaces ("规定的 behavior 不"): only digits and
# capitals (numbers, acronyms) lose them.
_LATIN_SPACE = re.compile(
    rf"(?:(?<=[{CJK}]) )?(?<![A-Za-z0-9.%])([A-Z0-9][A-Z0-9.%]*)(?![A-Za-z0-9.%])(?: (?=[{CJK}]))?"
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
    for at in header_lines(lines) + [len(lines)]:
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
    data = [line for line in lines if not _is_furniture(line)]
    starts = column_starts(table.placed, data)
    printed = printed_starts(data, starts)
    widths = tuple(b - a for a, b in zip(printed, printed[1:])) + (None,)
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
    category_at = roles.index(CATEGORY) if CATEGORY in roles else None
    centred = {seq_at} | ({category_at} if category_at is not None else set())
    longest = [max((_width(line.cells[column]) for line in table.lines), default=0) for column in range(len(roles))]
    top_aligned = not _seq_centred(table.lines, seq_at)
    groups: list[list[int]] = []
    numbered: list[bool] = []
    categories: list[str | None] = []
    full_width = longest[category_at] if category_at is not None else 0
    pages = _page_indices(table.lines)
    if category_at is not None:
        _join_cut_categories(table.lines, pages, (seq_at, category_at), full_width)
    laid_out = []
    for indices in pages:
        lines = [table.lines[i] for i in indices]
        runs_on = lambda at, column, indices=indices: _wrapped(table.lines[indices[at]], column, longest[column], roles[column])[1]  # noqa: E731
        tall = tall_category_lines(lines, (seq_at, category_at), full_width) if category_at is not None else frozenset()
        page = top_rows(lines, seq_at) if top_aligned else page_rows(lines, seq_at, centred, runs_on, tall)
        laid_out.append((lines, page))
        groups += [[indices[at] for at in group] for group in page.groups]
        numbered += page.numbered
    if category_at is None:
        categories = [""] * len(groups)
    else:
        from_top = all(categories_on_first_lines(lines, page, category_at) for lines, page in laid_out)
        for lines, page in laid_out:
            categories += page_categories(lines, page, category_at, full_width, from_top=from_top)
    resolved = _resolve(categories)
    rows = []
    for group, has_number, category in zip(groups, numbered, resolved):
        cells = [
            _cell([_wrapped(table.lines[i], column, longest[column], role) for i in group], role)
            for column, role in enumerate(roles)
        ]
        if category_at is not None:
            cells[category_at] = category if has_number else ""
        line = table.lines[group[0]]
        rows.append((group[0], Row(tuple(cells), Where(page=line.page), starts_page=line.first_on_page)))
    return rows


def _join_cut_categories(lines: list[_Line], pages: list[list[int]], columns: tuple[int, int], full_width: float) -> None:
    """A category name the page break cut ("应急管理及" / "消防"): text on a page's first line
    without a number, after a page whose last category line fills the column, ends that name."""
    seq_at, column = columns
    for before, page in zip(pages, pages[1:]):
        first = lines[page[0]]
        if not first.cells[column] or seq_number(first.cells[seq_at]) is not None:
            continue
        above = next((lines[i] for i in reversed(before) if lines[i].cells[column]), None)
        if above is not None and _width(above.cells[column]) >= full_width - 0.5:
            above.cells[column] += first.cells[column]
            first.cells[column] = ""


def _page_indices(lines: list[_Line]) -> list[list[int]]:
    """The table's line indices page by page."""
    pages: list[list[int]] = []
    for index, line in enumerate(lines):
        if line.first_on_page or not pages:
            pages.append([])
        pages[-1].append(index)
    return pages


def _seq_centred(lines: list[_Line], seq_at: int) -> bool:
    """Whether 序号 is printed in the vertical middle of its row: a number alone on its line, or
    a table whose first line has none."""
    numbered = [seq_number(line.cells[seq_at]) is not None for line in lines]
    alone = any(has and not any(line.cells[:seq_at] + line.cells[seq_at + 1 :]) for has, line in zip(numbered, lines))
    return alone or bool(lines) and not numbered[0]


def _resolve(categories: list) -> list[str]:
    """Rows a page's spans leave open take the span they continue: the one above for rows at
    a page's top (TOP), the one below for rows at its bottom (BOTTOM)."""
    texts: list[str] = [text if isinstance(text, str) else "" for text in categories]
    previous = ""
    for at, text in enumerate(categories):
        if text is TOP:
            texts[at] = previous
        elif isinstance(text, str):
            previous = text
    following = ""
    for at in range(len(categories) - 1, -1, -1):
        if categories[at] is BOTTOM:
            texts[at] = following
        elif isinstance(categories[at], str):
            following = categories[at]
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
    return _LATIN_SPACE.sub(r"\1", "\n".join(paragraphs))
