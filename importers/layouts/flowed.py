"""Layout-preserving text (pdftotext -layout): cells wrapped over lines, a row's columns in turn.

A coordinating row is printed one column after another: "1 党的建" / "设" (序号 and the
category, wrapped), the name wrapped at the name column's width, the departments at theirs,
then the 上级部门职责 steps and the 乡镇（街道）配合职责 steps. No line says which column it is
in, so the parser learns each column's width from the file itself and splits cells by how
their lines wrap: every line of a cell but the last fills the column.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from itertools import takewhile
from dataclasses import dataclass

from importers.normalize import clean_text, split_departments, split_steps
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_NAME_MISSING,
    FLAG_TEXT_DAMAGED,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PART_TITLES,
    PARTS,
    BasicItem,
    CoordinatingItem,
    ParsedItems,
    ParseError,
    ParseIssue,
    ReclaimedItem,
    ReclaimedMethod,
    ReviewFlag,
    StepBlock,
)

NAME = "flowed"
DESCRIPTION = "保留版面的纯文本：单元格按列宽折行，配合事项各列依次排列，分页处有表头碎片，无标题与说明"

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
# A row's first line: its 序号, then (unless the number stands alone) the category.
_SEQ_LINE = re.compile(rf"^\s*(\d{{1,3}})(?:\s+([{_CJK}].*?))?\s*$")
_PAGE_FOOTER = re.compile(r"^\s*第\s*\d+\s*页\s*[，,]?\s*共\s*\d+\s*页\s*$")
_PART_TITLES = (
    (PART_BASIC, re.compile(r"基本履职事项清单\s*$")),
    (PART_COORDINATING, re.compile(r"配合履职事项清单\s*$")),
    (PART_RECLAIMED, re.compile(r"收回事项清单\s*$")),
)
# A step ("1." "2．" "3、") or a sub-heading ("一、") opening a paragraph of a duty column.
_STEP_MARK = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)")
_HEADING_MARK = re.compile(r"^([一二三四五六七八九十]{1,3})、")
_METHOD_LABEL = re.compile(r"^(?:工作方式|承接方式)\s*[：:]\s*")
_DEPARTMENT_LABEL = re.compile(r"^承接部门\s*[：:]\s*")
# A space between two Chinese characters in a row's narrow cells is the gap between two columns.
_COLUMN_GAP = re.compile(rf"(?<=[{_CJK}）)])\s+(?=[{_CJK}（(])")
# Plain text has no markup: "<地方党政…规定 >" is a title inside 《》, which clean_text would
# strip as an HTML tag, so it becomes 〈…〉 as published.
_ANGLE_QUOTE = re.compile(rf"<\s*([^<>\n]*[{_CJK}][^<>\n]*?)\s*>")
_NO_LONGER_DONE = "不再开展此项工作"
_SENTENCE_END = "。；;.！!？?）)”"
# A cell's last step ends a sentence; a list cut off mid-cell usually stops at "；" or mid-word.
_CELL_END = ("。", ".", "！", "!", "？", "?")
# Endings of department names ("县委组织部", "县医疗保障局", "县委机构编制委员会办公室", …).
_DEPARTMENT_END = re.compile(
    r"(?:部|局|委|会|办|室|院|站|所|队|中心|公司|处|厅|组|团|社|馆|台|行|区|联|协|段|厂|场|园)$"
)
# First characters of an administrative level ("县…局", "市…", "自治区…", "国家…"); the
# parser also learns the usual first characters of the departments in each list.
_LEVEL_START = frozenset("县市区州省乡镇自地国中")

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
class _Line:
    """One non-blank line of the file: its 1-based number and its text without edge spaces."""

    number: int
    text: str
    page_start: bool = False  # the extraction indents a page's first line by one space


@dataclass(frozen=True)
class _Row:
    """One 序号 row: its part, number, first line and the lines that follow it."""

    part: str
    seq: int
    line: int
    head: str  # what follows the 序号 on the row's first line
    body: tuple[_Line, ...]


@dataclass(frozen=True)
class _Widths:
    """Column widths of the coordinating table (in full-width characters), learned per file."""

    category: float
    name: float
    department: float
    duties: float
    township: float


@dataclass(frozen=True)
class _Cells:
    """A coordinating row cut into its columns, with what could not be cut cleanly."""

    category: str
    name: tuple[str, ...]
    departments: tuple[str, ...]
    duties: tuple[str, ...]
    township: tuple[str, ...]
    flags: tuple[ReviewFlag, ...] = ()
    alternatives: tuple[int, ...] = ()  # other plausible name/department boundaries


def detect(text: str) -> bool:
    """True for plain layout text: 序号 rows starting lines, no tab cells, no pipe tables."""
    lines = text.splitlines()
    tabbed = sum(1 for line in lines if "\t" in line.strip())
    piped = sum(1 for line in lines if line.lstrip().startswith("|"))
    rows = sum(1 for line in lines if _SEQ_LINE.match(line) and _SEQ_LINE.match(line).group(2))
    return tabbed < 3 and piped < 3 and rows >= 5 and "事项名称" in text


def parse(text: str, *, source: str) -> ParsedItems:
    """Read the three parts of a layout-preserving list into items, flagging uncertain cells."""
    rows, issues = _group_rows(_lines(_ANGLE_QUOTE.sub(r"〈\1〉", text)), source)
    by_part = {part: [row for row in rows if row.part == part] for part in PARTS}
    if rows:
        _check_complete(rows[-1], by_part[rows[-1].part], source)
    for part in PARTS:
        if not by_part[part]:
            raise ParseError(
                ParseIssue(
                    file=source,
                    line=None,
                    code="part_missing",
                    message=f"未找到{PART_TITLES[part]}的表格（表头或从 1 重新开始的序号行）",
                )
            )
    return ParsedItems(
        basic=tuple(_basic_item(row) for row in by_part[PART_BASIC]),
        coordinating=_coordinating_items(by_part[PART_COORDINATING]),
        reclaimed=_reclaimed_items(by_part[PART_RECLAIMED]),
        issues=tuple(issues),
    )


# ---------------------------------------------------------------------------------------------
# Lines -> rows


def _width(text: str) -> float:
    """Printed width in full-width characters: Chinese and ambiguous-width marks 1, ASCII ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text.strip())


def _lines(text: str) -> list[_Line]:
    """The non-blank lines, without page footers ("第 53 页，共 69 页"): blank lines carry no cell."""
    lines: list[_Line] = []
    after_footer = False
    for number, raw in enumerate(text.splitlines(), start=1):
        if _PAGE_FOOTER.match(raw):
            after_footer = True
        elif raw.strip():
            page_start = after_footer or raw[:1] in (" ", "\f")
            lines.append(_Line(number, raw.strip(), page_start))
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


def _header_run(lines: list[_Line], start: int) -> tuple[int, set[int]] | None:
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
        self.rows: list[_Row] = []
        self.open: tuple[str, int, int, str] | None = None
        self.body: list[_Line] = []
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

    def take(self, line: _Line) -> None:
        """A 序号 line opens a row; any other line continues the open row."""
        found = _SEQ_LINE.match(line.text)
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
            self.rows.append(_Row(part, seq, number, head, tuple(self.body)))
        self.open, self.body = None, []

    def _row_number(self, found: re.Match, number: int) -> int | None:
        """The row's 序号 if the line opens a row: the next number, or 1 opening the next part."""
        seq = int(found.group(1))
        if seq == self.last_seq + 1 or (self.last_seq == 0 and self.headed):
            return seq  # the first 序号 after a part's header opens its first row, whatever it is
        if seq == 1 and self.part != PARTS[-1]:
            self.enter(PARTS[PARTS.index(self.part) + 1], headed=False)
            return 1
        # A skipped number is believed only when the category fragment is one already seen.
        head = (found.group(2) or "").split()
        if self.last_seq + 1 < seq <= self.last_seq + 3 and head and head[0] in self.categories:
            self.issues.append(
                ParseIssue(
                    self.source,
                    number,
                    "sequence",
                    f"{PART_TITLES[self.part]}序号从 {self.last_seq} 跳到 {seq}",
                )
            )
            return seq
        return None


def _group_rows(lines: list[_Line], source: str) -> tuple[list[_Row], list[ParseIssue]]:
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
        if title and not _SEQ_LINE.match(lines[index].text):
            collector.enter(title)
        else:
            collector.take(lines[index])
        index += 1
    collector.close()
    return collector.rows, collector.issues


def _check_complete(row: _Row, part_rows: list[_Row], source: str) -> None:
    """The file's last row must have all its columns and end a sentence, else the file was cut."""
    last = row.body[-1] if row.body else _Line(row.line, row.head)
    if row.part == PART_COORDINATING:
        cells = _cut_coordinating(row, _learn_widths(part_rows))
        cut = not (cells.departments and cells.duties and cells.township)
    elif row.part == PART_RECLAIMED:
        # Only lists that label their methods ("工作方式：") can show a missing one.
        labelled = [any(_METHOD_LABEL.match(line.text) for line in r.body) for r in part_rows]
        cut = any(labelled) and not labelled[-1]
    else:
        return
    if cut or not last.text.rstrip("”’）)").endswith(_CELL_END):
        raise ParseError(
            ParseIssue(
                file=source,
                line=row.line,
                code="truncated",
                message=f"文件在{PART_TITLES[row.part]}第 {row.seq} 项（第 {row.line} 行起）"
                f"中间结束：第 {last.number} 行之后缺少该项其余的列或文字",
            )
        )


# ---------------------------------------------------------------------------------------------
# Basic rows


def _basic_item(row: _Row) -> BasicItem:
    """A basic row: "5 党的建设 落实…" on one line, or the name wrapped onto the lines below."""
    category, _, first = row.head.partition(" ")
    name = clean_text("\n".join([first, *(line.text for line in row.body)]))
    flags = () if name else (ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"),)
    return BasicItem(
        seq=row.seq, category=clean_text(category), name=name, line=row.line, flags=flags
    )


# ---------------------------------------------------------------------------------------------
# Coordinating rows: learning the column widths


def _mode(widths: list[float], default: float) -> float:
    """The most common width (whole characters; the wider on a tie), or the default."""
    counts = Counter(int(width) for width in widths)
    return float(max(counts, key=lambda w: (counts[w], w))) if counts else default


def _is_mark(text: str) -> bool:
    """True when a line opens a numbered step or a sub-heading."""
    return bool(_STEP_MARK.match(text) or _HEADING_MARK.match(text))


def _first_category_piece(row: _Row) -> str:
    """The category's first line: after the 序号, or the next line when the number is alone."""
    if row.head:
        return row.head.split()[0]
    return row.body[0].text if row.body else ""


def _wraps_on(texts: list[str], index: int) -> bool:
    """True when a step's sentence visibly goes on from texts[index] to the next line."""
    text = texts[index]
    ends = text.endswith((*_SENTENCE_END, "：", ":"))
    return not ends and not _HEADING_MARK.match(text) and not _is_mark(texts[index + 1])


def _learn_widths(rows: list[_Row]) -> _Widths:
    """Each column's width: the width most of its wrapped lines reach, across the whole part."""
    category = _mode([_width(_first_category_piece(row)) for row in rows], 4.0)
    after_category = [_take_category(row, category)[1] for row in rows]
    name = _mode([_width(rest[0]) for rest in after_category if rest], 7.0)
    department_lines, first_duty_lines, duty_lines = [], [], []
    for rest in after_category:
        start = _duties_start(rest, name)
        head, duties = rest[:start], rest[start:]
        # The department cell closes the head; its lines are narrower than the name column.
        narrow = list(takewhile(lambda w: w < name - 1, [_width(text) for text in reversed(head)]))
        if narrow:
            department_lines.append(max(narrow))
        # The first wrapped line of a row's duties is (nearly always) in the department column.
        wrapped = next((i for i in range(len(duties) - 1) if _wraps_on(duties, i)), None)
        if wrapped is not None:
            first_duty_lines.append(_width(duties[wrapped]))
        duty_lines.extend(_width(text) for text in duties)
    duty = _mode(first_duty_lines, 30.0)
    township = _mode([w for w in duty_lines if abs(w - duty) >= 3 and w > name + 1], duty)
    return _Widths(category, name, _mode(department_lines, name / 2), duty, township)


# ---------------------------------------------------------------------------------------------
# Coordinating rows: cutting one row into its columns


def _take_category(row: _Row, width: float) -> tuple[str, list[str]]:
    """The category (wrapped at its column's width) and the row's remaining lines."""
    words = row.head.split(None, 1)
    rest = [line.text for line in row.body]
    pieces = words[:1]
    if len(words) > 1:
        rest.insert(0, words[1])  # the name began on the 序号 line
    if not pieces and rest and _width(rest[0]) <= width:
        pieces.append(rest.pop(0))
    # The category goes on while its last line filled the column and the next line fits in it.
    while pieces and rest and _fills(pieces[-1], width) and _width(rest[0]) <= width:
        if _is_mark(rest[0]):
            break
        pieces.append(rest.pop(0))
    return clean_text("\n".join(pieces)), rest


def _split_column_gaps(texts: list[str], name_width: float) -> list[str]:
    """Split head lines where two narrow cells share a line ("地名管理工作 县民政局")."""
    result: list[str] = []
    for index, text in enumerate(texts):
        if _is_mark(text):
            return result + texts[index:]
        pieces = _COLUMN_GAP.split(text)
        if len(pieces) > 1 and all(_width(piece) <= name_width + 1 for piece in pieces):
            result.extend(pieces)
        else:
            result.append(text)
    return result


def _duties_start(texts: list[str], name_width: float) -> int:
    """Where the duty columns begin: the first numbered line, or one too wide for the name."""
    for index, text in enumerate(texts):
        if _is_mark(text) or _width(text) > name_width + 1:
            return index
    return len(texts)


def _fills(text: str, width: float, margin: float | None = None) -> bool:
    """True when a line reaches its column's edge (so the cell wraps on to the next line).

    Wrapping leaves less than one character of room; the default margin grows a little with
    the width because digits and Latin letters are narrower than half a character.
    """
    return _width(text) >= width - (max(0.5, width * 0.04) if margin is None else margin)


def _wrapped_at(texts: list[str], width: float) -> bool:
    """True when lines could be one cell of a narrow column: all fit, all but the last fill it.

    A whole character of room is allowed: an opening bracket or a Latin word that does not
    fit moves to the next line and leaves its place empty ("拔任用、职级" / "（职员等级）晋").
    """
    fits = all(_width(text) <= width + 1 for text in texts)
    return bool(texts) and fits and all(_fills(text, width, 1.0) for text in texts[:-1])


def _odd_lines(texts: list[str], width: float) -> int:
    """How many lines wrap unusually: stopping a character short of the edge, or overrunning it."""
    short = sum(not _fills(text, width) for text in texts[:-1])
    return short + sum(_width(text) > width + 0.5 for text in texts)


def _boundary_score(
    head: list[str], k: int, widths: _Widths, known: frozenset[str], starts: frozenset[str]
) -> tuple:
    """How good a name/department boundary is: departments seen elsewhere in the list, their
    usual first characters, lines that wrap as their column does, a name ending on a short
    line (most names do not fill their last line)."""
    names = split_departments("\n".join(head[k:]))
    odd = _odd_lines(head[:k], widths.name) + _odd_lines(head[k:], widths.department)
    return (
        sum(name in known for name in names),
        sum(name[:1] in starts or name[:1] in _LEVEL_START for name in names),
        -odd,
        not _fills(head[k - 1], widths.name),
    )


def _name_boundaries(head: list[str], widths: _Widths) -> list[int]:
    """Every k where head[:k] wraps like the name column and head[k:] like the department one
    (and reads as department names)."""
    return [
        k
        for k in range(1, len(head))
        if _wrapped_at(head[:k], widths.name)
        and _wrapped_at(head[k:], widths.department)
        and _is_department_list("\n".join(head[k:]))
    ]


def _split_name(
    head: list[str], widths: _Widths, known: frozenset[str], starts: frozenset[str]
) -> tuple[list[str], list[str], tuple[int, ...], tuple[ReviewFlag, ...]]:
    """Name lines, department lines, the other possible boundaries and any doubt about them."""
    boundaries = _name_boundaries(head, widths)
    if not boundaries:
        return _unsplittable(head, widths)
    scores = {k: _boundary_score(head, k, widths, known, starts) for k in boundaries}
    best = max(scores.values())
    chosen = [k for k in boundaries if scores[k] == best]
    flags = ()
    if len(chosen) > 1:
        flags = (ReviewFlag(FLAG_TEXT_DAMAGED, "事项名称与对应上级部门的分界不确定，请核对"),)
    k = chosen[0]
    return head[:k], head[k:], tuple(b for b in boundaries if b != k), flags


def _unsplittable(
    head: list[str], widths: _Widths
) -> tuple[list[str], list[str], tuple[int, ...], tuple[ReviewFlag, ...]]:
    """Name and departments when the widths give no boundary: keep all text, say what is missing."""
    if not head:
        return [], [], (), ()
    if len(head) == 1 and _width(head[0]) <= widths.department + 1:
        if _DEPARTMENT_END.search(head[0]):
            return [], head, (), ()
    if len(head) == 1:
        return head, [], (), ()
    detail = "事项名称与对应上级部门无法按列宽分开，文字全部保留在事项名称中"
    return head, [], (), (ReviewFlag(FLAG_TEXT_DAMAGED, detail),)


def _cut_coordinating(
    row: _Row,
    widths: _Widths,
    known: frozenset[str] = frozenset(),
    starts: frozenset[str] = frozenset(),
) -> _Cells:
    """Cut a coordinating row into category, name, departments and the two duty columns."""
    category, rest = _take_category(row, widths.category)
    rest = _split_column_gaps(rest, widths.name)
    start = _duties_start(rest, widths.name)
    name, departments, alternatives, flags = _split_name(rest[:start], widths, known, starts)
    duties, township, duty_flags = _split_duty_columns(rest[start:], widths)
    return _Cells(
        category=category,
        name=tuple(name),
        departments=tuple(departments),
        duties=tuple(duties),
        township=tuple(township),
        flags=flags + duty_flags,
        alternatives=alternatives,
    )


# ---------------------------------------------------------------------------------------------
# Coordinating rows: 上级部门职责 and 乡镇（街道）配合职责


def _mark_kind(text: str) -> str | None:
    """What a line opens: "first step", "step", "first heading", "heading" or None."""
    step = _STEP_MARK.match(text)
    if step:
        return "first step" if int(step.group(1)) == 1 else "step"
    heading = _HEADING_MARK.match(text)
    if heading:
        return "first heading" if heading.group(1) == "一" else "heading"
    return None


_HEADINGS = ("first heading", "heading")


def _paragraph_kind(texts: list[str], index: int, current: str | None, width: float) -> str | None:
    """The kind of paragraph texts[index] belongs to: its opening mark, or "text" if unnumbered."""
    kind = _mark_kind(texts[index])
    if kind:
        return kind
    if index == 0 or not _fills(texts[index - 1], width) or texts[index - 1].endswith(("：", ":")):
        return "text"
    return current


def _wraps_at_township(texts: list[str], index: int, widths: _Widths) -> bool:
    """True when a paragraph opens here and wraps at the township column's width, not the other."""
    text, previous = texts[index], texts[index - 1]
    ended = previous.endswith(tuple(_SENTENCE_END)) or not _fills(previous, widths.duties)
    opens = _is_mark(text) or ended
    continued = index + 1 < len(texts) and not _is_mark(texts[index + 1])
    township_full = _fills(text, widths.township) and _width(text) <= widths.township + 1
    return opens and continued and township_full and not _fills(text, widths.duties) and (
        not text.endswith(tuple(_SENTENCE_END))
    )


def _opens_township(texts: list[str], index: int, paragraph: str | None, widths: _Widths) -> bool:
    """True when texts[index] starts the township column rather than continuing the department one.

    The township column restarts the numbering (1. or 一、), wraps at its own width, or, when
    unnumbered, follows a department line that did not fill its column (that cell ended).
    """
    text, previous = texts[index], texts[index - 1]
    kind = _mark_kind(text)
    if kind == "first heading" or (kind == "first step" and paragraph not in _HEADINGS):
        return True
    if _wraps_at_township(texts, index, widths):
        return True
    if kind or paragraph in _HEADINGS or previous.endswith(("：", ":")):
        return False
    return not _fills(previous, widths.duties) and _width(text) <= widths.township + 1


def _split_duty_columns(
    texts: list[str], widths: _Widths
) -> tuple[list[str], list[str], tuple[ReviewFlag, ...]]:
    """Department-duty lines and township-duty lines, in order; a flag if the cut is a guess."""
    paragraph = None
    for index in range(len(texts)):
        if index and _opens_township(texts, index, paragraph, widths):
            return texts[:index], texts[index:], ()
        paragraph = _paragraph_kind(texts, index, paragraph, widths.duties)
    return _guess_township(texts, widths)


def _guess_township(texts: list[str], widths: _Widths) -> tuple[list[str], list[str], tuple]:
    """No restart found: the township cell is the trailing lines that wrap at its width."""
    for index in range(1, len(texts)):
        tail = texts[index:]
        if texts[index - 1].endswith(tuple(_SENTENCE_END)) and _wrapped_at(tail, widths.township):
            if _is_mark(texts[index]):
                continue
            detail = "上级部门职责与乡镇配合职责的分界按列宽推断，请核对"
            return texts[:index], tail, (ReviewFlag(FLAG_TEXT_DAMAGED, detail),)
    return texts, [], ()


def _paragraph_text(texts: list[str], width: float) -> str:
    """A duty column's text with one step or heading per line, wraps rejoined and cleaned."""
    paragraphs: list[list[str]] = []
    for text in texts:
        previous = paragraphs[-1][-1] if paragraphs else ""
        ended = not _fills(previous, width) or previous.endswith(("：", ":"))
        if not paragraphs or _is_mark(text) or ended:
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
    texts = [clean_text("\n".join(lines)) for lines in paragraphs]
    # split_steps glues an unnumbered paragraph onto the sub-heading above it ("二、县公安局" /
    # "对发布的…"); numbering it makes it the heading's one step instead.
    for index in range(1, len(texts)):
        if _HEADING_MARK.match(texts[index - 1]) and not _is_mark(texts[index]):
            texts[index] = f"1.{texts[index]}"
    return "\n".join(texts)


def _is_department_list(text: str) -> bool:
    """True when a heading or label is nothing but department names ("县应急管理局、县水利局")."""
    names = split_departments(text)
    return bool(names) and all(_DEPARTMENT_END.search(name) for name in names)


def _department_blocks(blocks: tuple[StepBlock, ...]) -> tuple[StepBlock, ...]:
    """Turn sub-headings that only name departments ("一、县应急管理局：") into department blocks."""
    result = []
    for block in blocks:
        label = (block.heading or "").rstrip("：: ")
        if label and _is_department_list(label):
            result.append(StepBlock(steps=block.steps, department=label))
        else:
            result.append(block)
    return tuple(result)


def _coordinating_items(rows: list[_Row]) -> tuple[CoordinatingItem, ...]:
    """Build coordinating items; unsure name/department cuts lean on departments seen elsewhere."""
    if not rows:
        return ()
    widths = _learn_widths(rows)
    first_pass = [_cut_coordinating(row, widths) for row in rows]
    sure = [cells.departments for cells in first_pass if not cells.alternatives]
    known = frozenset(name for cells in sure for name in split_departments("\n".join(cells)))
    starts = frozenset(name[:1] for name in known)
    items = []
    for row, cells in zip(rows, first_pass):
        if cells.alternatives:
            cells = _cut_coordinating(row, widths, known, starts)
        items.append(_coordinating_item(row, cells, widths))
    return tuple(items)


def _coordinating_item(row: _Row, cells: _Cells, widths: _Widths) -> CoordinatingItem:
    """One coordinating item from its cut cells, flagging empty columns."""
    name = clean_text("\n".join(cells.name))
    departments = split_departments("\n".join(cells.departments))
    duties = _department_blocks(split_steps(_paragraph_text(list(cells.duties), widths.duties)))
    township = split_steps(_paragraph_text(list(cells.township), widths.township))
    flags = list(cells.flags)
    if not name:
        flags.append(ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"))
    if not departments:
        flags.append(ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "未识别出对应上级部门"))
    if not duties:
        flags.append(ReviewFlag(FLAG_CELL_MISSING, "上级部门职责为空"))
    if not township:
        flags.append(ReviewFlag(FLAG_CELL_MISSING, "乡镇（街道）配合职责为空"))
    return CoordinatingItem(
        seq=row.seq,
        category=cells.category,
        name=name,
        line=row.line,
        departments=departments,
        department_duties=duties,
        township_duties=township,
        flags=tuple(flags),
    )


# ---------------------------------------------------------------------------------------------
# Reclaimed rows


def _reclaimed_items(rows: list[_Row]) -> tuple[ReclaimedItem, ...]:
    """Build reclaimed items; the name column's width is learned from the wrapped names."""
    wrapped = [row.body[0].text for row in rows if len(row.head.split()) == 1 and row.body]
    name_width = _mode([_width(text) for text in wrapped], 15.0)
    return tuple(_reclaimed_item(row, name_width) for row in rows)


def _reclaimed_cells(row: _Row, name_width: float) -> tuple[str, list[str], list[str], list[str]]:
    """Category, name lines, department lines and method lines of a reclaimed row."""
    category, _, first = row.head.partition(" ")
    texts = [line.text for line in row.body]
    method_at = next((i for i, t in enumerate(texts) if _METHOD_LABEL.match(t)), None)
    before = texts if method_at is None else texts[:method_at]
    method = [] if method_at is None else texts[method_at:]
    name, rest = ([first], before) if first else (before[:1], before[1:])
    # The name goes on while its last line filled the column; at least one line is the department.
    while rest[1:] and _fills(name[-1], name_width) and _width(rest[0]) <= name_width + 1:
        name.append(rest.pop(0))
    if method_at is None and len(rest) > 1:
        rest, method = rest[:1], rest[1:]
    return category, name, rest, method


def _reclaimed_methods(
    texts: list[str], departments: tuple[str, ...]
) -> tuple[ReclaimedMethod, ...]:
    """The 工作方式: one method, or one per numbered step; its department when there is one."""
    text = "\n".join(texts)
    text = _METHOD_LABEL.sub("", text.strip())
    department = departments[0] if len(departments) == 1 else None
    steps = split_steps(text)
    pieces = [step for block in steps for step in block.steps] or [clean_text(text)]
    pieces = [piece for piece in pieces if piece]
    if len(pieces) == 1 and pieces[0].rstrip("。") == _NO_LONGER_DONE:
        return (ReclaimedMethod(text=_NO_LONGER_DONE, department=department),)
    return tuple(ReclaimedMethod(text=piece, department=department) for piece in pieces)


def _reclaimed_item(row: _Row, name_width: float) -> ReclaimedItem:
    """One reclaimed item: name, receiving departments and how they take the work over."""
    category, name_lines, department_lines, method_lines = _reclaimed_cells(row, name_width)
    department_text = _DEPARTMENT_LABEL.sub("", "\n".join(department_lines))
    departments = split_departments(department_text)
    methods = _reclaimed_methods(method_lines, departments)
    name = clean_text("\n".join(name_lines))
    flags = []
    if not name:
        flags.append(ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"))
    if not methods:
        flags.append(ReviewFlag(FLAG_CELL_MISSING, "承接部门及工作方式为空"))
    if departments and not _is_department_list(department_text):
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "承接部门一栏疑似混入其他文字"))
    return ReclaimedItem(
        seq=row.seq,
        category=clean_text(category),
        name=name,
        line=row.line,
        departments=departments,
        methods=methods,
        flags=tuple(flags),
    )
