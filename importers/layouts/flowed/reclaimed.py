"""Taken-back items: name, receiving departments and methods, told apart by the name's width."""

from __future__ import annotations

import re

from importers.layouts.flowed.columns import is_department_list
from importers.layouts.flowed.rows import Row
from importers.layouts.flowed.wrapping import fills, most_common_width, printed_width
from importers.normalize import clean_text, split_departments, split_steps
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_NAME_MISSING,
    FLAG_TEXT_DAMAGED,
    ReclaimedItem,
    ReclaimedMethod,
    ReviewFlag,
)

METHOD_LABEL = re.compile(r"^(?:工作方式|承接方式)\s*[：:]\s*")
_DEPARTMENT_LABEL = re.compile(r"^承接部门\s*[：:]\s*")


def reclaimed_items(rows: list[Row]) -> tuple[ReclaimedItem, ...]:
    """Build reclaimed items; the name column's width is learned from the wrapped names."""
    wrapped = [row.body[0].text for row in rows if len(row.head.split()) == 1 and row.body]
    name_width = most_common_width([printed_width(text) for text in wrapped], 15.0)
    return tuple(_reclaimed_item(row, name_width) for row in rows)


def _reclaimed_cells(row: Row, name_width: float) -> tuple[str, list[str], list[str], list[str]]:
    """Category, name lines, department lines and method lines of a reclaimed row."""
    category, _, first = row.head.partition(" ")
    texts = [line.text for line in row.body]
    method_at = next((i for i, t in enumerate(texts) if METHOD_LABEL.match(t)), None)
    before = texts if method_at is None else texts[:method_at]
    method = [] if method_at is None else texts[method_at:]
    name, rest = ([first], before) if first else (before[:1], before[1:])
    # The name goes on while its last line filled the column; at least one line is the department.
    while rest[1:] and fills(name[-1], name_width) and printed_width(rest[0]) <= name_width + 1:
        name.append(rest.pop(0))
    if method_at is None and len(rest) > 1:
        rest, method = rest[:1], rest[1:]
    return category, name, rest, method


def _reclaimed_methods(
    texts: list[str], departments: tuple[str, ...]
) -> tuple[ReclaimedMethod, ...]:
    """The 工作方式: one method, or one per numbered step; its department when there is one."""
    text = "\n".join(texts)
    text = METHOD_LABEL.sub("", text.strip())
    department = departments[0] if len(departments) == 1 else None
    steps = split_steps(text)
    pieces = [step for block in steps for step in block.steps] or [clean_text(text)]
    pieces = [piece for piece in pieces if piece]
    return tuple(ReclaimedMethod(text=piece, department=department) for piece in pieces)


def _reclaimed_item(row: Row, name_width: float) -> ReclaimedItem:
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
    if departments and not is_department_list(department_text):
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
