"""The 说明 sheet (place, month, stated figures, profile) and the hidden sheet naming the format."""

from __future__ import annotations

import datetime

from importers.layouts import xlsx
from importers.layouts.xlsx import messages
from importers.layouts.xlsx.format import (
    FORMAT_NAME, FORMAT_VERSION, META_SHEET, NOTES_SHEET, PLACE_ROWS, PROFILE_ROWS, STATED_ROWS,
)
from tests.importers.layouts.xlsx.conftest import parse_error, workbook_bytes


def test_the_notes_sheet_gives_stated_figures_and_profile_with_exact_decimals():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [STATED_ROWS["count_basic"], 116],
             [STATED_ROWS["categories_basic"], "党的建设\n经济发展"], [PROFILE_ROWS["area_km2"], 85.05],
             [PROFILE_ROWS["villages"], 14], [PLACE_ROWS["published"], "2025-07"]]
    _, preamble = xlsx.parse_workbook(workbook_bytes(notes=notes), source="清单.xlsx")
    assert preamble.stated.counts == {"basic": 116}
    assert preamble.stated.categories == {"basic": ("党的建设", "经济发展")}
    assert str(preamble.profile.area_km2) == "85.05" and preamble.profile.villages == 14


def test_a_stated_category_holding_the_enumeration_comma_stays_one_category():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [STATED_ROWS["categories_basic"], "党的建设、组织建设\n经济发展"]]
    _, preamble = xlsx.parse_workbook(workbook_bytes(notes=notes), source="清单.xlsx")
    assert preamble.stated.categories == {"basic": ("党的建设、组织建设", "经济发展")}


def test_labels_and_place_names_an_editor_padded_with_spaces_still_read():
    notes = [[f" {PLACE_ROWS['township']} ", " 先拜巴扎镇 "], [PLACE_ROWS["published"], " 2025-07 "],
             [PROFILE_ROWS["villages"], " 14 "]]
    _, preamble = xlsx.parse_workbook(workbook_bytes(notes=notes), source="清单.xlsx")
    assert (preamble.place.township, preamble.published, preamble.profile.villages) == ("先拜巴扎镇", "2025-07", 14)


def test_a_month_excel_turned_into_a_date_still_reads_as_the_month():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [PLACE_ROWS["published"], datetime.datetime(2025, 8, 1)]]
    _, preamble = xlsx.parse_workbook(workbook_bytes(notes=notes), source="清单.xlsx")
    assert preamble.published == "2025-08"


def test_an_empty_notes_sheet_gives_no_month():
    assert xlsx.parse_workbook(workbook_bytes(notes=[]), source="x.xlsx")[1].published is None


def test_a_figure_that_is_not_a_number_names_its_cell():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [PROFILE_ROWS["villages"], "十四个"]]
    error = parse_error(workbook_bytes(notes=notes))
    assert error.issue.message == messages.BAD_NUMBER.format(sheet=NOTES_SHEET, cell="B4", label="行政村数",
                                                             value="十四个")


def test_a_month_that_is_not_one_names_its_cell():
    error = parse_error(workbook_bytes(notes=[[PLACE_ROWS["published"], "七月"]]))
    assert error.issue.message == messages.BAD_MONTH_CELL.format(sheet=NOTES_SHEET, cell="B3", value="七月")


def test_another_format_version_is_refused():
    error = parse_error(workbook_bytes(meta=[["格式", FORMAT_NAME], ["格式版本", "9"]]))
    assert error.issue.message == messages.UNKNOWN_FORMAT.format(
        sheet=META_SHEET, found=f"{FORMAT_NAME} 9", expected=FORMAT_NAME, version=FORMAT_VERSION)


def test_a_first_version_workbook_is_refused_since_it_would_be_misread():
    error = parse_error(workbook_bytes(meta=[["格式", FORMAT_NAME], ["格式版本", "1"]]))
    assert FORMAT_VERSION == 2
    assert error.issue.message == messages.UNKNOWN_FORMAT.format(
        sheet=META_SHEET, found=f"{FORMAT_NAME} 1", expected=FORMAT_NAME, version=2)
