"""A coordinating row cut into its columns by the widths its lines wrap at, learned per file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile

from importers.layouts.flowed.rows import Row
from importers.layouts.flowed.wrapping import (
    HEADING_MARK,
    SENTENCE_END,
    fills,
    is_mark,
    mark_kind,
    most_common_width,
    odd_lines,
    printed_width,
    wrapped_at,
)
from importers.normalize import CJK, clean_text, split_departments
from importers.records import FLAG_TEXT_DAMAGED, ReviewFlag

# A space between two Chinese characters in a row's narrow cells is the gap between two columns.
_COLUMN_GAP = re.compile(rf"(?<=[{CJK}）)])\s+(?=[{CJK}（(])")
# Endings of department names ("县委组织部", "县医疗保障局", "县委机构编制委员会办公室", …).
_DEPARTMENT_END = re.compile(
    r"(?:部|局|委|会|办|室|院|站|所|队|中心|公司|处|厅|组|团|社|馆|台|行|区|联|协|段|厂|场|园)$"
)
# First characters of an administrative level ("县…局", "市…", "自治区…", "国家…"); the
# parser also learns the usual first characters of the departments in each list.
_LEVEL_START = frozenset("县市区州省乡镇自地国中")


@dataclass(frozen=True)
class Widths:
    """Column widths of the coordinating table (in full-width characters), learned per file."""

    category: float
    name: float
    department: float
    duties: float
    township: float


@dataclass(frozen=True)
class Cells:
    """A coordinating row cut into its columns, with what could not be cut cleanly."""

    category: str
    name: tuple[str, ...]
    departments: tuple[str, ...]
    duties: tuple[str, ...]
    township: tuple[str, ...]
    flags: tuple[ReviewFlag, ...] = ()
    alternatives: tuple[int, ...] = ()  # other plausible name/department boundaries


def is_department_list(text: str) -> bool:
    """True when a heading or label is nothing but department names ("县应急管理局、县水利局")."""
    names = split_departments(text)
    return bool(names) and all(_DEPARTMENT_END.search(name) for name in names)


# ---------------------------------------------------------------------------------------------
# Learning the column widths


def _first_category_piece(row: Row) -> str:
    """The category's first line: after the 序号, or the next line when the number is alone."""
    if row.head:
        return row.head.split()[0]
    return row.body[0].text if row.body else ""


def _wraps_on(texts: list[str], index: int) -> bool:
    """True when a step's sentence visibly goes on from texts[index] to the next line."""
    text = texts[index]
    ends = text.endswith((*SENTENCE_END, "：", ":"))
    return not ends and not HEADING_MARK.match(text) and not is_mark(texts[index + 1])


def learn_widths(rows: list[Row]) -> Widths:
    """Each column's width: the width most of its wrapped lines reach, across the whole part."""
    category = most_common_width([printed_width(_first_category_piece(row)) for row in rows], 4.0)
    after_category = [_take_category(row, category)[1] for row in rows]
    name = most_common_width([printed_width(rest[0]) for rest in after_category if rest], 7.0)
    department_lines, first_duty_lines, duty_lines = [], [], []
    for rest in after_category:
        start = _duties_start(rest, name)
        head, duties = rest[:start], rest[start:]
        # The department cell closes the head; its lines are narrower than the name column.
        narrow = list(takewhile(lambda w: w < name - 1, [printed_width(text) for text in reversed(head)]))
        if narrow:
            department_lines.append(max(narrow))
        # The first wrapped line of a row's duties is (nearly always) in the department column.
        wrapped = next((i for i in range(len(duties) - 1) if _wraps_on(duties, i)), None)
        if wrapped is not None:
            first_duty_lines.append(printed_width(duties[wrapped]))
        duty_lines.extend(printed_width(text) for text in duties)
    duty = most_common_width(first_duty_lines, 30.0)
    township = most_common_width([w for w in duty_lines if abs(w - duty) >= 3 and w > name + 1], duty)
    return Widths(category, name, most_common_width(department_lines, name / 2), duty, township)


# ---------------------------------------------------------------------------------------------
# Cutting one row into its columns: category, name and departments


def _take_category(row: Row, width: float) -> tuple[str, list[str]]:
    """The category (wrapped at its column's width) and the row's remaining lines."""
    words = row.head.split(None, 1)
    rest = [line.text for line in row.body]
    pieces = words[:1]
    if len(words) > 1:
        rest.insert(0, words[1])  # the name began on the 序号 line
    if not pieces and rest and printed_width(rest[0]) <= width:
        pieces.append(rest.pop(0))
    # The category goes on while its last line filled the column and the next line fits in it.
    while pieces and rest and fills(pieces[-1], width) and printed_width(rest[0]) <= width:
        if is_mark(rest[0]):
            break
        pieces.append(rest.pop(0))
    return clean_text("\n".join(pieces)), rest


def _split_column_gaps(texts: list[str], name_width: float) -> list[str]:
    """Split head lines where two narrow cells share a line ("地名管理工作 县民政局")."""
    result: list[str] = []
    for index, text in enumerate(texts):
        if is_mark(text):
            return result + texts[index:]
        pieces = _COLUMN_GAP.split(text)
        if len(pieces) > 1 and all(printed_width(piece) <= name_width + 1 for piece in pieces):
            result.extend(pieces)
        else:
            result.append(text)
    return result


def _duties_start(texts: list[str], name_width: float) -> int:
    """Where the duty columns begin: the first numbered line, or one too wide for the name."""
    for index, text in enumerate(texts):
        if is_mark(text) or printed_width(text) > name_width + 1:
            return index
    return len(texts)


def _boundary_score(
    head: list[str], k: int, widths: Widths, known: frozenset[str], starts: frozenset[str]
) -> tuple:
    """How good a name/department boundary is: departments seen elsewhere in the list, their
    usual first characters, lines that wrap as their column does, a name ending on a short
    line (most names do not fill their last line)."""
    names = split_departments("\n".join(head[k:]))
    odd = odd_lines(head[:k], widths.name) + odd_lines(head[k:], widths.department)
    return (
        sum(name in known for name in names),
        sum(name[:1] in starts or name[:1] in _LEVEL_START for name in names),
        -odd,
        not fills(head[k - 1], widths.name),
    )


def _name_boundaries(head: list[str], widths: Widths) -> list[int]:
    """Every k where head[:k] wraps like the name column and head[k:] like the department one
    (and reads as department names)."""
    return [
        k
        for k in range(1, len(head))
        if wrapped_at(head[:k], widths.name)
        and wrapped_at(head[k:], widths.department)
        and is_department_list("\n".join(head[k:]))
    ]


def _split_name(
    head: list[str], widths: Widths, known: frozenset[str], starts: frozenset[str]
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
    head: list[str], widths: Widths
) -> tuple[list[str], list[str], tuple[int, ...], tuple[ReviewFlag, ...]]:
    """Name and departments when the widths give no boundary: keep all text, say what is missing."""
    if not head:
        return [], [], (), ()
    if len(head) == 1 and printed_width(head[0]) <= widths.department + 1:
        if _DEPARTMENT_END.search(head[0]):
            return [], head, (), ()
    if len(head) == 1:
        return head, [], (), ()
    detail = "事项名称与对应上级部门无法按列宽分开，文字全部保留在事项名称中"
    return head, [], (), (ReviewFlag(FLAG_TEXT_DAMAGED, detail),)


def cut_coordinating(
    row: Row,
    widths: Widths,
    known: frozenset[str] = frozenset(),
    starts: frozenset[str] = frozenset(),
) -> Cells:
    """Cut a coordinating row into category, name, departments and the two duty columns."""
    category, rest = _take_category(row, widths.category)
    rest = _split_column_gaps(rest, widths.name)
    start = _duties_start(rest, widths.name)
    name, departments, alternatives, flags = _split_name(rest[:start], widths, known, starts)
    duties, township, duty_flags = _split_duty_columns(rest[start:], widths)
    return Cells(
        category=category,
        name=tuple(name),
        departments=tuple(departments),
        duties=tuple(duties),
        township=tuple(township),
        flags=flags + duty_flags,
        alternatives=alternatives,
    )


# ---------------------------------------------------------------------------------------------
# Cutting one row into its columns: 上级部门职责 and 乡镇（街道）配合职责

_HEADINGS = ("first heading", "heading")


def _paragraph_kind(texts: list[str], index: int, current: str | None, width: float) -> str | None:
    """The kind of paragraph texts[index] belongs to: its opening mark, or "text" if unnumbered."""
    kind = mark_kind(texts[index])
    if kind:
        return kind
    if index == 0 or not fills(texts[index - 1], width) or texts[index - 1].endswith(("：", ":")):
        return "text"
    return current


def _wraps_at_township(texts: list[str], index: int, widths: Widths) -> bool:
    """True when a paragraph opens here and wraps at the township column's width, not the other."""
    text, previous = texts[index], texts[index - 1]
    ended = previous.endswith(tuple(SENTENCE_END)) or not fills(previous, widths.duties)
    opens = is_mark(text) or ended
    continued = index + 1 < len(texts) and not is_mark(texts[index + 1])
    township_full = fills(text, widths.township) and printed_width(text) <= widths.township + 1
    return opens and continued and township_full and not fills(text, widths.duties) and (
        not text.endswith(tuple(SENTENCE_END))
    )


def _opens_township(texts: list[str], index: int, paragraph: str | None, widths: Widths) -> bool:
    """True when texts[index] starts the township column rather than continuing the department one.

    The township column restarts the numbering (1. or 一、), wraps at its own width, or, when
    unnumbered, follows a department line that did not fill its column (that cell ended).
    """
    text, previous = texts[index], texts[index - 1]
    kind = mark_kind(text)
    if kind == "first heading" or (kind == "first step" and paragraph not in _HEADINGS):
        return True
    if _wraps_at_township(texts, index, widths):
        return True
    if kind or paragraph in _HEADINGS or previous.endswith(("：", ":")):
        return False
    return not fills(previous, widths.duties) and printed_width(text) <= widths.township + 1


def _split_duty_columns(
    texts: list[str], widths: Widths
) -> tuple[list[str], list[str], tuple[ReviewFlag, ...]]:
    """Department-duty lines and township-duty lines, in order; a flag if the cut is a guess."""
    paragraph = None
    for index in range(len(texts)):
        if index and _opens_township(texts, index, paragraph, widths):
            return texts[:index], texts[index:], ()
        paragraph = _paragraph_kind(texts, index, paragraph, widths.duties)
    return _guess_township(texts, widths)


def _guess_township(texts: list[str], widths: Widths) -> tuple[list[str], list[str], tuple]:
    """No restart found: the township cell is the trailing lines that wrap at its width."""
    for index in range(1, len(texts)):
        tail = texts[index:]
        if texts[index - 1].endswith(tuple(SENTENCE_END)) and wrapped_at(tail, widths.township):
            if is_mark(texts[index]):
                continue
            detail = "上级部门职责与乡镇配合职责的分界按列宽推断，请核对"
            return texts[:index], tail, (ReviewFlag(FLAG_TEXT_DAMAGED, detail),)
    return texts, [], ()
