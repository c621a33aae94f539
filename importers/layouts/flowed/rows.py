"""Lines of layout-preserving text grouped into 序号 rows, past header fragments and page breaks."""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.normalize import CJK
from importers.numbers import MAX_SEQ_DIGITS, seq as seq_number
from importers.records import (
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PARTS,
    ParseIssue,
)

# A row's first line: its 序号, then (unless the number stands alone) the category.
SEQ_LINE = re.compile(rf"^\s*(\d+)(?:\s+([{CJK}].*?))?\s*$")
_PAGE_FOOTER = re.compile(r"^\s*第\s*\d+\s*页\s*[，,]?\s*共\s*\d+\s*页\s*$")
_PART_TITLES = (
    (PART_BASIC, re.compile(r"基本履职事项清单\s*$")),
    (PART_COORDINATING, re.compile(r"配合履职事项清单\s*$")),
    (PART_RECLAIMED, re.compile(r"收回事项清单\s*$")),
)

# Header words in column order. A page break cuts the header anywhere ("序" / "号" / "事项" /
# "类别" / "事项名称" / "对应上级" / "部门" / …), so fragments are recognised by this order.
_HEADER_WORDS = {
    "序": (0,), "号": (1,), "序号": (0, 1), "事项": (2,), "类别": (3,), "事项类别": (2, 3),
    "事项名称": (4,), "名称": (4,), "对应上级": (5,), "部门": (6,), "对应上级部门": (5, 6),
    "上级部门职责": (7,), "承接部门及工作方式": (9,), "承接部门": (9,), "备注": (10,),
}  # fmt: skip
_TOWNSHIP_HEADER = re.compile(r"^(?:乡镇（街道）|乡镇|镇|乡|街道)?配合职责$")
_STRONG_HEADER = {4, 7, 8, 9}  # words that never occur alone inside a cell
_COORDINATING_HEADER = {5, 7, 8}
_RECLAIMED_HEADER = {9}


@dataclass(frozen=True)
class Line:
    """One non-blank line of the file: its 1-based number and its text without edge spaces."""

    number: int
    text: str
    page_start: bool = False  # the extraction indents a page's first line by one space


@dataclass(frozen=True)
class Row:
    """One 序号 row: its part, number, first line and the lines that follow it."""

    part: str
    seq: int
    line: int
    head: str  # what follows the 序号 on the row's first line
    body: tuple[Line, ...]


def read_lines(text: str) -> list[Line]:
    """The non-blank lines, without page footers ("第 53 页，共 69 页"): blank lines carry no cell."""
    lines: list[Line] = []
    after_footer = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if _PAGE_FOOTER.match(raw):
            after_footer = True
        elif raw.strip():
            page_start = after_footer or raw[:1] in (" ", "\f")
            lines.append(Line(number, raw.strip(), page_start))
            after_footer = False
    return lines


def _header_positions(text: str) -> tuple[int, ...] | None:
    """Column positions of a line made only of header words, or None for any other line."""
    positions: list[int] = []
    for word in text.split():
        if _TOWNSHIP_HEADER.match(word):
            positions.append(8)
        elif word in _HEADER_WORDS:
            positions.extend(_HEADER_WORDS[word])
        else:
            return None
    ordered = all(a < b for a, b in zip(positions, positions[1:]))
    return tuple(positions) if positions and ordered else None


def _header_run(lines: list[Line], start: int) -> tuple[int, set[int]] | None:
    """The end and header positions of a header starting at `start`, if one does."""
    first = _header_positions(lines[start].text)
    # A header cut by a page break may begin with any of its words, but "部门" alone inside a
    # page is more likely the end of a cell than a header.
    if not first or (first[0] > 3 and not lines[start].page_start):
        return None
    positions, end = list(first), start + 1
    while end < len(lines):
        following = _header_positions(lines[end].text)
        if not following or following[0] <= positions[-1]:
            break
        positions.extend(following)
        end += 1
    return (end, set(positions)) if _STRONG_HEADER & set(positions) else None


def _header_part(positions: set[int]) -> str | None:
    """The part a header belongs to by its columns; None when it has only 序号/类别/名称."""
    if positions & _RECLAIMED_HEADER:
        return PART_RECLAIMED
    if positions & _COORDINATING_HEADER:
        return PART_COORDINATING
    return None


class _RowCollector:
    """Walks the lines once: headers and titles set the part, 序号 lines open rows."""

    def __init__(self, source: str):
        self.source = source
        self.part: str | None = None
        self.last_seq = 0
        self.rows: list[Row] = []
        self.open: tuple[str, int, int, str] | None = None
        self.body: list[Line] = []
        self.issues: list[ParseIssue] = []
        self.categories: set[str] = set()
        self.headed = False  # the part was entered by its header or title, not by a 1 restart

    def enter(self, part: str | None, headed: bool = True) -> None:
        """A header or title: move to its part (parts only go forward), or start the first."""
        self.headed = headed
        part = part or self.part or PART_BASIC
        if self.part is None or PARTS.index(part) > PARTS.index(self.part):
            self.close()
            self.part, self.last_seq = part, 0

    def take(self, line: Line) -> None:
        """A 序号 line opens a row; any other line continues the open row."""
        found = SEQ_LINE.match(line.text)
        seq = self._row_number(found, line.number) if found and self.part else None
        if seq is None:
            if self.open:
                self.body.append(line)
            return
        self.close()
        head = found.group(2) or ""
        self.categories.update(head.split()[:1])
        self.open, self.last_seq = (self.part, seq, line.number, head), seq

    def close(self) -> None:
        """Finish the open row."""
        if self.open:
            part, seq, number, head = self.open
            self.rows.append(Row(part, seq, number, head, tuple(self.body)))
        self.open, self.body = None, []

    def _row_number(self, found: re.Match, number: int) -> int | None:
        """The row's 序号 if the line opens a row: the next number, or 1 opening the next part."""
        if len(found.group(1)) > MAX_SEQ_DIGITS:
            return self._too_long(found, number)
        seq = int(found.group(1))
        if seq == self.last_seq + 1 or (self.last_seq == 0 and self.headed):
            return seq  # the first 序号 after a part's header opens its first row, whatever it is
        if seq == 1 and self.part != PARTS[-1]:
            self.enter(PARTS[PARTS.index(self.part) + 1], headed=False)
            return 1
        # A skipped number is believed only when the category fragment is one already seen.
        head = (found.group(2) or "").split()
        # The gap itself is reported by review.sequence_issues, as for every layout.
        if self.last_seq + 1 < seq <= self.last_seq + 3 and head and head[0] in self.categories:
            return seq
        return None


    def _too_long(self, found: re.Match, number: int) -> None:
        """A number too long for a 序号 where a row is due (or before a known category) is refused;
        elsewhere it is text that continues the row."""
        head = (found.group(2) or "").split()
        if (self.last_seq == 0 and self.headed) or (head and head[0] in self.categories):
            seq_number(found.group(1), line=number)
        return None


def group_rows(lines: list[Line], source: str) -> tuple[list[Row], list[ParseIssue]]:
    """Cut the lines into rows, skipping header fragments repeated at page breaks."""
    collector = _RowCollector(source)
    index = 0
    while index < len(lines):
        run = _header_run(lines, index)
        title = next((p for p, pattern in _PART_TITLES if pattern.search(lines[index].text)), None)
        if run:
            collector.enter(_header_part(run[1]))
            index = run[0]
            continue
        if title and not SEQ_LINE.match(lines[index].text):
            collector.enter(title)
        else:
            collector.take(lines[index])
        index += 1
    collector.close()
    return collector.rows, collector.issues
