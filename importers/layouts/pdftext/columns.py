"""Columns of a side-by-side table line: header labels, column boundaries, cutting a line into cells.

`pdftotext -layout` places every glyph on a grid of character cells, one cell per character
whatever its width (measured: a CJK character takes one position, as "1" does), so within one
page a column's text starts at the same position on every line; pages may shift by one or two.
Cells are separated by runs of two or more spaces; a header label sits centred over its column,
so a column starts somewhere after the end of the label to its left.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.normalize import CJK
from importers.tables.headers import compact, heading_part
from importers.tables.furniture import is_footer

_CHUNK = re.compile(r"\S+(?: \S+)*")
# A header label: a few CJK characters and brackets, no digits ("乡镇（街道）配合", "职责").
_LABEL = re.compile(rf"^[{CJK}（）()/]{{1,16}}$")
# A sub-column label under a parent label ("部门", "职责") is short.
SUB_LABEL_CHARS = 6
# How far (in positions) a wrapped label's centre may stray from the centre of the part above it.
CENTRE_SLACK = 2
# An item table has a handful of columns; a line of many more spaced words is no header row.
MAX_COLUMNS = 24
# Lines of a wrapped header above and below the one holding 序号.
HEADER_REACH = 3
# Positions a cell may start left of its column's start, or overhang the next column's start,
# before it is taken for the neighbouring column's text.
SLACK = 1
SNAP = 3
# A step number set apart from its text (Word's automatic numbering with a hanging indent,
# "2.   统筹部门联动"): it may stand left of its column's start, so it goes with the text after it.
_MARKER = re.compile(r"^(?:\d{1,2}[.．、]|[（(]\d{1,2}[)）])$")
MARKER_GAP = 8
_STEP = re.compile(r"^\d{1,2}[.．、] ")


@dataclass(frozen=True)
class Chunk:
    """Text between runs of two or more spaces, and the position it starts at."""

    start: int
    text: str

    @property
    def end(self) -> int:
        """The position after the chunk's last character."""
        return self.start + len(self.text)


@dataclass(frozen=True)
class Columns:
    """A table's columns on one page: their labels and where each starts."""

    labels: tuple[str, ...]
    starts: tuple[int, ...]  # starts[0] is 0


def chunks(line: str) -> list[Chunk]:
    """A line's runs of text separated by two or more spaces."""
    return [Chunk(found.start(), found.group()) for found in _CHUNK.finditer(line)]


def is_header_line(line: str) -> bool:
    """Whether a line is a table header row: 序号 and a name column among spaced-out labels."""
    words = chunks(line)
    labels = [compact(word.text) for word in words]
    has_seq = any(label.startswith("序号") or label == "序" for label in labels)
    named = any("名称" in label or "事项" in label for label in labels)
    return has_seq and named and 3 <= len(words) <= MAX_COLUMNS


def header_lines(lines: list[str]) -> list[int]:
    """The indices of a page's header rows: a line with 序号 and a name column, or the labels
    between "序" and "号" when a narrow 序号 column wraps its label ("序" / "事项类别 事项名称" / "号")."""
    found = []
    for at, line in enumerate(lines):
        if is_header_line(line):
            found.append(at)
        elif 0 < at < len(lines) - 1 and _first_word(lines[at - 1]) == "序" and _first_word(lines[at + 1]) == "号":
            labels = [compact(word.text) for word in chunks(line)]
            if len(labels) >= 2 and any("名称" in label for label in labels):
                found.append(at)
    return found


def _first_word(line: str) -> str:
    words = chunks(line)
    return compact(words[0].text) if words else ""


def _label_line(line: str, neighbour: str, *, below: bool) -> bool:
    """Whether a line next to a header line holds only labels: each one centred on a label of
    the neighbouring line (a wrapped label, no longer below than above) or overlapping none
    (a short sub-column or parent label)."""
    words = chunks(line)
    text = line.strip()
    if not words or is_footer(text) or heading_part(text):
        return False
    others = chunks(neighbour)
    for word in words:
        if not _LABEL.match(compact(word.text)):
            return False
        touching = [other for other in others if _overlap(word, other)]
        centred = any(
            abs(_centre(word) - _centre(other)) <= CENTRE_SLACK
            and (len(word.text) <= len(other.text) if below else len(word.text) >= len(other.text))
            for other in touching
        )
        if not (centred or (not touching and len(word.text) <= SUB_LABEL_CHARS)):
            return False
    return True


def _centre(word: Chunk) -> float:
    return (word.start + word.end) / 2


def header_block(lines: list[str], at: int) -> tuple[int, int]:
    """The first and past-last line of the header around the 序号 line at `at`."""
    first = at
    while first > 0 and at - first < HEADER_REACH and _label_line(lines[first - 1], lines[first], below=False):
        first -= 1
    last = at + 1
    while last < len(lines) and last - at <= HEADER_REACH and _label_line(lines[last], lines[last - 1], below=True):
        last += 1
    return first, last


def header_labels(lines: list[str]) -> list[tuple[int, int, str]]:
    """(start, end, label) per column of a wrapped or two-row header, left to right.

    A label wrapped over lines overlaps itself from line to line and is joined top to bottom; a
    parent label over sub-columns ("上级部门" over "部门" and "职责") overlaps nothing below it
    and has sub-labels below it on both sides: it is prefixed to each of them.
    """
    placed = [(row, word) for row, line in enumerate(lines) for word in chunks(line)]
    prefixes: dict[tuple[int, Chunk], str] = {}
    parents = set()
    for item in placed:
        subs = _sub_labels(item, placed)
        if len(subs) >= 2:
            parents.add(item)
            prefixes.update((sub, compact(item[1].text)) for sub in subs)
    columns: list[list[tuple[int, Chunk]]] = []
    for item in sorted(placed, key=lambda item: item[1].start):
        if item in parents:
            continue
        column = next((c for c in columns if any(_overlap(item[1], other) for _, other in c)), None)
        if column:
            column.append(item)
        else:
            columns.append([item])
    labels = []
    for column in columns:
        ordered = sorted(column, key=lambda item: (item[0], item[1].start))
        prefix = next((prefixes[item] for item in ordered if item in prefixes), "")
        text = prefix + "".join(compact(word.text) for _, word in ordered)
        labels.append((min(word.start for _, word in column), max(word.end for _, word in column), text))
    return sorted(labels)


def _overlap(one: Chunk, other: Chunk) -> bool:
    return one.start < other.end and other.start < one.end


def _sub_labels(item: tuple[int, Chunk], placed: list[tuple[int, Chunk]]) -> list[tuple[int, Chunk]]:
    """The labels below a parent label: on lower lines, between its neighbours on its own line,
    overlapping nothing above them, on both sides of it; [] when it is no parent."""
    row, word = item
    if any(r > row and _overlap(word, other) for r, other in placed):
        return []
    same_line = sorted((other for r, other in placed if r == row), key=lambda other: other.start)
    at = same_line.index(word)
    left = same_line[at - 1].end if at > 0 else -1
    right = same_line[at + 1].start if at + 1 < len(same_line) else 10**6
    subs = [
        (r, other) for r, other in placed
        if r > row and left <= other.start and other.end <= right
        and not any(up < r and _overlap(other, above) for up, above in placed)
    ]  # fmt: skip
    on_left = any(other.end <= word.start for _, other in subs)
    on_right = any(other.start >= word.end for _, other in subs)
    return subs if on_left and on_right else []


def column_starts(labels: list[tuple[int, int, str]], data: list[str]) -> tuple[int, ...]:
    """Where each column starts on a page: after the label to its left ends, at the position
    where the page's data lines most often start a cell (a left-aligned column's edge)."""
    counts: dict[int, int] = {}
    for line in data:
        for word in chunks(line):
            counts[word.start] = counts.get(word.start, 0) + 1
    starts = [0]
    for (_, left_end, _), (right_start, _, _) in zip(labels, labels[1:]):
        found = {at: n for at, n in counts.items() if left_end < at <= right_start + SLACK}
        frequent = [at for at, n in found.items() if n >= max(2, max(found.values(), default=0) * 0.3)]
        starts.append(min(frequent or found or [left_end + 1]))
    return tuple(starts)


def cut(line: str, starts: tuple[int, ...]) -> list[str]:
    """A line's text per column: each chunk in the column it starts in, split at a single space
    where it runs on over the next column's start (two cells with one space between)."""
    cells = [""] * len(starts)
    for column, _, text in _placed(line, starts):
        cells[column] = f"{cells[column]} {text}".strip()
    return cells


def printed_starts(lines: list[str], starts: tuple[int, ...]) -> tuple[int, ...]:
    """Where each column's text begins on a page: its start, or further left where a hanging
    step number stands before it ("1.   州生态…"), so a column's width is what its text fills."""
    printed = list(starts)
    for line in lines:
        for column, at, _ in _placed(line, starts):
            printed[column] = min(printed[column], at)
    return tuple(printed)


def _placed(line: str, starts: tuple[int, ...]) -> list[tuple[int, int, str]]:
    """(column, start, text) of each piece of a line, as `cut` places them."""
    placed = []
    pending = chunks(line)
    while pending:
        word = pending.pop(0)
        marker, at = "", word.start
        if _MARKER.match(word.text) and pending and pending[0].start - word.end <= MARKER_GAP:
            marker, word = word.text + " ", pending.pop(0)  # hanging numbering: goes with its text
        column = max(i for i, start in enumerate(starts) if start <= word.start + SLACK or i == 0)
        if column + 1 < len(starts) and _STEP.match(word.text) and starts[column + 1] - word.start <= MARKER_GAP:
            column += 1  # a step's number hanging left of its column ("2. 市委编办…")
        following = starts[column + 1] if column + 1 < len(starts) else None
        if following is not None and word.end > following + SLACK:
            split = _split_at(word, following)
            if split:
                word, rest = split
                pending.insert(0, rest)
        placed.append((column, at, marker + word.text))
    return placed


def _split_at(word: Chunk, boundary: int) -> tuple[Chunk, Chunk] | None:
    """The chunk cut at its single space nearest the boundary, when one lies close to it."""
    spaces = [word.start + i for i, char in enumerate(word.text) if char == " "]
    near = [at for at in spaces if abs(at + 1 - boundary) <= SNAP]
    if not near:
        return None
    at = min(near, key=lambda at: abs(at + 1 - boundary)) - word.start
    return Chunk(word.start, word.text[:at]), Chunk(word.start + at + 1, word.text[at + 1 :])
