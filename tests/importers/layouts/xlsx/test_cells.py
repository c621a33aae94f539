"""The cell grammar both ways: responsibility blocks, handling methods and names render and parse back exactly."""

from __future__ import annotations

import pytest

from importers.layouts.xlsx import cells
from importers.records import ReclaimedMethod, StepBlock

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
# A step and a sub-heading whose published text breaks its line (as a damaged extraction leaves it).
BROKEN_STEP = StepBlock(department="于田县委组织部", steps=("负责推荐党内政协委员；\n并报县政协备案。", "1. 审核"))
BROKEN_HEADING = StepBlock(heading="干部考察\n及考核工作", steps=("\n【注】见附件\n\n",))
STOPPED = ReclaimedMethod(text="【注】此项工作不再开展。")
REGISTRY = ReclaimedMethod(department="于田县民政局", text="由于田县民政局负责婚姻登记工作。")


@pytest.mark.parametrize("blocks, text", [
    ((PLAIN,), "1. 确定县级以上党代表名额分配；\n2. 对人选进行审核批复。"),
    ((ORGANISATION, UNITED_FRONT),
     "【于田县委组织部】\n1. 负责推荐党内政协委员；\n2. 对推荐人选进行考察、资格联审、公示，确定人选后报县政协。\n"
     "【于田县委统一战线工作部】\n1. 负责推荐党外政协委员；"),
    ((INSPECTION, EXTENDED), "一、干部考察及考核工作\n1. 根据管理权限制定考察方案，明确考察具体事项；\n二、延伸考察工作"),
    ((LABELLED_HEADING,), "【县委组织部】一、干部监督和干部延伸考察工作：\n1. 乡将组织部转办的有关问题进行查核，并反馈处理情况；"),
    ((PLAIN, SECOND_PLAIN), "1. 确定县级以上党代表名额分配；\n2. 对人选进行审核批复。\n1. 做好机构编制政策宣传；"),
    ((BROKEN_STEP,), "【于田县委组织部】\n1. 负责推荐党内政协委员；\n↳并报县政协备案。\n2. 1. 审核"),
    ((), ""),
], ids=["plain", "departments", "headings", "department-and-heading", "two-plain-blocks", "line-break", "empty"])
def test_blocks_render_like_the_published_column_and_parse_back_exactly(blocks, text):
    assert cells.render_blocks(blocks) == text
    assert cells.parse_blocks(text) == blocks


@pytest.mark.parametrize("render, parse, elements", [
    (cells.render_blocks, cells.parse_blocks, (EMPTY_DEPARTMENT, EXTENDED, PLAIN)),
    (cells.render_blocks, cells.parse_blocks, (EXTENDED, EMPTY_DEPARTMENT, INSPECTION, LABELLED_HEADING)),
    (cells.render_blocks, cells.parse_blocks, (INSPECTION, PLAIN, ORGANISATION, SECOND_PLAIN)),
    (cells.render_blocks, cells.parse_blocks, (StepBlock(steps=()), StepBlock(steps=()), PLAIN, StepBlock(steps=()))),
    (cells.render_blocks, cells.parse_blocks, (BROKEN_STEP, BROKEN_HEADING, StepBlock(steps=("a\r\nb",)))),
    (cells.render_methods, cells.parse_methods, (STOPPED, REGISTRY)),
    (cells.render_methods, cells.parse_methods,
     (ReclaimedMethod(text="由县民政局负责；\n乡镇配合。"), ReclaimedMethod(department="县民政局", text="a\nb\n"))),
    (cells.render_methods, cells.parse_methods,
     (ReclaimedMethod(text=""), ReclaimedMethod(text="↳续"), ReclaimedMethod(department="县民政局", text="【注】"))),
], ids=["empty-department-then-heading", "empty-blocks-between", "mixed", "empty-plain-blocks",
        "line-breaks-in-steps-and-headings", "method-text-starting-with-brackets", "line-breaks-in-methods",
        "methods-that-look-like-markers"])
def test_empty_and_mixed_blocks_survive_the_round_trip(render, parse, elements):
    expected = tuple(_without_cr(element) for element in elements)
    assert parse(render(elements)) == expected


def _without_cr(element):
    """What comes back for text with CR LF: XML, and so xlsx, keeps the LF only."""
    if isinstance(element, StepBlock):
        return StepBlock(steps=tuple(step.replace("\r\n", "\n") for step in element.steps),
                         department=element.department, heading=element.heading)
    return element


@pytest.mark.parametrize("typed, steps", [
    ("1、做好宣传；\n2．上报名单。", ("做好宣传；", "上报名单。")),
    ("做好宣传；\n上报名单。", ("做好宣传；", "上报名单。")),
    ("  1. 做好宣传；  \n\n2. 上报名单。\n", ("做好宣传；", "上报名单。")),
    ("1. 2025年底前完成。", ("2025年底前完成。",)),
    ("↳做好宣传；", ("↳做好宣传；",)),
], ids=["other-number-marks", "unnumbered-lines", "blank-lines-and-spaces", "text-starting-with-digits",
        "continuation-with-nothing-above"])
def test_steps_an_editor_types_are_read_as_steps(typed, steps):
    assert cells.parse_blocks(typed) == (StepBlock(steps=steps),)


def test_a_step_that_reads_like_a_heading_stays_a_step():
    blocks = (StepBlock(steps=("做好宣传；", "一、二类人员名单上报。")),)
    assert cells.parse_blocks(cells.render_blocks(blocks)) == blocks


@pytest.mark.parametrize("number, numeral", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"),
                                             (35, "三十五"), (99, "九十九")])
def test_sub_headings_are_numbered_in_chinese(number, numeral):
    assert cells.chinese_numeral(number) == numeral


@pytest.mark.parametrize("methods, text", [
    ((REGISTRY, ReclaimedMethod(text="此项工作不再开展。")),
     "【于田县民政局】由于田县民政局负责婚姻登记工作。\n此项工作不再开展。"),
    ((STOPPED,), "【】【注】此项工作不再开展。"),
    ((ReclaimedMethod(text="由县民政局负责；\n乡镇配合。"),), "由县民政局负责；\n↳乡镇配合。"),
], ids=["department-and-bare-text", "bare-text-starting-with-brackets", "line-break"])
def test_methods_put_their_department_in_brackets_one_per_line(methods, text):
    assert cells.render_methods(methods) == text
    assert cells.parse_methods(text) == methods


@pytest.mark.parametrize("names, text", [
    (("于田县农业农村局", "于田县财政局"), "于田县农业农村局\n于田县财政局"),
    (("县委（县政府）办公室、县信访局", "县财政局"), "县委（县政府）办公室、县信访局\n县财政局"),
    (("党的建设、组织建设",), "党的建设、组织建设"),
    ((), ""),
], ids=["two-names", "a-name-holding-the-enumeration-comma", "a-category-holding-it", "none"])
def test_names_are_one_per_line_and_come_back_whole(names, text):
    assert cells.render_names(names) == text
    assert cells.parse_names(text) == names


def test_names_an_editor_types_lose_blank_lines_and_surrounding_spaces():
    assert cells.parse_names(" 于田县农业农村局 \n\n于田县财政局\n") == ("于田县农业农村局", "于田县财政局")
