"""The xlsx layout as the pipeline calls it: a workbook of the portal's format read whole, a foreign one refused.

Each module of importers/layouts/xlsx has its own tests in tests/importers/layouts/xlsx/.
"""

from __future__ import annotations

from importers.layouts import xlsx
from importers.layouts.xlsx import messages
from importers.layouts.xlsx.format import META_SHEET
from importers.records import ReclaimedMethod, StepBlock
from tests.importers.layouts.xlsx.conftest import parse_error, workbook_bytes


def test_a_workbook_of_the_portals_format_gives_items_place_and_month():
    items, preamble = xlsx.parse_workbook(workbook_bytes(), source="清单.xlsx")
    assert preamble.place.township == "先拜巴扎镇" and preamble.published == "2025-07"
    assert [item.name for item in items.basic] == ["党员发展工作"]
    assert items.coordinating[0].departments == ("于田县委组织部",)
    assert items.coordinating[0].department_duties == (StepBlock(steps=("确定县级以上党代表名额分配；",)),)
    assert items.reclaimed[0].departments == ("于田县民政局",)
    assert items.reclaimed[0].methods == (ReclaimedMethod(department="于田县民政局", text="由于田县民政局负责。"),)
    assert items.basic[0].line == 3  # the row: title and header above it


def test_a_foreign_workbook_is_refused_naming_the_missing_sheets():
    error = parse_error(workbook_bytes(drop=(META_SHEET, "上级部门收回事项")))
    assert error.issue.message == messages.FOREIGN_WORKBOOK.format(missing="“_dutylists”、“上级部门收回事项”")


def test_an_empty_part_gives_no_items():
    assert xlsx.parse_workbook(workbook_bytes(basic=[]), source="x.xlsx")[0].basic == ()
