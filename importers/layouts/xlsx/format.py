"""The portal's own workbook: sheets, columns and 说明 rows, one definition for writer and reader.

The three part sheets look like the published tables (a title row, then the header row, then
one row per item; the 收回事项 sheet adds one column after the published ones, its departments
as the importer kept them). What the published tables do not show lives in two clearly named
sheets (说明: place, month, stated figures and profile; 待核对: review flags) and one hidden
sheet that says which format the workbook is in. An item too tall for one printed row goes on
in the rows below it with 序号, 类别 and 名称 empty; the reader joins them back (items.py). No ORM
import here: the importer layout reads it too.
"""

from __future__ import annotations

from dataclasses import dataclass

from importers.records import (
    FLAG_CATEGORY_INFERRED, FLAG_CELL_MISSING, FLAG_COUNT_MISMATCH, FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_NAME_MISSING, FLAG_OCR_DOUBTFUL, FLAG_SEQUENCE, FLAG_TEXT_DAMAGED, FLAG_TEXT_TRUNCATED, PART_BASIC,
    PART_COORDINATING, PART_RECLAIMED, PARTS,
)

FORMAT_NAME = "dutylists-xlsx"
# 2: names one per line (a name may hold 、), 承接部门 moved after the published columns, line
# breaks inside a step or method marked. A version-1 workbook would be misread, so it is refused.
FORMAT_VERSION = 2

PART_SHEETS = {
    PART_BASIC: "基本履职事项",
    PART_COORDINATING: "配合履职事项",
    PART_RECLAIMED: "上级部门收回事项",
}
NOTES_SHEET = "说明"
FLAGS_SHEET = "待核对"
META_SHEET = "_dutylists"  # hidden: format name and version, where the data came from

TITLE_ROW = 1
HEADER_ROW = 2
TITLE = "{township}履职事项清单（{year}年{month}月）"


@dataclass(frozen=True)
class Column:
    """One column of a sheet: what it holds (key), its heading, its width in characters."""

    key: str
    heading: str
    width: float


_SEQ = Column("seq", "序号", 6)
_NOTE = Column("note", "备注", 12)

# Headings as the published tables have them, in the published order. The published 收回事项
# table names an item's departments only inside its 承接部门及工作方式 cell; the list of them
# the importer kept goes in one extra column after the published ones, headed as the portal's.
RECLAIMED_DEPARTMENTS = Column("departments", "承接部门（门户补充，供导回）", 22)
PART_COLUMNS: dict[str, tuple[Column, ...]] = {
    PART_BASIC: (_SEQ, Column("category", "事项类别", 16), Column("name", "事项名称", 70), _NOTE),
    PART_COORDINATING: (
        _SEQ, Column("category", "事项类别", 12), Column("name", "事项名称", 26),
        Column("departments", "对应上级部门", 20), Column("department_duties", "上级部门职责", 60),
        Column("township_duties", "乡镇（街道）配合职责", 60), _NOTE,
    ),
    PART_RECLAIMED: (
        _SEQ, Column("category", "事项类别", 12), Column("name", "事项名称", 32),
        Column("methods", "承接部门及工作方式", 72), _NOTE, RECLAIMED_DEPARTMENTS,
    ),
}
REQUIRED_KEYS = ("seq", "category", "name")  # 备注 and the part's own columns may be absent

NOTES_COLUMNS = (Column("label", "项目", 28), Column("value", "内容", 90))
# key → label of each 说明 row, in the order they are written.
PLACE_ROWS = {
    "region": "自治区/省",
    "prefecture": "地区/自治州/地级市",
    "county": "县（市、区）",
    "township": "乡镇（街道）",
    "published": "发布月份",
}
STATED_ROWS = {
    "total": "说明所载履职事项总数",
    "count_basic": "说明所载基本履职事项数",
    "count_coordinating": "说明所载配合履职事项数",
    "count_reclaimed": "说明所载上级部门收回事项数",
    "departments_coordinating": "配合事项涉及部门数（说明）",
    "departments_reclaimed": "收回事项涉及部门数（说明）",
    "categories_basic": "基本履职事项类别（说明）",
    "categories_coordinating": "配合履职事项类别（说明）",
    "categories_reclaimed": "上级部门收回事项类别（说明）",
}
PROFILE_ROWS = {
    "township_type": "乡镇类型",
    "location": "区位",
    "area_km2": "区域面积（平方公里）",
    "households": "户籍户数",
    "registered_population": "户籍人口",
    "resident_population": "常住人口",
    "villages": "行政村数",
    "communities": "社区数",
    "farmland_mu": "耕地（亩）",
    "village_collective_income": "村均集体收入（元）",
    "per_capita_income": "人均收入（元）",
    "summary": "基本情况原文",
}
PROFILE_TEXTS = ("township_type", "location", "summary")
PROFILE_INTEGERS = ("households", "registered_population", "resident_population", "villages",
                    "communities")
PROFILE_DECIMALS = ("area_km2", "farmland_mu", "village_collective_income", "per_capita_income")

FLAGS_COLUMNS = (
    Column("part", "清单部分", 18), Column("seq", "序号", 6), Column("name", "事项名称", 40),
    Column("reason", "原因", 16), Column("detail", "说明", 70), Column("reviewed", "核对情况", 20),
)
# The 核对情况 of a flag an editor has cleared (the date in the portal's time zone); empty if open.
REVIEWED = "已核对（{date:%Y-%m-%d}）"
# The reasons as the portal labels them (township.models.ReviewFlag.Reason; a test keeps the
# two in step), so the sheet reads in Chinese and an editor can add a flag by its label.
FLAG_LABELS = {
    FLAG_TEXT_DAMAGED: "文字受损",
    FLAG_CATEGORY_INFERRED: "类别系推定",
    FLAG_NAME_MISSING: "事项名称缺失",
    FLAG_DEPARTMENT_UNRESOLVED: "部门无法识别",
    FLAG_CELL_MISSING: "栏目内容缺失",
    FLAG_COUNT_MISMATCH: "数量与说明不符",
    FLAG_SEQUENCE: "序号异常",
    FLAG_TEXT_TRUNCATED: "内容被截断",
    FLAG_OCR_DOUBTFUL: "识别存疑",
}

META_ROWS = {
    "format": "格式",
    "version": "格式版本",
    "source_name": "原始导入文件",
    "source_sha256": "原始文件 SHA-256",
    "layout": "原始版式",
    "exported_at": "导出时间",
}


def part_sheet_names() -> list[str]:
    """The three part sheets, in published order."""
    return [PART_SHEETS[part] for part in PARTS]
