"""The comparison workbook, built without the database: sheets, item numbers, counts, text never a formula."""

from __future__ import annotations

import datetime
import io
import zipfile

import pytest
from openpyxl import load_workbook

from importers.layouts.xlsx.format import HEADER_ROW
from township.exports.cells import UNSTORABLE
from township.exports.compare import COUNTS_SHEET, NAME_MISSING, TOTAL, comparison_workbook
from township.matching.comparison import compare_parts
from township.matching.groups import Item
from township.models import Duty, DutyList, Place, Township
from township.selectors.compare import ComparedPart, Comparison, column_labels

CATEGORY_ORDER = {"党的建设": 1, "乡村振兴": 2}
FORMULAS = ["=1+1", "+86 0903", "-项目", "@SUM(A1)", '=HYPERLINK("http://例子")']


def version(county: str, township: str, *, pk: int, month: int = 7) -> DutyList:
    place = Township(pk=pk, name=township, county=Place(name=county, level=Place.Level.COUNTY))
    return DutyList(township=place, published=datetime.date(2025, month, 1), source_name=f"{pk:03}.txt")


def comparison(names: list[list[tuple[int, str, str]]]) -> Comparison:
    """Two or more lists of basic items given as (seq, category, name)."""
    lists = [version("伊宁市", "潘津镇", pk=1), version("额敏县", "某乡（清单未载明乡名）", pk=2)][:len(names)]
    items = [Item(100 * column + seq, column, Duty.Kind.BASIC, seq, category, CATEGORY_ORDER[category], name)
             for column, entries in enumerate(names) for seq, category, name in entries]
    parts = compare_parts(items=items, parts=list(Duty.Kind.choices), columns=len(lists))
    labels = column_labels(lists)
    return Comparison(lists, labels, [ComparedPart(part, labels) for part in parts])


def workbook_of(compared: Comparison):
    content = comparison_workbook(compared)
    return content, load_workbook(io.BytesIO(content))


def rows(sheet) -> list[list[object]]:
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=HEADER_ROW)]


def test_a_sheet_per_part_with_each_lists_item_number_beside_its_name():
    _, workbook = workbook_of(comparison([[(1, "党的建设", "推荐市级以上党代表工作"), (2, "党的建设", "党内统计工作")],
                                          [(5, "党的建设", "推荐县级以上党代表工作")]]))
    assert workbook.sheetnames == ["说明", "基本履职事项", "配合履职事项", "上级部门收回事项", COUNTS_SHEET]
    header, *body = rows(workbook["基本履职事项"])
    assert header == ["事项类别", "比对结果", "伊宁市潘津镇序号", "伊宁市潘津镇",
                      "额敏县某乡（清单未载明乡名）序号", "额敏县某乡（清单未载明乡名）"]
    assert ["党的建设", "各清单都有，表述不同", 1, "推荐市级以上党代表工作", 5, "推荐县级以上党代表工作"] in body
    assert ["党的建设", "仅一个清单有", 2, "党内统计工作", None, None] in body


def test_the_counts_sheet_has_each_parts_categories_and_totals():
    _, workbook = workbook_of(comparison([[(1, "党的建设", "甲"), (2, "乡村振兴", "乙"), (3, "乡村振兴", "丙")],
                                          [(1, "乡村振兴", "丁")]]))
    assert rows(workbook[COUNTS_SHEET]) == [
        ["部分", "事项类别", "伊宁市潘津镇", "额敏县某乡（清单未载明乡名）"],
        ["基本履职事项", "党的建设", 1, 0], ["基本履职事项", "乡村振兴", 2, 1], ["基本履职事项", TOTAL, 3, 1],
        ["配合履职事项", TOTAL, 0, 0], ["上级部门收回事项", TOTAL, 0, 0],
    ]


def test_the_about_sheet_names_each_list_with_its_county_month_and_items_per_part():
    _, workbook = workbook_of(comparison([[(1, "党的建设", "甲")], [(1, "党的建设", "甲"), (2, "党的建设", "乙")]]))
    assert rows(workbook["说明"])[1:] == [["伊宁市潘津镇", "伊宁市", "2025年7月", "001.txt", 1, 0, 0],
                                         ["额敏县某乡（清单未载明乡名）", "额敏县", "2025年7月", "002.txt", 2, 0, 0]]


def test_formula_looking_names_are_quote_prefixed_text_cells():
    content, workbook = workbook_of(comparison([[(seq, "党的建设", name) for seq, name in enumerate(FORMULAS, 1)],
                                                [(1, "党的建设", "党内统计工作")]]))
    sheets = zipfile.ZipFile(io.BytesIO(content))
    assert all("<f>" not in sheets.read(name).decode() for name in sheets.namelist() if "worksheets/" in name)
    cells = {cell.value: cell for row in workbook["基本履职事项"].iter_rows() for cell in row if cell.value}
    for name in FORMULAS:
        assert cells[name].data_type == "s" and cells[name].quotePrefix, name
    assert not cells["党内统计工作"].quotePrefix


def test_control_characters_a_workbook_cannot_hold_are_replaced_and_a_missing_name_is_said():
    _, workbook = workbook_of(comparison([[(1, "党的建设", "党内\x01统计工作"), (2, "党的建设", "")],
                                          [(1, "党的建设", "甲")]]))
    names = {row[3] for row in rows(workbook["基本履职事项"])[1:]}
    assert f"党内{UNSTORABLE}统计工作" in names and NAME_MISSING in names


@pytest.mark.parametrize("lists, labels", [
    ([version("伊宁市", "某乡", pk=1), version("额敏县", "某乡", pk=2)], ["伊宁市某乡", "额敏县某乡"]),
    ([version("于田县", "先拜巴扎镇", pk=3), version("于田县", "先拜巴扎镇", pk=3, month=1)],
     ["于田县先拜巴扎镇（2025年7月）", "于田县先拜巴扎镇（2025年1月）"]),
])
def test_column_labels_name_the_county_and_the_month_only_for_one_townships_versions(lists, labels):
    assert column_labels(lists) == labels
