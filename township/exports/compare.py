"""The comparison as an Excel workbook: the lists, a sheet per part, and items per category.

The same comparison the page shows (township.selectors.compare_result): a row per matched duty,
a 序号 and a name column per compared list, and the chart's figures as a table. Cells are
written as the other exports write them (exports/sheets.py): text is never a formula.
"""

from __future__ import annotations

import io

from openpyxl import Workbook

from importers.layouts.xlsx.format import Column
from township.exports.sheets import prepare_sheet
from township.matching.comparison import PARTIAL, SHARED, UNIQUE, VARIANT, PartComparison
from township.selectors.compare import ComparedPart, Comparison

TITLE = "乡镇履职事项清单比较"
STATUS_LABELS = {
    SHARED: "各清单都有，表述相同",
    VARIANT: "各清单都有，表述不同",
    PARTIAL: "部分清单有",
    UNIQUE: "仅一个清单有",
}
ABOUT_SHEET = "说明"
COUNTS_SHEET = "各类别事项数"
NAME_MISSING = "（原文缺少事项名称）"
TOTAL = "合计"
SEQ_HEADING = "{label}序号"

_ABOUT_COLUMNS = (Column("label", "清单", 28), Column("county", "所属县（市、区）", 18),
                  Column("published", "版本", 12), Column("source", "来源文件", 36))
_ROW_COLUMNS = (Column("category", "事项类别", 16), Column("status", "比对结果", 20))


def _about(workbook: Workbook, comparison: Comparison) -> None:
    """说明: each compared list, its county, month, source file and items per part."""
    sheet = workbook.create_sheet(ABOUT_SHEET)
    parts = [Column(compared.part.kind, str(compared.part.label), 12) for compared in comparison.parts]
    rows = prepare_sheet(sheet, [*_ABOUT_COLUMNS, *parts], TITLE)
    for column in comparison.columns:
        duty_list = column.duty_list
        values = [column.label, duty_list.township.county.name, f"{duty_list.published:%Y年%-m月}",
                  duty_list.source_name, *(total for _, total in column.totals)]
        rows.append(values)


def _list_columns(labels: list[str]) -> list[Column]:
    """A 序号 column and a name column per compared list."""
    columns = []
    for index, label in enumerate(labels):
        columns += [Column(f"seq-{index}", SEQ_HEADING.format(label=label), 8), Column(f"name-{index}", label, 40)]
    return columns


def _part(workbook: Workbook, part: PartComparison, labels: list[str]) -> None:
    """One part: a row per matched duty, as the page's table has them, category by category."""
    sheet = workbook.create_sheet(str(part.label))
    rows = prepare_sheet(sheet, [*_ROW_COLUMNS, *_list_columns(labels)], f"{part.label}逐项对照")
    for row in part.rows:
        values: list[object] = [row.category, STATUS_LABELS[row.status]]
        for cell in row.cells:
            values += [cell.item.seq, cell.item.name or NAME_MISSING] if cell else [None, None]
        rows.append(values)


def _counts(workbook: Workbook, parts: list[ComparedPart], labels: list[str]) -> None:
    """各类别事项数: the page's charts as one table, each part's categories then its total."""
    sheet = workbook.create_sheet(COUNTS_SHEET)
    columns = [Column("part", "部分", 18), Column("category", "事项类别", 20),
               *(Column(f"count-{index}", label, 14) for index, label in enumerate(labels))]
    rows = prepare_sheet(sheet, columns, f"{TITLE}：{COUNTS_SHEET}")
    for compared in parts:
        label = str(compared.part.label)
        for count in compared.part.counts:
            rows.append([label, count.name, *count.counts])
        rows.append([label, TOTAL, *compared.totals])


def comparison_workbook(comparison: Comparison) -> bytes:
    """The .xlsx file: 说明 naming the lists, a sheet per part, then 各类别事项数."""
    workbook = Workbook(write_only=True)
    _about(workbook, comparison)
    for compared in comparison.parts:
        _part(workbook, compared.part, comparison.labels)
    _counts(workbook, comparison.parts, comparison.labels)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
