"""Coordinating rows of a markdown table: responsibility cells cut by sub-heading and department."""

from __future__ import annotations

import re

from importers.layouts.markdown.items import common
from importers.layouts.markdown.table import Row
from importers.normalize import CN_NUMERALS, clean_text, split_departments, split_steps, strip_html
from importers.records import FLAG_CELL_MISSING, CoordinatingItem, ReviewFlag, StepBlock

_HEADING_LINE = re.compile(rf"^\s*[{CN_NUMERALS}]{{1,3}}、\s*(?P<text>.+)$")
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


def coordinating_item(record: Row) -> CoordinatingItem:
    """A 配合履职事项 from its row, responsibilities split into department / step blocks."""
    fields = common(record)
    departments = split_departments(record.cells.get("departments", ""))
    upper = _duty_blocks(record.cells.get("department_duties", ""), frozenset(departments))
    township = _duty_blocks(record.cells.get("township", ""))
    for value, label in ((departments, "对应上级部门"), (upper, "上级部门职责"), (township, "乡镇配合职责")):
        if not value:
            fields["flags"] += (ReviewFlag(FLAG_CELL_MISSING, f"{label}为空"),)
    return CoordinatingItem(
        **fields, departments=departments, department_duties=upper, township_duties=township
    )


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
