"""The xlsx layout: the cell grammar both ways, and workbooks it reads or refuses by sheet and cell."""

from __future__ import annotations

import datetime
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from importers.layouts import xlsx
from importers.layouts.xlsx import cells, messages
from importers.layouts.xlsx.format import (
    FLAGS_COLUMNS, FLAGS_SHEET, FORMAT_NAME, FORMAT_VERSION, META_ROWS, META_SHEET, NOTES_SHEET,
    PART_COLUMNS, PART_SHEETS, PLACE_ROWS, PROFILE_ROWS, STATED_ROWS,
)
from importers.records import ParseError, ReclaimedMethod, StepBlock

# Real published text (先拜巴扎镇, 夏马勒乡, 额敏县).
ORGANISATION = StepBlock(department="于田县委组织部",
                         steps=("负责推荐党内政协委员；", "对推荐人选进行考察、资格联审、公示，确定人选后报县政协。"))
UNITED_FRONT = StepBlock(department="于田县委统一战线工作部", steps=("负责推荐党外政协委员；",))
INSPECTION = StepBlock(heading="干部考察及考核工作", steps=("根据管理权限制定考察方案，明确考察具体事项；",))
EXTENDED = StepBlock(heading="延伸考察工作", steps=())
PLAIN = StepBlock(steps=("确定县级以上党代表名额分配；", "对人选进行审核批复。"))
SECOND_PLAIN = StepBlock(steps=("做好机构编制政策宣传；",))
LABELLED_HEADING = StepBlock(department="县委组织部", heading="干部监督和干部延伸考察工作：",
                             steps=("乡将组织部转办的有关问题进行查核，并反馈处理情况；",))
EMPTY_DEPARTMENT = StepBlock(department="巴楚县水利局", steps=())


@pytest.mark.parametrize("blocks, text", [
    ((PLAIN,), "1. 确定县级以上党代表名额分配；\n2. 对人选进行审核批复。"),
    ((ORGANISATION, UNITED_FRONT),
     "【于田县委组织部】\n1. 负责推荐党内政协委员；\n2. 对推荐人选进行考察、资格联审、公示，确定人选后报县政协。\n"
     "【于田县委统一战线工作部】\n1. 负责推荐党外政协委员；"),
    ((INSPECTION, EXTENDED), "一、干部考察及考核工作\n1. 根据管理权限制定考察方案，明确考察具体事项；\n二、延伸考察工作"),
    ((LABELLED_HEADING,), "【县委组织部】一、干部监督和干部延伸考察工作：\n1. 乡将组织部转办的有关问题进行查核，并反馈处理情况；"),
    ((PLAIN, SECOND_PLAIN), "1. 确定县级以上党代表名额分配；\n2. 对人选进行审核批复。\n1. 做好机构编制政策宣传；"),
    ((), ""),
], ids=["plain", "departments", "headings", "department-and-heading", "two-plain-blocks", "empty"])
def test_blocks_render_like_the_published_column_and_parse_back_exactly(blocks, text):
    assert cells.render_blocks(blocks) == text
    assert cells.parse_blocks(text) == blocks


@pytest.mark.parametrize("blocks", [
    (EMPTY_DEPARTMENT, EXTENDED, PLAIN),
    (EXTENDED, EMPTY_DEPARTMENT, INSPECTION, LABELLED_HEADING),
    (INSPECTION, PLAIN, ORGANISATION, SECOND_PLAIN),
    (StepBlock(steps=()), StepBlock(steps=()), PLAIN, StepBlock(steps=())),
], ids=["empty-department-then-heading", "empty-blocks-between", "mixed", "empty-plain-blocks"])
def test_empty_and_mixed_blocks_survive_the_round_trip(blocks):
    assert cells.parse_blocks(cells.render_blocks(blocks)) == blocks


@pytest.mark.parametrize("typed, steps", [
    ("1、做好宣传；\n2．上报名单。", ("做好宣传；", "上报名单。")),
    ("做好宣传；\n上报名单。", ("做好宣传；", "上报名单。")),
    ("  1. 做好宣传；  \n\n2. 上报名单。\n", ("做好宣传；", "上报名单。")),
    ("1. 2025年底前完成。", ("2025年底前完成。",)),
], ids=["other-number-marks", "unnumbered-lines", "blank-lines-and-spaces", "text-starting-with-digits"])
def test_steps_an_editor_types_are_read_as_steps(typed, steps):
    assert cells.parse_blocks(typed) == (StepBlock(steps=steps),)


def test_a_step_that_reads_like_a_heading_stays_a_step():
    blocks = (StepBlock(steps=("做好宣传；", "一、二类人员名单上报。")),)
    assert cells.parse_blocks(cells.render_blocks(blocks)) == blocks


@pytest.mark.parametrize("number, numeral", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                             (35, "三十五"), (99, "九十九")])
def test_sub_headings_are_numbered_in_chinese(number, numeral):
    assert cells.chinese_numeral(number) == numeral


def test_methods_put_their_department_in_brackets_one_per_line():
    methods = (ReclaimedMethod(department="于田县民政局", text="由于田县民政局负责婚姻登记工作。"),
               ReclaimedMethod(text="此项工作不再开展。"))
    text = cells.render_methods(methods)
    assert text == "【于田县民政局】由于田县民政局负责婚姻登记工作。\n此项工作不再开展。"
    assert cells.parse_methods(text) == methods


def test_department_names_are_joined_and_split_on_the_enumeration_comma():
    names = ("于田县农业农村局", "于田县财政局")
    assert cells.render_names(names) == "于田县农业农村局、于田县财政局"
    assert cells.parse_names("于田县农业农村局、于田县财政局") == names
    assert cells.parse_names("于田县农业农村局\n于田县财政局、") == names


# ---------------------------------------------------------------------------------------------
# Whole workbooks, built here cell by cell as the exporter lays them out.

def _table(workbook: Workbook, name: str, headings: list[str], rows: list[list]) -> None:
    sheet = workbook.create_sheet(name)
    sheet.append([name])
    sheet.append(headings)
    for row in rows:
        sheet.append(row)


def workbook_bytes(*, basic=None, flags=None, notes=None, meta=None, drop=()) -> bytes:
    """A minimal workbook of the portal's format; any sheet's rows can be replaced."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    part_rows = {
        "basic": basic if basic is not None else [[1, "党的建设", "党员发展工作", ""]],
        "coordinating": [[1, "党的建设", "推荐县级以上党代表工作", "于田县委组织部",
                          "1. 确定县级以上党代表名额分配；", "1. 组织推荐；", ""]],
        "reclaimed": [[1, "民生服务", "婚姻登记", "于田县民政局", "【于田县民政局】由于田县民政局负责。", ""]],
    }
    for part, sheet in PART_SHEETS.items():
        _table(workbook, sheet, [column.heading for column in PART_COLUMNS[part]], part_rows[part])
    place = {"region": "新疆维吾尔自治区", "prefecture": "和田地区", "county": "于田县",
             "township": "先拜巴扎镇", "published": "2025-07"}
    default_notes = [[PLACE_ROWS[key], value] for key, value in place.items()]
    _table(workbook, NOTES_SHEET, ["项目", "内容"], notes if notes is not None else default_notes)
    _table(workbook, FLAGS_SHEET, [column.heading for column in FLAGS_COLUMNS], flags or [])
    default_meta = [[META_ROWS["format"], FORMAT_NAME], [META_ROWS["version"], str(FORMAT_VERSION)]]
    _table(workbook, META_SHEET, ["项目", "内容"], meta if meta is not None else default_meta)
    for name in drop:
        workbook.remove(workbook[name])
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse_error(data: bytes) -> ParseError:
    with pytest.raises(ParseError) as raised:
        xlsx.parse_workbook(data, source="清单.xlsx")
    assert raised.value.issue.file == "清单.xlsx"
    return raised.value


def test_a_workbook_of_the_portals_format_gives_items_place_and_month():
    items, preamble = xlsx.parse_workbook(workbook_bytes(), source="清单.xlsx")
    assert preamble.place.township == "先拜巴扎镇" and preamble.published == "2025-07"
    assert [item.name for item in items.basic] == ["党员发展工作"]
    assert items.coordinating[0].departments == ("于田县委组织部",)
    assert items.coordinating[0].department_duties == (StepBlock(steps=("确定县级以上党代表名额分配；",)),)
    assert items.reclaimed[0].methods == (ReclaimedMethod(department="于田县民政局", text="由于田县民政局负责。"),)
    assert items.basic[0].line == 3  # the row: title and header above it


def test_the_notes_sheet_gives_stated_figures_and_profile_with_exact_decimals():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [STATED_ROWS["count_basic"], 116],
             [STATED_ROWS["categories_basic"], "党的建设、经济发展"], [PROFILE_ROWS["area_km2"], 85.05],
             [PROFILE_ROWS["villages"], 14], [PLACE_ROWS["published"], "2025-07"]]
    _, preamble = xlsx.parse_workbook(workbook_bytes(notes=notes), source="清单.xlsx")
    assert preamble.stated.counts == {"basic": 116}
    assert preamble.stated.categories == {"basic": ("党的建设", "经济发展")}
    assert str(preamble.profile.area_km2) == "85.05" and preamble.profile.villages == 14


def test_flags_are_attached_to_the_item_they_name():
    flags = [["基本履职事项", 1, "党员发展工作", "文字受损", "疑似乱码", ""]]
    items, _ = xlsx.parse_workbook(workbook_bytes(flags=flags), source="清单.xlsx")
    assert [(flag.code, flag.detail) for flag in items.basic[0].flags] == [("text_damaged", "疑似乱码")]


def test_a_month_excel_turned_into_a_date_still_reads_as_the_month():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [PLACE_ROWS["published"], datetime.datetime(2025, 8, 1)]]
    _, preamble = xlsx.parse_workbook(workbook_bytes(notes=notes), source="清单.xlsx")
    assert preamble.published == "2025-08"


def test_a_file_that_is_no_workbook_is_refused():
    error = parse_error(b"PK\x03\x04 not really a zip")
    assert error.issue.message.startswith(messages.NOT_A_WORKBOOK.split("：")[0])


def test_a_foreign_workbook_is_refused_naming_the_missing_sheets():
    error = parse_error(workbook_bytes(drop=(META_SHEET, "上级部门收回事项")))
    assert error.issue.message == messages.FOREIGN_WORKBOOK.format(missing="“_dutylists”、“上级部门收回事项”")


def test_another_format_version_is_refused():
    error = parse_error(workbook_bytes(meta=[["格式", FORMAT_NAME], ["格式版本", "9"]]))
    assert error.issue.message == messages.UNKNOWN_FORMAT.format(
        sheet=META_SHEET, found=f"{FORMAT_NAME} 9", expected=FORMAT_NAME, version=FORMAT_VERSION)


@pytest.mark.parametrize("seq, shown", [("一", "一"), (0, "0"), (2.5, "2.5"), ("", "")])
def test_a_bad_sequence_number_names_sheet_and_cell(seq, shown):
    error = parse_error(workbook_bytes(basic=[[seq, "党的建设", "党员发展工作", ""]]))
    assert error.issue.line == 3
    assert error.issue.message == messages.BAD_SEQ.format(sheet="基本履职事项", cell="A3", value=shown)
    assert str(error).startswith("清单.xlsx:3: 工作表“基本履职事项”A3 单元格")


def test_a_formula_cell_is_refused_naming_sheet_and_cell():
    error = parse_error(workbook_bytes(basic=[[1, "党的建设", "=HYPERLINK(\"http://x\")", ""]]))
    assert error.issue.message == messages.FORMULA_CELL.format(
        sheet="基本履职事项", cell="C3", formula="=HYPERLINK(\"http://x\")")


def test_an_empty_part_gives_no_items_and_an_empty_notes_sheet_no_month():
    assert xlsx.parse_workbook(workbook_bytes(basic=[]), source="x.xlsx")[0].basic == ()
    assert xlsx.parse_workbook(workbook_bytes(notes=[]), source="x.xlsx")[1].published is None


@pytest.mark.parametrize("row, message", [
    (["基本事项", 1, "", "文字受损", "", ""],
     messages.UNKNOWN_PART.format(sheet=FLAGS_SHEET, cell="A3", value="基本事项",
                                  known="基本履职事项、配合履职事项、上级部门收回事项")),
    (["基本履职事项", 1, "", "看不清", "", ""],
     messages.UNKNOWN_REASON.format(sheet=FLAGS_SHEET, cell="D3", value="看不清",
                                    known="文字受损、类别系推定、事项名称缺失、部门无法识别、栏目内容缺失、"
                                          "数量与说明不符、序号异常、内容被截断")),
    (["基本履职事项", 7, "", "文字受损", "", ""],
     messages.NO_SUCH_ITEM.format(sheet=FLAGS_SHEET, row=3, part="基本履职事项", seq=7)),
], ids=["unknown-part", "unknown-reason", "no-such-item"])
def test_a_bad_flag_row_is_named(row, message):
    assert parse_error(workbook_bytes(flags=[row])).issue.message == message


def test_a_figure_that_is_not_a_number_names_its_cell():
    notes = [[PLACE_ROWS["township"], "先拜巴扎镇"], [PROFILE_ROWS["villages"], "十四个"]]
    error = parse_error(workbook_bytes(notes=notes))
    assert error.issue.message == messages.BAD_NUMBER.format(sheet=NOTES_SHEET, cell="B4", label="行政村数",
                                                             value="十四个")


def test_a_month_that_is_not_one_names_its_cell():
    error = parse_error(workbook_bytes(notes=[[PLACE_ROWS["published"], "七月"]]))
    assert error.issue.message == messages.BAD_MONTH_CELL.format(sheet=NOTES_SHEET, cell="B3", value="七月")


def test_a_sheet_without_its_header_row_is_named():
    loaded = load_workbook(BytesIO(workbook_bytes()))
    loaded["基本履职事项"].delete_rows(2)
    buffer = BytesIO()
    loaded.save(buffer)
    error = parse_error(buffer.getvalue())
    assert error.issue.message == messages.NO_HEADER.format(sheet="基本履职事项", rows=10,
                                                           headings="序号、事项类别、事项名称")
