"""A duty's cells as the workbook and CSV write them, and text that must not become a formula.

Spreadsheet programs run a cell that begins with =, +, - or @ (and, per OWASP, tab or carriage
return) as a formula. Published text is data, so:

- in CSV such a cell gets a leading apostrophe (the usual defence; the apostrophe is visible,
  CSV has no other way to say "text");
- in xlsx the exact text is written as an explicit string cell (never a formula cell) with
  Excel's quote-prefix style, so Excel shows and edits it as text while the stored value stays
  the text itself, and re-importing the workbook reads back exactly what was exported.
"""

from __future__ import annotations

from collections.abc import Sequence

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from importers.layouts.xlsx.cells import render_blocks, render_methods, render_names
from importers.records import ReclaimedMethod as MethodRecord
from importers.records import StepBlock
from township.models import Duty, DutyDepartment, ResponsibilityBlock

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_MARK = "'"
# Control characters an xlsx cannot hold; a damaged extraction is the only way they get in.
UNSTORABLE = "\ufffd"


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet would take this text for a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_TRIGGERS)


def csv_safe(value: object) -> object:
    """The value for a CSV cell: formula-looking text behind an apostrophe, the rest unchanged."""
    return CSV_TEXT_MARK + value if looks_like_formula(value) else value


def xlsx_text(text: str) -> str:
    """Text an xlsx cell can store (the few control characters it cannot are replaced)."""
    return ILLEGAL_CHARACTERS_RE.sub(UNSTORABLE, text)


def _step_blocks(duty: Duty, side: str) -> list[StepBlock]:
    return [StepBlock(steps=tuple(step.text for step in block.steps.all()),
                      department=block.department_name or None, heading=block.heading or None)
            for block in duty.blocks.all() if block.side == side]


def column_departments(duty: Duty) -> list[str]:
    """The departments an item's department column names, as published."""
    return [link.name_as_published for link in duty.duty_departments.all()
            if link.named_in == DutyDepartment.NamedIn.COLUMN]


def duty_cells(duty: Duty) -> dict[str, object]:
    """Column key → value for one item (blocks, steps, methods and departments prefetched)."""
    methods = [MethodRecord(text=method.text, department=method.department_name or None)
               for method in duty.methods.all()]
    return item_cells(
        seq=duty.seq, category=duty.category.name, name=duty.name, note=duty.note,
        departments=column_departments(duty),
        department_blocks=_step_blocks(duty, ResponsibilityBlock.Side.DEPARTMENT),
        township_blocks=_step_blocks(duty, ResponsibilityBlock.Side.TOWNSHIP),
        methods=methods,
    )


def item_cells(*, seq: int, category: str, name: str, note: str, departments: Sequence[str],
               department_blocks: Sequence[StepBlock], township_blocks: Sequence[StepBlock],
               methods: Sequence[MethodRecord]) -> dict[str, object]:
    """Column key → value for one item from its parts, whether read as models or as plain rows."""
    return {
        "seq": seq,
        "category": category,
        "name": name,
        "note": note,
        "departments": render_names(departments),
        "department_duties": render_blocks(department_blocks),
        "township_duties": render_blocks(township_blocks),
        "methods": render_methods(methods),
    }
