"""Layout parser for lists extracted as markdown pipe tables whose multi-line cells are HTML."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from importers.normalize import clean_text, split_departments, split_steps, strip_html
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

NAME = "markdown"
DESCRIPTION = "Markdown 管道表格（| 序号 | 事项类别 | 事项名称 | … |），多行单元格为 HTML（<ol>、<p>），可含备注列"

TRUNCATED_MESSAGE = "文件在表格行中间结束（序号 {seq}）：应有 {expected} 列，只读到 {found} 列"
PART_MISSING_MESSAGE = "未找到“{title}”的表格（表头应含 {columns}）"
NO_ITEMS_MESSAGE = "“{title}”的表格没有任何带序号的事项行"
ORPHAN_ROW_MESSAGE = "表格行没有序号，也没有可接续的上一行，已忽略"
ENGLISH_AND_MESSAGE = "序号 {seq} 的单元格中“ and ”已改回“和”（提取工具误译）"
SEQUENCE_MESSAGE = "“{title}”序号不连续：{previous} 之后是 {seq}"
SHORT_ROW_DETAIL = "表格行的列数少于表头，缺少的单元格已留空"
LONG_ROW_DETAIL = "表格行的列数多于表头，内容可能错列"
ENGLISH_WORD_DETAIL = "疑似被提取工具译成英文的词：{words}"

_PART_COLUMNS = {
    PART_BASIC: "序号、事项类别、事项名称",
    PART_COORDINATING: "对应上级部门、上级部门职责、乡镇配合职责",
    PART_RECLAIMED: "承接部门及工作方式",
}

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")
# The extraction tool translated some 和 into English; " and " between Chinese is never authored.
_ENGLISH_AND = re.compile(rf"(?<=[{_CJK}])\s*\band\b\s*(?=[{_CJK}])")
# A lowercase English word inside Chinese text: a word the extraction tool translated.
_ENGLISH_WORD = re.compile(rf"(?<=[{_CJK}])\s*\b([a-z]{{3,}})\b\s*(?=[{_CJK}，。；、])")
_SEQ = re.compile(r"\d+")


# ---------------------------------------------------------------------------------------------
# Reading the pipe tables


@dataclass(frozen=True)
class _Row:
    """One data row as read: where it starts, its part, and its cells keyed by column role."""

    line: int
    part: str
    cells: dict[str, str]
    flags: tuple[ReviewFlag, ...] = ()


@dataclass(frozen=True)
class _Table:
    """The header in force: which part it belongs to and the role of each column."""

    part: str
    roles: tuple[str, ...]


def _is_pipe_line(line: str) -> bool:
    """Whether a line belongs to a pipe table."""
    return line.lstrip().startswith("|")


def _split_cells(line: str) -> list[str]:
    """The cells of one pipe row, without the outer pipes."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [cell.strip() for cell in body.split("|")]


def _column_role(header: str) -> str:
    """What a header cell holds, from its wording (typos like 对上上级部门 included)."""
    header = clean_text(header)
    checks = (
        ("seq", ("序号",)),
        ("category", ("类别",)),
        ("name", ("名称",)),
        ("method", ("承接", "工作方式")),
        ("township", ("配合职责", "乡镇职责", "街道职责", "镇职责")),
        ("department_duties", ("职责",)),
        ("departments", ("部门", "单位")),
        ("note", ("备注",)),
    )
    for role, words in checks:
        if any(word in header for word in words):
            return role
    return "other"


def _header_table(cells: list[str]) -> _Table | None:
    """The table a header row opens, or None when it is no item table (a table of contents)."""
    roles = tuple(_column_role(cell) for cell in cells)
    if "seq" not in roles or "name" not in roles:
        return None
    if "method" in roles:
        return _Table(PART_RECLAIMED, roles)
    if {"township", "department_duties", "departments"} & set(roles):
        return _Table(PART_COORDINATING, roles)
    return _Table(PART_BASIC, roles)


def _is_header(lines: list[str], index: int) -> bool:
    """A pipe line followed by a |---| separator row is a markdown header row."""
    following = index + 1 < len(lines) and _SEPARATOR_ROW.match(lines[index + 1])
    return _is_pipe_line(lines[index]) and bool(following)


def _gather_row(lines: list[str], index: int) -> tuple[str, int]:
    """The text of the row starting at index, with any wrapped continuation lines, and the next index."""
    text = lines[index].rstrip()
    end = index + 1
    while not text.endswith("|") and end < len(lines) and lines[end].strip() and not _is_pipe_line(lines[end]):
        text += "\n" + lines[end].rstrip()
        end += 1
    return text, end


def _read_rows(text: str, *, source: str) -> tuple[list[_Row], dict[str, int]]:
    """Every data row of every item table in file order, and the line where each part's table opens."""
    lines = text.split("\n")
    rows: list[_Row] = []
    opened_at: dict[str, int] = {}
    table: _Table | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if _is_header(lines, index):
            opened = _header_table(_split_cells(line))
            if opened or not _is_data_row(line, table):
                if opened:
                    opened_at.setdefault(opened.part, index + 1)
                table, index = opened, index + 2
                continue
        if table is None or not _is_pipe_line(line) or _SEPARATOR_ROW.match(line):
            index += 1
            continue
        start = index + 1
        row_text, index = _gather_row(lines, index)
        at_end = not any(rest.strip() for rest in lines[index:])
        row = _make_row(row_text, start, table, at_end=at_end, source=source)
        if row is not None:
            rows.append(row)
    return rows, opened_at


def _is_data_row(line: str, table: _Table | None) -> bool:
    """Whether a would-be header is a data row of the table in force (a page whose header was lost)."""
    cells = _split_cells(line)
    return table is not None and len(cells) == len(table.roles) and _SEQ.fullmatch(cells[0] or "0") is not None


def _make_row(text: str, line: int, table: _Table, *, at_end: bool, source: str) -> _Row | None:
    """One row's cells keyed by column role; a short or unclosed last row means the file was cut."""
    cells = _split_cells(text)
    if "序号" in cells[0] or not any(cells):
        return None  # a header repeated without its separator, or an empty row
    width = len(table.roles)
    if at_end and (len(cells) < width or not text.endswith("|")):
        message = TRUNCATED_MESSAGE.format(seq=cells[0] or "?", expected=width, found=len(cells))
        raise ParseError(ParseIssue(file=source, line=line, code="truncated", message=message))
    flags: tuple[ReviewFlag, ...] = ()
    if len(cells) < width:
        flags = (ReviewFlag(FLAG_CELL_MISSING, SHORT_ROW_DETAIL),)
        cells += [""] * (width - len(cells))
    elif len(cells) > width:  # a stray | inside a cell: keep the surplus in the last column
        flags = (ReviewFlag(FLAG_TEXT_DAMAGED, LONG_ROW_DETAIL),)
        cells = cells[: width - 1] + [" ".join(cells[width - 1 :])]
    return _Row(line=line, part=table.part, cells=dict(zip(table.roles, cells)), flags=flags)


# ---------------------------------------------------------------------------------------------
# Rows to records: merging page-break continuations


def _records(rows: list[_Row], *, source: str, notes: list[ParseIssue]) -> list[_Row]:
    """One record per 序号; a row without 序号 continues the previous item of the same part."""
    records: list[_Row] = []
    for row in rows:
        if _SEQ.search(row.cells.get("seq", "")):
            records.append(row)
        elif records and records[-1].part == row.part:
            records[-1] = _continued(records[-1], row)
        else:
            notes.append(ParseIssue(file=source, line=row.line, code="orphan_row", message=ORPHAN_ROW_MESSAGE))
    return records


def _continued(record: _Row, row: _Row) -> _Row:
    """The record with a continuation row's cells appended (a row split by a page break)."""
    cells = dict(record.cells)
    for role, cell in row.cells.items():
        if cell and role != "seq":
            cells[role] = f"{cells[role]}\n{cell}" if cells.get(role) else cell
    return replace(record, cells=cells, flags=record.flags + row.flags)


def _repair_english_and(record: _Row, *, source: str, notes: list[ParseIssue]) -> _Row:
    """Put back the 和 that extraction translated into " and "."""
    cells = {role: _ENGLISH_AND.sub("和", cell) for role, cell in record.cells.items()}
    if cells != record.cells:
        message = ENGLISH_AND_MESSAGE.format(seq=record.cells.get("seq", "?"))
        notes.append(ParseIssue(file=source, line=record.line, code="text_repaired", message=message))
    return replace(record, cells=cells)


# ---------------------------------------------------------------------------------------------
# Responsibility cells: departments, sub-headings, steps

_CN_NUMERALS = "一二三四五六七八九十"
_HEADING_LINE = re.compile(rf"^\s*[{_CN_NUMERALS}]{{1,3}}、\s*(?P<text>.+)$")
_INLINE_STEP = re.compile(r"(?:^|\s)\d{1,2}\s*[.．、](?!\d)")
_STEP_NUMBER = re.compile(r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[（(]\d{1,2}[)）])")
# A department label "X：" (or "X、Y：") at the start of a line or right after a sentence end.
_LABEL = re.compile(r"(?:^|(?<=[。；;]))\s*(?P<label>[^\s，,。；;：:（）()\d][^\s，,。；;：:]*?)\s*[：:]")
# How published department names end; tells a line opening "县委组织部：" from "动议环节：".
_ORG_SUFFIXES = (
    "局", "部", "委", "会", "办", "办公室", "机关", "中心", "院", "所", "站", "队", "室",
    "政府", "公司", "厅", "处", "科", "组", "团", "馆", "社", "行", "署", "庭", "部门", "单位",
)  # fmt: skip
_OL_BODY = re.compile(r"(<ol\b[^>]*>)([^<]*)", re.IGNORECASE)
_ITEM_END = re.compile(r"(?<=[；;。])\s+")


def _number_bare_lists(cell: str) -> str:
    """Number the items of an <ol> whose numbers extraction dropped, so steps can be split."""

    def _numbered(match: re.Match) -> str:
        body = match.group(2)
        if not body.strip() or _STEP_NUMBER.match(body):
            return match.group(0)
        items = [item for item in _ITEM_END.split(body.strip()) if item]
        return match.group(1) + " " + " ".join(f"{n}. {item}" for n, item in enumerate(items, 1)) + " "

    return _OL_BODY.sub(_numbered, cell)


def _is_known(part: str, known: frozenset[str]) -> bool:
    """Whether a name is one of the row's departments, possibly without its county prefix."""
    return any(name.endswith(part) or part.endswith(name) for name in known) and len(part) >= 3


def _is_department_label(label: str, known: frozenset[str], *, line_start: bool) -> bool:
    """Whether "label：" names departments; inside a line it must name one of the row's own."""
    parts = [clean_text(part) for part in label.split("、")]
    if len(label) > 120 or not all(part and len(part) <= 30 for part in parts):
        return False
    named = [_is_known(part, known) for part in parts]
    return (line_start or any(named)) and all(
        is_known or part.endswith(_ORG_SUFFIXES) for part, is_known in zip(parts, named)
    )


def _split_labels(line: str, known: frozenset[str] | None) -> list[tuple[str, str]]:
    """Cut one line into ("body", text) and ("department", name) segments."""
    if known is None:
        return [("body", line)]
    segments: list[tuple[str, str]] = []
    start = 0
    for match in _LABEL.finditer(line):
        label = match.group("label")
        if not _is_department_label(label, known, line_start=not line[: match.start()].strip()):
            continue
        if line[start : match.start()].strip():
            segments.append(("body", line[start : match.start()]))
        segments.append(("department", clean_text(label)))
        start = match.end()
    if line[start:].strip():
        segments.append(("body", line[start:]))
    return segments


def _segments(cell: str, known: frozenset[str] | None) -> list[tuple[str, str]]:
    """A responsibility cell as ordered heading / department / body segments."""
    segments: list[tuple[str, str]] = []
    for line in strip_html(_number_bare_lists(cell)).split("\n"):
        heading = _HEADING_LINE.match(line)
        if heading and not _INLINE_STEP.search(heading.group("text")):
            segments.append(("heading", clean_text(heading.group("text"))))
        elif line.strip():
            segments.extend(_split_labels(line, known))
    return segments


def _duty_blocks(cell: str, known: frozenset[str] | None = None) -> tuple[StepBlock, ...]:
    """Step blocks of a responsibility cell; with known departments, one block per department."""
    blocks: list[StepBlock] = []
    heading: str | None = None
    department: str | None = None
    body: list[str] = []
    for kind, value in _segments(cell, known) + [("end", "")]:
        if kind == "body":
            body.append(value)
            continue
        blocks.extend(_body_blocks(body, department, heading, blocks, closing=kind))
        body = []
        if kind == "heading":
            heading, department = value, None
        elif kind == "department":
            department = value
    return tuple(blocks)


def _body_blocks(
    body: list[str], department: str | None, heading: str | None, done: list[StepBlock], *, closing: str
) -> list[StepBlock]:
    """The blocks of one department's (or heading's) text, closed by the segment kind `closing`."""
    found = split_steps("\n".join(body))
    if found:
        return [StepBlock(b.steps, department=department, heading=b.heading or heading) for b in found]
    # No text: keep a label that had no steps, and a heading no department block follows.
    if department and not any(b.department == department and b.heading == heading for b in done):
        return [StepBlock((), department=department, heading=heading)]
    if heading and closing != "department" and not any(b.heading == heading for b in done):
        return [StepBlock((), heading=heading)]
    return []


# ---------------------------------------------------------------------------------------------
# Taken-back cells: 承接部门 and 工作方式

_RECEIVER_LABEL = re.compile(r"^\s*承接(?:部门|单位)(?:及工作方式)?\s*[：:]")
_METHOD_LABEL = re.compile(r"(?:工作方式|承接方式|工作措施)\s*[：:]")
_STOPPED = "不再开展"


def _reclaimed_cell(cell: str) -> tuple[tuple[str, ...], tuple[ReclaimedMethod, ...], tuple[ReviewFlag, ...]]:
    """Departments, methods and flags read from a 承接部门及工作方式 cell."""
    text = clean_text(cell)
    if not text:
        return (), (), (ReviewFlag(FLAG_CELL_MISSING, "承接部门及工作方式为空"),)
    parts = _METHOD_LABEL.split(text, maxsplit=1)
    receivers = _RECEIVER_LABEL.sub("", parts[0]) if len(parts) == 2 or _RECEIVER_LABEL.match(text) else ""
    method = parts[1].strip() if len(parts) == 2 else ("" if receivers else text)
    departments = split_departments(receivers)
    if not method:
        return departments, (), (ReviewFlag(FLAG_CELL_MISSING, "未写明工作方式"),)
    if not departments and _STOPPED not in method:
        flag = ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "未单独写明承接部门")
        return (), (ReclaimedMethod(text=method),), (flag,)
    return departments, _assign_methods(method, departments), ()


def _assign_methods(method: str, departments: tuple[str, ...]) -> tuple[ReclaimedMethod, ...]:
    """One method per department: split a shared text at ； when each clause names its department."""
    if len(departments) <= 1:
        return (ReclaimedMethod(text=method, department=departments[0] if departments else None),)
    clauses = [clause.strip() for clause in re.split(r"(?<=[；;])", method) if clause.strip()]
    owners = [_first_mentioned(clause, departments) for clause in clauses]
    if len(clauses) < 2 or None in owners:
        return (ReclaimedMethod(text=method),)
    return tuple(
        ReclaimedMethod(text=clause.rstrip("；;"), department=owner) for clause, owner in zip(clauses, owners)
    )


def _first_mentioned(clause: str, departments: tuple[str, ...]) -> str | None:
    """The department a clause names first, if it names any."""
    positions = [(clause.find(name), name) for name in departments if name in clause]
    return min(positions)[1] if positions else None


# ---------------------------------------------------------------------------------------------
# Records to items


def _seq(record: _Row) -> int:
    """The item number in the 序号 cell."""
    return int(_SEQ.search(record.cells["seq"]).group())


def _cell(record: _Row, role: str) -> str:
    """A cell as clean text ("" when the table has no such column)."""
    return clean_text(record.cells.get(role, ""))


def _english_words(record: _Row) -> tuple[ReviewFlag, ...]:
    """A damage flag when English words stand in the Chinese text (markup removed first)."""
    words = [word for cell in record.cells.values() for word in _ENGLISH_WORD.findall(strip_html(cell))]
    return (ReviewFlag(FLAG_TEXT_DAMAGED, ENGLISH_WORD_DETAIL.format(words="、".join(words))),) if words else ()


def _common(record: _Row) -> dict:
    """The fields every item has: number, category, name, line, note, and the row's flags."""
    name = _cell(record, "name")
    flags = record.flags + (() if name else (ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"),))
    flags += _english_words(record)
    return {
        "seq": _seq(record),
        "category": _cell(record, "category"),
        "name": name,
        "line": record.line,
        "note": _cell(record, "note"),
        "flags": flags,
    }


def _basic_item(record: _Row) -> BasicItem:
    """A 基本履职事项 from its row."""
    return BasicItem(**_common(record))


def _coordinating_item(record: _Row) -> CoordinatingItem:
    """A 配合履职事项 from its row, responsibilities split into department / step blocks."""
    fields = _common(record)
    departments = split_departments(record.cells.get("departments", ""))
    upper = _duty_blocks(record.cells.get("department_duties", ""), frozenset(departments))
    township = _duty_blocks(record.cells.get("township", ""))
    for value, label in ((departments, "对应上级部门"), (upper, "上级部门职责"), (township, "乡镇配合职责")):
        if not value:
            fields["flags"] += (ReviewFlag(FLAG_CELL_MISSING, f"{label}为空"),)
    return CoordinatingItem(
        **fields, departments=departments, department_duties=upper, township_duties=township
    )


def _reclaimed_item(record: _Row) -> ReclaimedItem:
    """A 上级部门收回事项 from its row."""
    fields = _common(record)
    departments, methods, flags = _reclaimed_cell(record.cells.get("method", ""))
    fields["flags"] += flags
    return ReclaimedItem(**fields, departments=departments, methods=methods)


_BUILDERS = {PART_BASIC: _basic_item, PART_COORDINATING: _coordinating_item, PART_RECLAIMED: _reclaimed_item}


# ---------------------------------------------------------------------------------------------
# Public interface


def detect(text: str) -> bool:
    """True when the text holds a markdown pipe table whose header has 序号 and 事项名称."""
    lines = text.split("\n")
    return any(
        "序号" in line and _is_header(lines, index) and _header_table(_split_cells(line)) is not None
        for index, line in enumerate(lines)
    )


def parse(text: str, *, source: str) -> ParsedItems:
    """Read the three parts' pipe tables into items, in published order."""
    notes: list[ParseIssue] = []
    table_rows, opened_at = _read_rows(text, source=source)
    rows = _records(table_rows, source=source, notes=notes)
    _check_parts(rows, opened_at, text, source=source)
    rows = [_repair_english_and(row, source=source, notes=notes) for row in rows]
    items = {part: tuple(_BUILDERS[part](row) for row in rows if row.part == part) for part in PARTS}
    notes.extend(_sequence_notes(items, source=source))
    return ParsedItems(
        basic=items[PART_BASIC],
        coordinating=items[PART_COORDINATING],
        reclaimed=items[PART_RECLAIMED],
        issues=tuple(notes),
    )


def _check_parts(records: list[_Row], opened_at: dict[str, int], text: str, *, source: str) -> None:
    """Stop when a part's table is missing or holds no numbered item row."""
    for part in PARTS:
        title = PART_TITLES[part]
        if part not in opened_at:
            message = PART_MISSING_MESSAGE.format(title=title, columns=_PART_COLUMNS[part])
            issue = ParseIssue(file=source, line=_title_line(text, title), code="part_missing", message=message)
            raise ParseError(issue)
        if not any(record.part == part for record in records):
            message = NO_ITEMS_MESSAGE.format(title=title)
            raise ParseError(ParseIssue(file=source, line=opened_at[part], code="no_items", message=message))


def _title_line(text: str, title: str) -> int | None:
    """The line of a part's title standing on its own (not in the 说明 or a table), if any."""
    found = None
    for number, line in enumerate(text.split("\n"), 1):
        if title in line and not _is_pipe_line(line) and len(line.strip()) <= len(title) + 30:
            found = number
    return found


def _sequence_notes(items: dict[str, tuple], *, source: str) -> list[ParseIssue]:
    """Remarks for 序号 gaps or repeats, so the report can point at them."""
    notes: list[ParseIssue] = []
    for part, part_items in items.items():
        for previous, item in zip(part_items, part_items[1:]):
            if item.seq != previous.seq + 1:
                message = SEQUENCE_MESSAGE.format(title=PART_TITLES[part], previous=previous.seq, seq=item.seq)
                notes.append(ParseIssue(file=source, line=item.line, code="sequence", message=message))
    return notes
