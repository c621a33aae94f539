"""Header labels read as column roles and parts; part headings and title rows."""

import pytest

from importers.records import PART_BASIC, PART_COORDINATING, PART_RECLAIMED
from importers.tables.headers import (
    CATEGORY,
    DEPARTMENT_DUTIES,
    DEPARTMENTS,
    METHOD,
    NAME,
    NOTE,
    SEQ,
    TOWNSHIP_DUTIES,
    banner_text,
    column_role,
    combined_labels,
    header_roles,
    heading_part,
    is_sub_header,
    table_part,
)
from importers.tables.model import COVERED


@pytest.mark.parametrize(
    "label, role",
    [
        ("序号", SEQ), ("事项类别", CATEGORY), ("类别", CATEGORY), ("事项名称", NAME),
        ("履职事项名称", NAME), ("事项", NAME), ("对应上级部门", DEPARTMENTS), ("上级部门", DEPARTMENTS),
        ("对应部门", DEPARTMENTS), ("配合部门", DEPARTMENTS), ("上级部门职责", DEPARTMENT_DUTIES),
        ("部门职责", DEPARTMENT_DUTIES), ("乡镇（街道）配合职责", TOWNSHIP_DUTIES),
        ("镇配合职责", TOWNSHIP_DUTIES), ("配合职责", TOWNSHIP_DUTIES), ("承接部门及工作方式", METHOD),
        ("承接部门", METHOD), ("工作方式", METHOD), ("备注", NOTE),
        ("上级部门部门", DEPARTMENTS), ("上级部门职责", DEPARTMENT_DUTIES),
    ],
)  # fmt: skip
def test_column_roles_from_published_wordings(label, role):
    assert column_role(label) == role


@pytest.mark.parametrize(
    "labels, hint, part",
    [
        (["序号", "事项类别", "事项名称", "备注"], None, PART_BASIC),
        (["序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "镇配合职责"], None, PART_COORDINATING),
        (["序号", "事项类别", "事项名称", "承接部门及工作方式"], None, PART_RECLAIMED),
        (["序号", "事项类别", "事项名称", "上级部门"], PART_RECLAIMED, PART_RECLAIMED),
        (["序号", "事项类别", "事项名称", "上级部门"], None, PART_COORDINATING),
    ],
)
def test_the_part_of_a_header(labels, hint, part):
    assert table_part(header_roles(labels), hint) == part


def test_rows_without_seq_and_name_are_no_header():
    assert header_roles(["1", "党的建设", "做好“双拥”工作"]) is None
    assert header_roles(["目录", "页码"]) is None


def test_a_two_row_header_spreads_its_parent_over_the_sub_columns():
    header = ("序号", "事项名称", "上级部门", "", "配合职责")
    sub = (COVERED, COVERED, "部门", "职责", COVERED)
    assert is_sub_header(header, sub)
    assert combined_labels(header, sub) == ["序号", "事项名称", "上级部门部门", "上级部门职责", "配合职责"]


def test_a_continuation_row_under_a_header_is_no_sub_header():
    header = ("序号", "事项类别", "事项名称")
    assert not is_sub_header(header, ("", "", "重要讲话重要指示批示精神，完整准确全面贯彻"))
    assert not is_sub_header(header, ("1", "党的建设", "做好双拥工作"))


@pytest.mark.parametrize(
    "text, part",
    [
        ("一、基本履职事项清单", PART_BASIC),
        ("伊犁州伊宁市潘津镇配合履职事项清单", PART_COORDINATING),
        ("上级部门收回事项清单（41项）", PART_RECLAIMED),
        ("三、上级部门收回事项清单", PART_RECLAIMED),
        ("基本履职事项清单是本镇必须为、负全责的事项。", None),
        ("1. 基本履职事项清单..... 1", None),
    ],
)
def test_part_headings(text, part):
    assert heading_part(text) == part


def test_a_title_merged_across_the_row_is_a_banner():
    assert banner_text(("一、基本履职事项清单", "", "")) == "一、基本履职事项清单"
    assert banner_text(("", "", "重要讲话")) is None
    assert banner_text(("1", "党的建设", "做好")) is None
