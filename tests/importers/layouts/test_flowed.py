"""Tests for the flowed layout: layout-preserving text whose cells wrap at each column's width."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.layouts import flowed
from importers.records import FLAG_TEXT_DAMAGED, ParseError, ReclaimedMethod, StepBlock

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
FLOWED_FILE = FIXTURES / "001_1fdc4c7ea05d9441.txt"

# Real snippets of fixtures/001 (a 乡 list). Header fragments are copied as printed, with the
# leading space the extraction puts on a page's first line.
BASIC_HEADER = "序号 事项类别 事项名称"
COORDINATING_HEADER = """ 序
号

事项
类别

事项名称
对应上级

部门
上级部门职责 乡镇（街道）配合职责"""
RECLAIMED_HEADER = " 序号 事项类别 事项名称 承接部门及工作方式"

BASIC_ONE_LINE = "5 党的建设 落实“三会一课”、主题党日等党内组织生活制度，召开民主生活会、组织生活会，严肃党内政治生活"
BASIC_WRAPPED = """25 经济发展
负责本乡统计队伍建设，开展经济普查、人口普查、农业普查、各项抽样调查工作，承担本乡经济运行数据监测
、上报"""

COORDINATING_BROKEN_CATEGORY = """8 党的建
设

从优秀村干部中
招录公务员、招
聘事业单位工作
人员

县委组织
部、县人
力资源和
社会保障
局、县委
机构编制
委员会办
公室

1.县委机构编制委员会办公室审核乡空编情况；

2.县委组织部、县人力资源和社会保障局统一进行岗位申报；

3.上级部门组织实施考试；

4.县委组织部、县人力资源和社会保障局对用人单位开展考察培训 。

1.乡对接了解空编情况，确定可招录、招聘岗位；

2.乡根据单位队伍建设需要，设置岗位；

3.乡按照要求摸排筛选符合优秀村党组织书记、优秀

村干部中招录（聘用）公务员和事业编要求人员，进
行推荐上报；

4.乡成立考察组，对拟招录、招聘人员进行考察；

5.乡办理入职手续；

6.乡办理转正入编手续。"""

COORDINATING_HEADINGS = """80 卫生健
康

开展职业病、地
方病、慢性病防
治等相关工作

县卫生健
康委员会

一、地方病

1.定期召开地方病情（包虫病、布病）分析研判会，初步拟定风险等

级；

2.安排部署地方病（包虫病、布病）防治工作。

二、职业病

1.定期召开职业病情分析研判会，初步拟定风险等级；

2.安排部署职业病防治工作。

一、地方病

1.开展地方病（包虫病、布病）防治知识宣传工作；

2.发现地方病（包虫病、布病）情况及时上报。

二、职业病

1.开展职业病防治知识宣传工作；

2.负责摸排本辖区用人单位已经不存在或者无法确认

劳动关系的职业病人员，上报职业病人员名单。"""

# Row 29 with the page-break header of the fixture moved into it, between its two duty columns.
COORDINATING_SPLIT_BY_PAGE = """29 乡村振
兴

数字乡村建设工
作

县发展和
改革委员
会、县农
业农村局

一、县发展和改革委员会：

1.县发展和改革委员会和县农业农村局制定规划并争取政策支持 ，推动

农业数字化转型；

2.县发展和改革委员会完善农村数字基础设施，提升乡村数字应用时效

。

二、县农业农村局：

1.县农业农村局加强数字乡村人才培养，开展数字人才引进、技能培

训；

2.县农业农村局强化数据管理与应用。
 上级部门职责 乡镇（街道）配合职责

1.乡发挥本地特色优势，建设智慧农业、乡村数字富

民产业、乡村数字文化、乡村数字治理、乡村数字惠
民服务、智慧美丽乡村等数字乡村应用场景；

2.乡面向农村村民开展网络安全教育培训、个人信息

保护等数字乡村相关活动；

3.乡利用新媒体等渠道宣传推广数字乡村建设成果和

典型模式。"""

# The name fills its column exactly, so only the department vocabulary tells where it ends;
# the township cell is one unnumbered paragraph.
COORDINATING_UNNUMBERED_TOWNSHIP = """7 党的建
设

做好政协委员人
选推荐工作

县政协委
员会办公
室

1.协同组织、统战等部门指导乡做好政协委员推荐、提名工作；

2.组织指导委员有计划开展政治协商、民主监督、参政议政工作；

3.做好委员日常联系，有计划组织各级政协委员深入一线开展视察调研

等活动，协助委员撰写好提案，召开政治协商会议作准备。

协助政协、组织、统战等部门做好政协委员推荐、提
名工作。"""

RECLAIMED_NO_LONGER = """1 民生服务
出具婚姻状况证明（婚姻关系证明
、分居证明）

县民政局

工作方式：不再开展此项工作。"""
RECLAIMED_NUMBERED = """2 民生服务 收养登记

县民政局

工作方式：

1.核实申请人本人婚姻状况和抚养教育被收养人的能力等；

2.对收养人员、被收养人员、送养人员申请资料进行核查审定。"""
RECLAIMED_FULL_NAME = """9 民生服务 创业实体信息及就业务工信息统计
县人力资源和社会保障局

工作方式：开展创业实体信息及就业务工信息统计。"""
RECLAIMED_MANY_DEPARTMENTS = """32 生态环保 道路移动污染源监测和防控治理
塔城地区生态环境局额敏分局、县交通运输局、县公安局、县住房和城
乡建设局、县农业农村局
工作方式：根据职责分工负责本行政区内的道路移动污染源监测和防控
治理。"""


def _document(
    basic: str = BASIC_ONE_LINE,
    coordinating: str = COORDINATING_BROKEN_CATEGORY,
    reclaimed: str = RECLAIMED_NUMBERED,
) -> str:
    """A small list in this layout: one snippet per part under that part's header."""
    parts = [BASIC_HEADER, basic, COORDINATING_HEADER, coordinating, RECLAIMED_HEADER, reclaimed]
    return "\n\n".join(parts) + "\n"


@pytest.fixture(scope="module")
def fixture_items():
    """The whole fixture, parsed once."""
    return flowed.parse_text(FLOWED_FILE.read_text(encoding="utf-8"), source=FLOWED_FILE.name)


@pytest.mark.parametrize(
    ("snippet", "seq", "category", "name"),
    [
        (
            BASIC_ONE_LINE,
            5,
            "党的建设",
            "落实“三会一课”、主题党日等党内组织生活制度，召开民主生活会、组织生活会，严肃党内政治生活",
        ),
        (
            BASIC_WRAPPED,
            25,
            "经济发展",
            "负责本乡统计队伍建设，开展经济普查、人口普查、农业普查、各项抽样调查工作，"
            "承担本乡经济运行数据监测、上报",
        ),
    ],
)
def test_basic_row_is_read_on_one_line_or_wrapped(snippet, seq, category, name):
    item = flowed.parse_text(_document(basic=snippet), source="t.txt").basic[0]
    assert (item.seq, item.category, item.name) == (seq, category, name)
    assert (item.line, item.flags) == (3, ())


@pytest.mark.parametrize(
    ("snippet", "seq", "category", "name", "departments"),
    [
        (
            COORDINATING_BROKEN_CATEGORY,
            8,
            "党的建设",
            "从优秀村干部中招录公务员、招聘事业单位工作人员",
            ("县委组织部", "县人力资源和社会保障局", "县委机构编制委员会办公室"),
        ),
        (
            COORDINATING_HEADINGS,
            80,
            "卫生健康",
            "开展职业病、地方病、慢性病防治等相关工作",
            ("县卫生健康委员会",),
        ),
        (
            COORDINATING_SPLIT_BY_PAGE,
            29,
            "乡村振兴",
            "数字乡村建设工作",
            ("县发展和改革委员会", "县农业农村局"),
        ),
        (
            COORDINATING_UNNUMBERED_TOWNSHIP,
            7,
            "党的建设",
            "做好政协委员人选推荐工作",
            ("县政协委员会办公室",),
        ),
    ],
)
def test_coordinating_row_rejoins_wrapped_category_name_and_departments(
    snippet, seq, category, name, departments
):
    item = flowed.parse_text(_document(coordinating=snippet), source="t.txt").coordinating[0]
    assert (item.seq, item.category, item.name) == (seq, category, name)
    assert item.departments == departments
    assert item.line == 17  # the 序号 line, after the basic part and the broken header
    assert item.flags == ()


@pytest.mark.parametrize(
    ("snippet", "department_duties", "township_duties"),
    [
        (
            COORDINATING_BROKEN_CATEGORY,
            (
                StepBlock(
                    steps=(
                        "县委机构编制委员会办公室审核乡空编情况；",
                        "县委组织部、县人力资源和社会保障局统一进行岗位申报；",
                        "上级部门组织实施考试；",
                        "县委组织部、县人力资源和社会保障局对用人单位开展考察培训。",
                    )
                ),
            ),
            (
                StepBlock(
                    steps=(
                        "乡对接了解空编情况，确定可招录、招聘岗位；",
                        "乡根据单位队伍建设需要，设置岗位；",
                        "乡按照要求摸排筛选符合优秀村党组织书记、优秀村干部中招录（聘用）"
                        "公务员和事业编要求人员，进行推荐上报；",
                        "乡成立考察组，对拟招录、招聘人员进行考察；",
                        "乡办理入职手续；",
                        "乡办理转正入编手续。",
                    )
                ),
            ),
        ),
        (
            COORDINATING_HEADINGS,
            (
                StepBlock(
                    steps=(
                        "定期召开地方病情（包虫病、布病）分析研判会，初步拟定风险等级；",
                        "安排部署地方病（包虫病、布病）防治工作。",
                    ),
                    heading="地方病",
                ),
                StepBlock(
                    steps=("定期召开职业病情分析研判会，初步拟定风险等级；", "安排部署职业病防治工作。"),
                    heading="职业病",
                ),
            ),
            (
                StepBlock(
                    steps=(
                        "开展地方病（包虫病、布病）防治知识宣传工作；",
                        "发现地方病（包虫病、布病）情况及时上报。",
                    ),
                    heading="地方病",
                ),
                StepBlock(
                    steps=(
                        "开展职业病防治知识宣传工作；",
                        "负责摸排本辖区用人单位已经不存在或者无法确认劳动关系的职业病人员，"
                        "上报职业病人员名单。",
                    ),
                    heading="职业病",
                ),
            ),
        ),
        (
            COORDINATING_SPLIT_BY_PAGE,
            (
                StepBlock(
                    steps=(
                        "县发展和改革委员会和县农业农村局制定规划并争取政策支持，推动农业数字化转型；",
                        "县发展和改革委员会完善农村数字基础设施，提升乡村数字应用时效。",
                    ),
                    department="县发展和改革委员会",
                ),
                StepBlock(
                    steps=(
                        "县农业农村局加强数字乡村人才培养，开展数字人才引进、技能培训；",
                        "县农业农村局强化数据管理与应用。",
                    ),
                    department="县农业农村局",
                ),
            ),
            (
                StepBlock(
                    steps=(
                        "乡发挥本地特色优势，建设智慧农业、乡村数字富民产业、乡村数字文化、"
                        "乡村数字治理、乡村数字惠民服务、智慧美丽乡村等数字乡村应用场景；",
                        "乡面向农村村民开展网络安全教育培训、个人信息保护等数字乡村相关活动；",
                        "乡利用新媒体等渠道宣传推广数字乡村建设成果和典型模式。",
                    )
                ),
            ),
        ),
        (
            COORDINATING_UNNUMBERED_TOWNSHIP,
            (
                StepBlock(
                    steps=(
                        "协同组织、统战等部门指导乡做好政协委员推荐、提名工作；",
                        "组织指导委员有计划开展政治协商、民主监督、参政议政工作；",
                        "做好委员日常联系，有计划组织各级政协委员深入一线开展视察调研等活动，"
                        "协助委员撰写好提案，召开政治协商会议作准备。",
                    )
                ),
            ),
            (StepBlock(steps=("协助政协、组织、统战等部门做好政协委员推荐、提名工作。",)),),
        ),
    ],
)
def test_coordinating_duties_split_where_numbering_restarts_or_width_changes(
    snippet, department_duties, township_duties
):
    item = flowed.parse_text(_document(coordinating=snippet), source="t.txt").coordinating[0]
    assert item.department_duties == department_duties
    assert item.township_duties == township_duties


@pytest.mark.parametrize(
    ("snippet", "seq", "name", "departments", "methods"),
    [
        (
            RECLAIMED_NO_LONGER,
            1,
            "出具婚姻状况证明（婚姻关系证明、分居证明）",
            ("县民政局",),
            (ReclaimedMethod(text="不再开展此项工作。", department="县民政局"),),
        ),
        (
            RECLAIMED_NUMBERED,
            2,
            "收养登记",
            ("县民政局",),
            (
                ReclaimedMethod(text="核实申请人本人婚姻状况和抚养教育被收养人的能力等；", department="县民政局"),
                ReclaimedMethod(
                    text="对收养人员、被收养人员、送养人员申请资料进行核查审定。", department="县民政局"
                ),
            ),
        ),
        (
            RECLAIMED_FULL_NAME,
            9,
            "创业实体信息及就业务工信息统计",
            ("县人力资源和社会保障局",),
            (ReclaimedMethod(text="开展创业实体信息及就业务工信息统计。", department="县人力资源和社会保障局"),),
        ),
        (
            RECLAIMED_MANY_DEPARTMENTS,
            32,
            "道路移动污染源监测和防控治理",
            ("塔城地区生态环境局额敏分局", "县交通运输局", "县公安局", "县住房和城乡建设局", "县农业农村局"),
            (ReclaimedMethod(text="根据职责分工负责本行政区内的道路移动污染源监测和防控治理。"),),
        ),
    ],
)
def test_reclaimed_row_separates_name_departments_and_methods(
    snippet, seq, name, departments, methods
):
    item = flowed.parse_text(_document(reclaimed=snippet), source="t.txt").reclaimed[0]
    assert (item.seq, item.name) == (seq, name)
    assert (item.departments, item.methods) == (departments, methods)
    assert item.category and item.flags == ()


def _parts(items):
    """The three parts of parsed items, in published order."""
    return (items.basic, items.coordinating, items.reclaimed)


def test_whole_fixture_gives_the_published_counts_without_sequence_gaps(fixture_items):
    assert tuple(len(part) for part in _parts(fixture_items)) == (104, 102, 58)
    for part in _parts(fixture_items):
        assert [item.seq for item in part] == list(range(1, len(part) + 1))
    assert fixture_items.issues == ()


def test_whole_fixture_items_start_on_their_row_lines(fixture_items):
    assert tuple(part[0].line for part in _parts(fixture_items)) == (4, 267, 4161)
    assert tuple(part[-1].line for part in _parts(fixture_items)) == (254, 4132, 4809)


def test_whole_fixture_has_clean_text_and_no_unresolved_columns(fixture_items):
    for item in fixture_items.coordinating:
        assert item.name and item.departments and item.department_duties and item.township_duties
        assert all(" " not in name and "\n" not in name for name in item.departments)
        assert item.flags == ()
    for item in fixture_items.reclaimed:
        assert item.name and item.departments and item.methods


@pytest.mark.parametrize(
    ("seq", "name", "departments"),
    [
        (38, "地名管理工作", ("县民政局",)),  # name and department share a line
        (95, "消费者权益保护", ("县市场监督管理局",)),  # the name fills its column exactly
        (82, "开展安全生产监督检查", ("县应急管理局", "县商务和工业信息化局", "县住房和城乡建设局",
              "县市场监督管理局", "县农业农村局", "县水利局", "县文化体育广播电视和旅游局",
              "县卫生健康委员会")),  # fmt: skip
    ],
)
def test_whole_fixture_hard_rows_are_cut_right(fixture_items, seq, name, departments):
    item = fixture_items.coordinating[seq - 1]
    assert (item.name, item.departments) == (name, departments)


def test_angle_brackets_in_plain_text_are_kept_as_a_title(fixture_items):
    blocks = fixture_items.coordinating[81].department_duties
    steps = [step for block in blocks for step in block.steps]
    assert any("《自治区实施〈地方党政领导干部安全生产责任制规定〉细则》" in step for step in steps)


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("000_5d7574d3c5ca649c.txt", False),  # tab-separated cells
        ("001_1fdc4c7ea05d9441.txt", True),
        ("002_fe4ab73d7f7b2358.txt", False),  # markdown pipe tables
        ("004_75977ff95c5311e1.txt", False),  # tab-separated OCR text
    ],
)
def test_detect_accepts_only_layout_preserving_text(fixture, expected):
    assert flowed.detect_text((FIXTURES / fixture).read_text(encoding="utf-8")) is expected


def test_file_cut_in_a_coordinating_row_is_truncated():
    text = _document(coordinating=COORDINATING_BROKEN_CATEGORY.split("\n\n1.乡对接")[0])
    text = text.split(RECLAIMED_HEADER)[0]
    with pytest.raises(ParseError) as raised:
        flowed.parse_text(text, source="cut.txt")
    assert raised.value.issue.code == "truncated"
    assert raised.value.issue.line == 17
    assert "第 17 行" in raised.value.issue.message


def test_fixture_cut_mid_step_is_truncated_at_its_row():
    lines = FLOWED_FILE.read_text(encoding="utf-8").splitlines()
    with pytest.raises(ParseError) as raised:
        flowed.parse_text("\n".join(lines[:3000]), source=FLOWED_FILE.name)  # inside 配合 row 70
    assert (raised.value.issue.code, raised.value.issue.line) == ("truncated", 2968)


def test_file_without_reclaimed_part_is_part_missing():
    text = _document().split(RECLAIMED_HEADER)[0]
    with pytest.raises(ParseError) as raised:
        flowed.parse_text(text, source="short.txt")
    assert raised.value.issue.code == "part_missing"
    assert "上级部门收回事项清单" in raised.value.issue.message


def test_department_cell_that_reads_as_no_department_stays_in_the_name_and_is_flagged():
    row = COORDINATING_UNNUMBERED_TOWNSHIP.replace("县政协委\n员会办公\n室", "县政协委\n员会办公")
    item = flowed.parse_text(_document(coordinating=row), source="t.txt").coordinating[0]
    kept = item.name + "".join(item.departments)
    assert kept == "做好政协委员人选推荐工作县政协委员会办公"
    assert any(flag.code == FLAG_TEXT_DAMAGED for flag in item.flags)
