"""An admission check as an Excel workbook: one row per task and township, as the page shows them.

The very rows the page renders (township.selectors.admission.admission_check); cells are written
as the other exports write them (exports/sheets.py), so list text is never read as a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from importers.layouts.xlsx.format import Column
from township.exports.sheets import prepare_sheet
from township.selectors.admission import CheckResult, CheckRow

TITLE = "事项准入核查结果"
SHEET = "核查结果"
COLUMNS = (
    Column("number", "任务序号", 8), Column("task", "任务", 40), Column("township", "乡镇（街道）", 18),
    Column("verdict", "核查结论", 22), Column("part", "清单部分", 16), Column("seq", "事项序号", 8),
    Column("name", "匹配事项", 40), Column("other", "相近事项", 30), Column("reason", "匹配依据", 24),
    Column("score", "匹配分", 8), Column("confidence", "可信度", 12), Column("detail", "职责分工", 50),
)


def _other(row: CheckRow) -> str:
    """The second close item, "部分 序号：名称", when there is one."""
    return "；".join(f"{duty.get_kind_display()} {duty.seq}：{duty.name}" for duty in row.duties[1:])


def _detail(row: CheckRow) -> str:
    """Who does what: the coordinating item's two sides, or the taken-back item's receivers and their way."""
    if row.part == "reclaimed" and row.methods:
        return f"{row.summary}\n承接方式：{'；'.join(row.methods)}"
    return row.summary if row.duty else ""


def _values(row: CheckRow) -> list[object]:
    duty = row.duty
    return [row.number, row.verdict.task, str(row.township), row.label,
            duty.get_kind_display() if duty else "", duty.seq if duty else "", duty.name if duty else "",
            _other(row), row.reason, row.verdict.score, row.confidence,
            _detail(row)]


def check_workbook(result: CheckResult, *, scope: str) -> bytes:
    """The .xlsx file of a check: a title naming its scope, then a row per task and township."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    rows = prepare_sheet(sheet, COLUMNS, f"{TITLE}（{scope}）" if scope else TITLE)
    for row in result.rows:
        rows.append(_values(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
