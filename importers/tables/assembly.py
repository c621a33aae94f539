"""Data rows of one table section made into item rows: merged cells, page cuts, continuation rows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from importers.layouts.tabbed.items import DEPARTMENT_SUFFIXES, is_department_name
from importers.layouts.tabbed.rows import Row, Table
from importers.normalize import CJK, join_cjk
from importers.numbers import MAX_SEQ_DIGITS, seq as checked_seq
from importers.records import ParseIssue
from importers.tables.headers import CANONICAL, CATEGORY, DEPARTMENT_DUTIES, DEPARTMENTS, NAME, SEQ
from importers.tables.model import COVERED, CellScan, Where

LOOSE_ROW_MESSAGE = "{where}：这一行没有序号，也不在新页的开头，已接在上一条事项（序号{seq}）之后，请核对"
ORPHAN_ROW_MESSAGE = "{where}：表格第一行没有序号，已作为一条新事项读取，请核对"

# A scanned cell read below this confidence goes to an editor with its image. PP-OCRv4 scores
# clean printed lines at 0.95–1.00; specks, a stamp or a misread character pull a line below
# 0.9 (measured on rendered pages of the bundled lists, see layouts/scan/ocr.py).
DOUBTFUL_BELOW = 0.9
_SEQ_NUMBER = re.compile(rf"^\D{{0,2}}?(\d{{1,{MAX_SEQ_DIGITS}}})\D{{0,2}}$")
# Digits alone in the 序号 column, too many for one: a damaged or hostile file, not a loose row.
_LONG_SEQ = re.compile(rf"^\D{{0,2}}?(\d{{{MAX_SEQ_DIGITS + 1},}})\D{{0,2}}$")
_SENTENCE_END = tuple("。；;！？!?：:")
# A piece that starts a new paragraph: a step ("2." "（二）" "三、") or a label ("县委组织部：").
_NEW_PARAGRAPH = re.compile(
    rf"^\s*(?:\d{{1,2}}\s*[.．、](?!\d)|[（(][\d一二三四五六七八九十]{{1,3}}[)）]"
    rf"|[一二三四五六七八九十]{{1,3}}、|[{CJK}（）()]{{2,30}}[:：])"
)
_LINE_BREAK = re.compile(r"\s*\n\s*")
_LABELLED = re.compile(rf"^\s*[{CJK}（）()]{{2,30}}[:：]")


@dataclass(frozen=True)
class DrawnRow:
    """A data row of a table section as drawn, with what reading order says about it."""

    index: int  # 1-based position of the row among the document's blocks
    where: Where
    cells: tuple[str | None, ...]  # as many as the header has columns
    page_start: bool  # the first data row on its page: it may continue the row before
    scans: tuple[CellScan | None, ...] = ()  # scans only: how each cell was recognised


@dataclass
class Section:
    """One part's table from its header to the next header of another table."""

    table: Table
    roles: tuple[str, ...]
    where: Where
    rows: list[DrawnRow] = field(default_factory=list)

    @property
    def part(self) -> str:
        """The part this table belongs to."""
        return self.table.part


@dataclass
class _Item:
    """An item being assembled: its first row and each row's cells to add."""

    first: DrawnRow
    seq: str
    category: str
    pieces: list[tuple[tuple[str | None, ...], bool, bool]] = field(default_factory=list)
    # each piece: (cells, page_cut, merged): page_cut when a page break cut the row before,
    # merged when the row sits under the item's merged 序号 cell (its cells are whole cells).
    scans: dict[int, CellScan] = field(default_factory=dict)  # column → its least certain piece

    def add_scans(self, row: DrawnRow) -> None:
        """Keep, per column, the scanned piece the recogniser was least sure of, and every note."""
        for column, scan in enumerate(row.scans):
            if scan is not None:
                self.scans[column] = self.scans[column].with_piece(scan) if column in self.scans else scan


def seq_number(text: str | None) -> int | None:
    """The number in a 序号 cell ("12", "12.", "（12）"), or None when it has none."""
    found = _SEQ_NUMBER.match((text or "").strip())
    return int(found.group(1)) if found else None


def assemble(section: Section, *, source: str) -> tuple[list[tuple[Row, Where, tuple]], list[ParseIssue]]:
    """The section's items as tabbed rows (with where each starts and its doubtful scanned cells)
    and remarks on odd rows."""
    roles = section.roles
    seq_at, category_at = roles.index(SEQ), _position(roles, CATEGORY)
    categories = category_spans(section.rows, category_at, seq_column=seq_at)
    items: list[_Item] = []
    remarks: list[ParseIssue] = []
    above: list[str] = [""] * len(roles)
    for position, row in enumerate(section.rows):
        _refuse_long_seq(row, seq_at)
        kind = _seq_kind(section.rows, position, seq_at)
        current = items[-1] if items else None
        if current and kind == "numbered" and row.page_start and current.seq == "":
            kind = "numbering"  # the number of an item whose 序号 is drawn on this page
        if current is None or kind in ("numbered", "centred"):
            cells = tuple(above[i] if cell is COVERED else cell for i, cell in enumerate(row.cells))
            items.append(_Item(row, (row.cells[seq_at] or "").strip(), categories[position]))
            items[-1].pieces.append((cells, False, False))
            items[-1].add_scans(row)
            if current is None and kind not in ("numbered", "centred"):
                remarks.append(_remark(ORPHAN_ROW_MESSAGE, row, source, seq="?"))
        else:
            _continue(current, row, kind, categories[position], seq_at)
            current.add_scans(row)
            if kind == "loose":
                remarks.append(_remark(LOOSE_ROW_MESSAGE, row, source, seq=current.seq or "?"))
        above = [cell if cell is not COVERED else above[i] for i, cell in enumerate(row.cells)]
    return [(_tabbed_row(section, item), item.first.where, _doubts(section, item)) for item in items], remarks


def _refuse_long_seq(row: DrawnRow, seq_at: int) -> None:
    """NumberTooLong for a 序号 cell of more digits than any list numbers its items with."""
    cell = row.cells[seq_at]
    found = _LONG_SEQ.match(cell.strip()) if isinstance(cell, str) else None
    if found:
        checked_seq(found.group(1), where=str(row.where))


def _doubts(section: Section, item: _Item) -> tuple[tuple[str, CellScan], ...]:
    """The scanned cells of an item read with too little confidence or noted: (column label, scan)."""
    return tuple((CANONICAL[section.roles[column]], scan) for column, scan in sorted(item.scans.items())
                 if scan.confidence < DOUBTFUL_BELOW or scan.notes)


def _position(roles: tuple[str, ...], role: str) -> int | None:
    """The column holding a role, if the table has one."""
    return roles.index(role) if role in roles else None


def _seq_kind(rows: list[DrawnRow], position: int, seq_at: int) -> str:
    """How a row's 序号 cell places it: numbered, merged, page_cut, centred or loose."""
    row = rows[position]
    cell = row.cells[seq_at]
    if cell is COVERED:
        return "merged"
    if cell.strip():
        return "numbered"
    if row.page_start:
        return "page_cut"
    return "centred" if _numbered_on_next_page(rows, position, seq_at) else "loose"


def _numbered_on_next_page(rows: list[DrawnRow], position: int, seq_at: int) -> bool:
    """Whether an unnumbered row opens a merged 序号 cell whose number a PDF drew on the next page.

    A 序号 merged over rows that a page break cuts is two cells: the one whose vertical middle
    holds the number, and an empty one. When the empty one is at the bottom of a page (this row
    and only merged rows after it) and the next page starts with a number, the item starts here.
    """
    following = position + 1
    while following < len(rows) and rows[following].cells[seq_at] is COVERED:
        if rows[following].page_start:
            return False
        following += 1
    if following == len(rows) or not rows[following].page_start:
        return False
    return seq_number(rows[following].cells[seq_at]) is not None


def _continue(item: _Item, row: DrawnRow, kind: str, category: str, seq_at: int) -> None:
    """Add a continuation row's cells to the item (merged and covered cells add nothing)."""
    if kind == "numbering":
        item.seq = (row.cells[seq_at] or "").strip()
    item.category = item.category or category
    page_cut = row.page_start or kind == "loose"
    item.pieces.append((row.cells, page_cut, kind == "merged"))


def category_spans(rows: list[DrawnRow], column: int | None, *, seq_column: int | None = None) -> list[str]:
    """Each row's 事项类别, merged cells resolved span by span.

    A span is a drawn category cell and the COVERED cells under it. A page break cuts a merged
    cell in two, so a row that starts a page continues the span before it when its own cell is
    empty, or when the span before is empty: a PDF draws a merged cell's text in the vertical
    middle of the whole cell, which may fall on the next page, leaving the rows at the bottom of
    the page before with an empty cell. Those rows take the text their span shows on the next
    page. A span that shows no text anywhere stays "" (review infers it from neighbours).
    The name itself may be cut by the page break ("应急管理及" / "消防"): a row that starts a page
    without a 序号 of its own is the cut-off rest of the row before, so its text ends the name.
    """
    if column is None:
        return [""] * len(rows)
    spans: list[list[int]] = []
    texts: list[str] = []
    for position, row in enumerate(rows):
        cell = row.cells[column]
        text = join_cjk(cell) if cell else ""
        previous = texts[-1] if texts else ""
        rest_of_row = row.page_start and seq_column is not None and not (row.cells[seq_column] or "").strip()
        if spans and text and previous and rest_of_row:
            spans[-1].append(position)
            # A reader that already repeated the whole name on the cut-off rest adds nothing.
            texts[-1] = previous if previous.endswith(text) else previous + text
        elif spans and (cell is COVERED or (row.page_start and not (text and previous))):
            spans[-1].append(position)
            texts[-1] = texts[-1] or text
        else:
            spans.append([position])
            texts.append(text)
    resolved = [""] * len(rows)
    for span, text in zip(spans, texts):
        for position in span:
            resolved[position] = text
    return resolved


def _tabbed_row(section: Section, item: _Item) -> Row:
    """The tabbed builders' row for an assembled item: each column's pieces joined."""
    roles = section.roles
    labels = _department_labels(item, roles)
    cells: list[str] = []
    for column, role in enumerate(roles):
        if role == SEQ:
            cells.append(item.seq)
        elif role == CATEGORY:
            cells.append(item.category)
        else:
            cells.append(_column_text(item, column, role, labels))
    return Row(section.table, item.first.index, seq_number(item.seq), cells)


def _column_text(item: _Item, column: int, role: str, labels: list[str | None]) -> str:
    """One column of an item: the pieces its rows give, joined as the page or merge cut them."""
    text = ""
    for (cells, page_cut, merged), label in zip(item.pieces, labels):
        piece = (cells[column] or "").strip()
        if piece and label and role == DEPARTMENT_DUTIES and not _LABELLED.match(piece):
            piece = f"{label}：\n{piece}"
        if piece:
            text = _join(text, piece, role, page_cut=page_cut, merged=merged)
    if role == NAME:
        return join_cjk(text)  # a name is one line: its breaks are wraps, not paragraphs
    if role == DEPARTMENTS:
        return _department_list(text)
    return text


def _department_labels(item: _Item, roles: tuple[str, ...]) -> list[str | None]:
    """Per row, the department that row's duties belong to, when the item is drawn as one row
    per department under a merged 序号 (else None: a row's duty cell labels itself)."""
    column = _position(roles, DEPARTMENTS)
    if column is None:
        return [None] * len(item.pieces)
    names = [
        join_cjk(cells[column]) if cells[column] and (number == 0 or merged) else None
        for number, (cells, _, merged) in enumerate(item.pieces)
    ]
    single = [name if name and "、" not in name and is_department_name(name) else None for name in names]
    return single if sum(name is not None for name in single) >= 2 else [None] * len(item.pieces)


def _join(text: str, piece: str, role: str, *, page_cut: bool, merged: bool) -> str:
    """Text with a further piece: a new paragraph, or the rest of a line a page break cut."""
    if not text:
        return piece
    if role == DEPARTMENTS:
        first_line = _LINE_BREAK.split(piece)[0]
        return text + ("、" if merged or _separate_departments(text, first_line) else "") + piece
    if not page_cut or text.endswith(_SENTENCE_END) or _NEW_PARAGRAPH.match(piece):
        return f"{text}\n{piece}"
    return text + piece


def _department_list(text: str) -> str:
    """A department cell's paragraphs as one 、-separated list (wrapped names joined back)."""
    lines = [line for line in _LINE_BREAK.split(text) if line]
    joined = lines[0] if lines else ""
    for line in lines[1:]:
        joined += "、" if _separate_departments(joined, line) else ""
        joined += line
    return joined


def _separate_departments(before: str, after: str) -> bool:
    """Whether two lines of a department cell are two names, not one name wrapped in two."""
    if before.endswith(("、", "，", ",")) or after.startswith(("、", "，", ",")):
        return False
    whole = len(re.findall(rf"[{CJK}]", after)) >= 4 and is_department_name(after)
    return before.endswith(DEPARTMENT_SUFFIXES) and whole


def _remark(template: str, row: DrawnRow, source: str, *, seq: str) -> ParseIssue:
    """A remark about one row, naming where it is."""
    message = template.format(where=row.where, seq=seq)
    return ParseIssue(file=source, line=None, code="table_row", message=message)
