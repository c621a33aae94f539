"""Taken-back rows of a markdown table: 承接部门 and 工作方式, one method per department if named."""

from __future__ import annotations

import re

from importers.layouts.markdown.items import common
from importers.layouts.markdown.table import Row
from importers.normalize import clean_text, split_departments
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    ReclaimedItem,
    ReclaimedMethod,
    ReviewFlag,
)
from importers.vocabulary import work_stops

_RECEIVER_LABEL = re.compile(r"^\s*承接(?:部门|单位)(?:及工作方式)?\s*[：:]")
_METHOD_LABEL = re.compile(r"(?:工作方式|承接方式|工作措施)\s*[：:]")


def reclaimed_item(record: Row) -> ReclaimedItem:
    """A 上级部门收回事项 from its row."""
    fields = common(record)
    departments, methods, flags = _reclaimed_cell(record.cells.get("method", ""))
    fields["flags"] += flags
    return ReclaimedItem(**fields, departments=departments, methods=methods)


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
    if not departments and not work_stops(method):
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
