"""A list version as the portal's Excel workbook, laid out like the published list and re-importable.

Sheets: the three parts as published (title, header, one row per item), 说明 (place, month,
stated figures, profile, and how the cells are written), 待核对 (review flags) and a hidden
sheet naming the format. `import_list` reads the same workbook back (importers/layouts/xlsx).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from django.utils import timezone
from openpyxl import Workbook

from importers.layouts.xlsx.cells import CONTINUATION, NO_DEPARTMENT, render_names
from importers.layouts.xlsx.format import (
    FLAG_LABELS, FLAGS_COLUMNS, FLAGS_SHEET, FORMAT_NAME, FORMAT_VERSION, META_ROWS, META_SHEET,
    NOTES_COLUMNS, NOTES_SHEET, PART_COLUMNS, PART_SHEETS, PLACE_ROWS, PROFILE_ROWS,
    RECLAIMED_DEPARTMENTS, REQUIRED_KEYS, REVIEWED, STATED_ROWS, TITLE,
)
from importers.records import FLAG_COUNT_MISMATCH, FLAG_DEPARTMENT_UNRESOLVED, PART_RECLAIMED, PARTS
from township.exports.cells import duty_cells
from township.exports.profile import profile_values
from township.exports.sheets import prepare_sheet
from township.models import Duty, DutyList, ReviewFlag
from township.selectors.lists import duty_list_export_duties

if TYPE_CHECKING:
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

# Written at the foot of the 说明 sheet for whoever corrects the workbook in Excel.
EDITING_HELP = (
    ("修改说明", "可在 Excel 中修改各工作表后，用 import_list 重新导入（新的发布月份成为新版本；"
                 "同一月份需加 --replace）。请勿修改工作表名称和表头。"),
    ("职责栏写法", "每行一项：“【部门】”开头的一行表示其下为该部门的职责（可接“一、小标题”）；"
                   "“一、”开头为小标题；“1. ”开头为步骤，编号重新从 1 开始表示另起一组；"
                   f"以“{CONTINUATION}”开头的一行接续上一行的步骤或小标题（原文在此换行）。"),
    ("承接部门及工作方式", "每行一种方式，“【承接部门】”后接工作方式；不再开展的事项只写说明文字"
                           f"（说明文字本身以“【”开头时，前面加“{NO_DEPARTMENT}”）；"
                           f"以“{CONTINUATION}”开头的一行接续上一种方式。"),
    ("续行", "内容太长、一行打印不下的事项接着写在下面的行里（序号、事项类别、事项名称留空）；"
             "导入时这些行的各栏依次换行接到上一行。"),
    ("部门和类别", f"“对应上级部门”栏、“{RECLAIMED_DEPARTMENTS.heading}”栏和说明所载类别每行写一个名称"
                   "（名称中可以有顿号）。"),
    (RECLAIMED_DEPARTMENTS.heading, f"“{PART_SHEETS[PART_RECLAIMED]}”工作表的最后一列，不属于公布的表格："
                                    "列出事项涉及的承接部门，供重新导入时使用；打印或对照原表时可隐藏该列。"),
    ("待核对", "“待核对”工作表列出各事项需人工核对的标记。“核对情况”写有“已核对（日期）”的，导入后仍为"
               "已核对（不记核对人）。删除一行即去掉该标记，但导入时仍无法识别的部门会再次标记为"
               f"“{FLAG_LABELS[FLAG_DEPARTMENT_UNRESOLVED]}”；针对整个清单的"
               f"“{FLAG_LABELS[FLAG_COUNT_MISMATCH]}”不在本表，导入时重新核算。"),
)


def workbook_title(duty_list: DutyList) -> str:
    """The title above every sheet, e.g. "某某镇履职事项清单（2025年7月）"."""
    published = duty_list.published
    return TITLE.format(township=duty_list.township.name, year=published.year, month=published.month)


def _part_sheet(workbook: Workbook, part: str, duties: list[Duty], title: str) -> None:
    sheet = workbook.create_sheet(PART_SHEETS[part])
    columns = PART_COLUMNS[part]
    rows = prepare_sheet(sheet, columns, title)
    # An item too tall for one row continues below, its 序号, 类别 and 名称 left empty (format.py).
    splittable = [column.key not in REQUIRED_KEYS for column in columns]
    for duty in duties:
        cells = duty_cells(duty)
        rows.append_split([cells[column.key] for column in columns], splittable)


def notes_values(duty_list: DutyList) -> dict[str, object]:
    """The 说明 sheet's values by key: place, month, stated figures, profile."""
    lineage = {place.level: place.name for place in duty_list.township.county.lineage()}
    values: dict[str, object] = {level: lineage.get(level) for level in ("region", "prefecture", "county")}
    values |= {"township": duty_list.township.name, "published": f"{duty_list.published:%Y-%m}",
               "total": duty_list.stated_total,
               "departments_coordinating": duty_list.stated_departments_coordinating,
               "departments_reclaimed": duty_list.stated_departments_reclaimed}
    for part in PARTS:
        values[f"count_{part}"] = duty_list.stated_count(part)
        values[f"categories_{part}"] = render_names(duty_list.stated_categories.get(part, []))
    return values | profile_values(duty_list)  # whole figures as integers: the text reads back exactly


def _key_value_sheet(sheet: WriteOnlyWorksheet, title: str, rows: list[tuple[str, object]]) -> None:
    body = prepare_sheet(sheet, NOTES_COLUMNS, title)
    for label, value in rows:
        body.append((label, "" if value is None else value))


def _notes_sheet(workbook: Workbook, duty_list: DutyList, title: str) -> None:
    values = notes_values(duty_list)
    labels = PLACE_ROWS | STATED_ROWS | PROFILE_ROWS
    rows = [(label, values.get(key)) for key, label in labels.items()] + list(EDITING_HELP)
    _key_value_sheet(workbook.create_sheet(NOTES_SHEET), f"{title}说明", rows)


def _reviewed(flag: ReviewFlag) -> str:
    """The 核对情况 cell: the day an editor cleared the flag (read back on import), else blank."""
    return REVIEWED.format(date=timezone.localtime(flag.reviewed_at)) if flag.reviewed_at else ""


def _flags_sheet(workbook: Workbook, duties: list[Duty], title: str) -> None:
    sheet = workbook.create_sheet(FLAGS_SHEET)
    rows = prepare_sheet(sheet, FLAGS_COLUMNS, f"{title}待核对事项", footer=title)
    for duty in duties:
        for flag in duty.flags.all():
            values = {"part": PART_SHEETS[duty.kind], "seq": duty.seq, "name": duty.name,
                      "reason": FLAG_LABELS.get(flag.reason, flag.reason), "detail": flag.detail,
                      "reviewed": _reviewed(flag)}
            rows.append(values[column.key] for column in FLAGS_COLUMNS)


def _meta_sheet(workbook: Workbook, duty_list: DutyList) -> None:
    sheet = workbook.create_sheet(META_SHEET)
    sheet.sheet_state = "hidden"
    values = {"format": FORMAT_NAME, "version": str(FORMAT_VERSION), "source_name": duty_list.source_name,
              "source_sha256": duty_list.source_sha256, "layout": duty_list.layout,
              "exported_at": f"{timezone.localtime():%Y-%m-%d %H:%M:%S}"}
    _key_value_sheet(sheet, FORMAT_NAME, [(label, values[key]) for key, label in META_ROWS.items()])


def duty_list_as_xlsx(duty_list: DutyList, target: str | Path | BinaryIO) -> None:
    """Write a version to `target` (a path or binary file) as the portal's workbook."""
    workbook = Workbook(write_only=True)
    # Held in memory on purpose: one version is a few hundred items (255 to 292 in the bundled
    # lists), read once for its three part sheets and its flags. Only the search export, which
    # may match every item of every list, has to stream in chunks.
    duties = list(duty_list_export_duties(duty_list=duty_list))
    title = workbook_title(duty_list)
    for part in PARTS:
        _part_sheet(workbook, part, [duty for duty in duties if duty.kind == part], title)
    _notes_sheet(workbook, duty_list, title)
    _flags_sheet(workbook, duties, title)
    _meta_sheet(workbook, duty_list)
    workbook.save(target)
