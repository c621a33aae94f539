"""Taken-back rows of a tab-separated table: "承接部门：… 工作方式：…" pairs, or the work stops."""

from __future__ import annotations

import re

from importers.damage import text_damage
from importers.layouts.tabbed.items import common, is_department_name, unique
from importers.layouts.tabbed.rows import Row, cell_under
from importers.normalize import clean_text, split_departments, strip_html
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_TEXT_DAMAGED,
    FLAG_TEXT_TRUNCATED,
    ReclaimedItem,
    ReclaimedMethod,
    ReviewFlag,
)
from importers.vocabulary import work_stops

_RECEIVER_LABEL = re.compile(r"承接部门\s*[:：]")
_METHOD_LABEL = re.compile(r"(?:工作|承接)方式\s*[:：]")


def reclaimed_item(row: Row, seq: int, seq_flags: tuple, categories: set[str]) -> ReclaimedItem:
    """A 上级部门收回事项 row: receiving departments and how each takes the work over."""
    category, name, flags = common(row, categories)
    departments, methods, method_flags = _reclaimed_methods(cell_under(row, "承接", "工作方式"))
    return ReclaimedItem(
        seq=seq,
        category=category,
        name=name,
        line=row.line,
        departments=departments,
        methods=methods,
        note=clean_text(cell_under(row, "备注")),
        flags=unique(seq_flags, flags, method_flags),
    )


def _reclaimed_methods(cell: str) -> tuple[tuple[str, ...], tuple[ReclaimedMethod, ...], list]:
    """Departments and methods of a 承接部门及工作方式 cell ("此项工作不再开展" means none)."""
    plain = strip_html(cell).strip()
    if not clean_text(plain):
        return (), (), [ReviewFlag(FLAG_CELL_MISSING, "承接部门及工作方式为空")]
    if work_stops(clean_text(plain)):
        return (), (ReclaimedMethod(text=clean_text(plain)),), []
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, f"承接部门及工作方式{d}") for d in text_damage(plain)]
    departments: list[str] = []
    methods: list[ReclaimedMethod] = []
    for chunk in (c for c in _RECEIVER_LABEL.split(plain) if c.strip()):
        names, method, chunk_flags = _receiver_chunk(chunk)
        departments += [name for name in names if name not in departments]
        methods += [method] if method else []
        flags += chunk_flags
    return tuple(departments), tuple(methods), flags


def _receiver_chunk(chunk: str) -> tuple[tuple[str, ...], ReclaimedMethod | None, list]:
    """One "承接部门：X 工作方式：Y" pair (or "X 承接方式：Y", or a bare method text)."""
    parts = _METHOD_LABEL.split(chunk)
    names = split_departments(parts[0]) if len(parts) > 1 else ()
    if len(parts) == 1:
        text = clean_text(chunk)
        if is_department_name(text):
            return (text,), None, [ReviewFlag(FLAG_TEXT_TRUNCATED, f"承接部门“{text}”缺少工作方式")]
        return (), ReclaimedMethod(text=text), [ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "未写明承接部门")]
    flags = []
    if len(parts) > 2:
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "工作方式标签重复出现，疑似OCR重复识别"))
    text = clean_text(max(parts[1:], key=len))
    department = names[0] if len(names) == 1 else None
    if not text:
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, "承接部门缺少工作方式"))
    return names, ReclaimedMethod(text=text, department=department) if text else None, flags
