"""Tests for the markdown pipe-table layout parser, on rows taken from the published lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.layouts import markdown
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_TEXT_DAMAGED,
    ParseError,
    ReclaimedMethod,
    ReviewFlag,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
MARKDOWN_FIXTURE = FIXTURES / "002_fe4ab73d7f7b2358.txt"


def _fixture_text(name: str = MARKDOWN_FIXTURE.name) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _fixture_line(number: int) -> str:
    """One line of the markdown fixture (1-based), for rows too long to quote here."""
    return _fixture_text().split("\n")[number - 1]


BASIC_HEADER = "| 序号 | 事项类别 | 事项名称 | 备注 |\n|----|------|--|----|"
COORDINATING_HEADER = (
    "| 序号 | 事项类别 | 事项名称 | 对应上级部门 | 上级部门职责 | 乡镇（街道）配合职责 | 备注 |\n"
    "|----|------|-------------|--------------------------------|--|---|----|"
)
RECLAIMED_HEADER = "| 序号 | 事项类别 | 事项名称 | 承接部门及工作方式 | 备注 |\n|----|------|--|--|----|"
TOC = (
    "目 录\n\n| | |\n|--------------------|----|\n| 1. 基本履职事项清单..... | 1 |\n"
    "| 2. 配合履职事项清单..... | 18 |\n| 3. 上级部门收回事项清单..... | 54 |"
)

BASIC_ROW = "| 8 | 党的建设 | 做好人才引进、服务、管理和使用工作 | |"
COORDINATING_ROW = (
    "| 10 | 党的建设 | 党内统计工作 | 于田县委组织部 | <ol style=\"list-style-type: none\"> 1. 对负责统计人员做好培训指导；"
    " 2. 建立、健全党内统计报表的布置、统计、审核、汇总、整理、分析、上报、立卷、管理等工作制度，明确工作流程和标准；"
    " 3. 加强对党内统计工作的领导，及时研究、检查统计工作任务的完成情况和工作制度的执行情况，总结推广好的经验，"
    "指导解决带有倾向性的问题，不断提高党内统计工作水平。 | 常态化维护信息系统，填报相关报表，报县委组织部审核。 | |"
)
RECLAIMED_ROW = (
    "| 3 | 民生服务 | 婚姻登记（仅内地居民） | 承接部门：于田县民政局 工作方式：由于田县民政局负责婚姻登记工作。 | |"
)


def _document(
    basic: str = BASIC_ROW, coordinating: str = COORDINATING_ROW, reclaimed: str | None = RECLAIMED_ROW
) -> str:
    """A small list in the markdown layout: 说明 fragment, contents table, then the three parts."""
    parts = [
        "说 明\n\n基本履职事项清单是本镇必须为、负全责的事项。",
        TOC,
        "基本履职事项清单",
        f"{BASIC_HEADER}\n{basic}",
        "配合履职事项清单",
        f"{COORDINATING_HEADER}\n{coordinating}",
    ]
    if reclaimed is not None:
        parts += ["上级部门收回事项清单", f"{RECLAIMED_HEADER}\n{reclaimed}"]
    return "\n\n".join(parts)


def _parse(text: str):
    return markdown.parse_text(text, source="test.txt")


# ---------------------------------------------------------------------------------------------
# Detection


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("000_5d7574d3c5ca649c.txt", False),  # tab-separated cells
        ("001_1fdc4c7ea05d9441.txt", False),  # layout-preserving text
        ("002_fe4ab73d7f7b2358.txt", True),  # markdown pipe tables
        ("004_75977ff95c5311e1.txt", False),  # tab-separated OCR text
    ],
)
def test_detect_accepts_only_the_markdown_fixture(name, expected):
    assert markdown.detect_text(_fixture_text(name)) is expected


def test_detect_rejects_a_contents_table_alone():
    assert markdown.detect_text(TOC) is False


# ---------------------------------------------------------------------------------------------
# Basic rows


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (BASIC_ROW, (8, "党的建设", "做好人才引进、服务、管理和使用工作", "")),
        (
            "| 64 | 乡村振兴 | 依托先拜巴扎（周六巴扎）农贸市场，大力发展巴扎经济 | 特色事项 |",
            (64, "乡村振兴", "依托先拜巴扎（周六巴扎）农贸市场，大力发展巴扎经济", "特色事项"),
        ),
        (
            "| 107 | 市场监管 | 落实食品安全属地管理责任，做好食品安全隐患排查、信息报告、宣传教育等工作，"
            "开展C、D级食品经营主体食品安全包保工作 | |",
            (
                107,
                "市场监管",
                "落实食品安全属地管理责任，做好食品安全隐患排查、信息报告、宣传教育等工作，开展C、D级食品经营主体食品安全包保工作",
                "",
            ),
        ),
    ],
)
def test_basic_row_gives_number_category_name_and_note(row, expected):
    item = _parse(_document(basic=row)).basic[0]
    assert (item.seq, item.category, item.name, item.note) == expected
    assert item.flags == ()


def test_basic_row_line_is_where_the_row_starts():
    text = _document()
    line = text.split("\n").index(BASIC_ROW) + 1
    assert _parse(text).basic[0].line == line


def test_contents_table_is_not_read_as_items():
    parsed = _parse(_document())
    assert [item.seq for item in parsed.basic] == [8]
    assert all("清单" not in item.name for item in parsed.basic)


# ---------------------------------------------------------------------------------------------
# Coordinating rows: responsibility cells


def _summary(blocks):
    """(department, heading, number of steps, first step) per block."""
    return [(b.department, b.heading, len(b.steps), b.steps[0] if b.steps else None) for b in blocks]


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            COORDINATING_ROW,
            [(None, None, 3, "对负责统计人员做好培训指导；")],
            id="ol-numbered-steps",
        ),
        pytest.param(
            _fixture_line(208),
            [
                ("于田县委组织部", None, 2, "负责推荐党内政协委员；"),
                ("于田县委统一战线工作部", None, 2, "负责推荐党外政协委员；"),
                ("政协于田县委员会机关", None, 3, "将需要推荐的政协委员的各项要求推送至各乡镇进行推荐；"),
            ],
            id="p-department-then-ol",
        ),
        pytest.param(
            _fixture_line(212),
            [
                ("于田县委组织部", None, 6, "将发布招录（招聘）通知下发各乡镇；"),
                ("于田县人力资源和社会保障局", None, 1, "指导录取的事业编制人员办理入职手续、签订事业编制人员录用合同等。"),
                ("于田县委机构编制委员会办公室", None, 2, "审核各乡镇机关、事业单位空编情况；"),
            ],
            id="department-and-steps-inside-one-p",
        ),
        pytest.param(
            _fixture_line(213),
            [(None, None, 4, "组织开展推荐表彰工作，向上级党组织提出表彰工作方案并组织实施；")],
            id="steps-inside-p-without-ol",
        ),
        pytest.param(
            _fixture_line(363),
            [
                ("于田县卫生健康委员会", None, 3, "定期对职业病防治情况进行统计和调查分析、监督工作；"),
                ("于田县人力资源和社会保障局", None, 1, "做好工伤保险监督管理，让劳动者依法享受工伤保险待遇。"),
                ("于田县总工会", None, 1, "依法对职业病防治工作开展监督，维护劳动者的合法权益。"),
            ],
            id="department-labels-without-html",
        ),
        pytest.param(
            _fixture_line(218),
            [
                ("于田县委组织部", "乡镇领导班子和领导干部年度考核、绩效考核", 6, "负责制定县绩效考核暨县委管理领导班子和领导干部年度考核工作方案，确定考核内容、权重、方式、程序和时间安排等内容；"),
                ("于田县委组织部", "科级干部选拔任用", 5, "动议环节：形成干部考察方案并向县委进行专题汇报；"),
                ("于田县委组织部", "职级晋升", 6, "制定职级晋升工作方案；"),
                ("于田县人力资源和社会保障局", "职级晋升", 1, "负责审批管理岗九级职员及以下职员等级晋升。"),
                ("于田县委组织部", "干部监督", 3, "建立干部廉政档案，定期更新个人有关事项报告；"),
            ],
            id="headings-departments-and-unnumbered-ol",
        ),
    ],
)
def test_department_duties_are_split_per_department_and_step(row, expected):
    item = _parse(_document(coordinating=row)).coordinating[0]
    assert _summary(item.department_duties) == expected


def test_step_broken_by_a_stray_p_is_joined_back():
    item = _parse(_document(coordinating=_fixture_line(283))).coordinating[0]
    steps = item.department_duties[0].steps
    assert len(steps) == 10
    assert steps[5] == (
        "采取多种形式，开展农药包装废弃物处理的宣传和教育，指导农药生产者、经营者和专业化服务机构开展农药包装废弃物的回收处理；"
    )
    assert steps[9].endswith("情节严重的依规予以罚款。")


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        pytest.param(
            COORDINATING_ROW,
            [(None, None, 1, "常态化维护信息系统，填报相关报表，报县委组织部审核。")],
            id="plain-text",
        ),
        pytest.param(
            _fixture_line(213),
            [(None, None, 2, "根据分配的名额和条件，组织基层党组织进行民主推荐，逐级研究提出推荐对象；")],
            id="steps-inside-p",
        ),
        pytest.param(
            _fixture_line(218),
            [
                (None, "镇领导班子和领导干部年度考核、绩效考核", 6, "参加考核班子成员撰写述职述德述廉报告、年度工作总结、现实表现等材料；"),
                (None, "科级干部选拔任用", 7, "根据岗位空缺提出选拔建议，组织民主推荐，初步筛选候选人，报县委审批后启动考察程序；"),
                (None, "干部职级晋升", 3, "摸排符合职级晋升人员名单，审核任职年限、年度考核结果等材料；"),
                (None, "干部监督", 5, "对机关及所属单位人员持有因私出国（境）证件情况、兼（任）任职情况进行排查，由涉及问题本人及所在单位上报情况说明；"),
            ],
            id="sub-headings-over-unnumbered-ol",
        ),
    ],
)
def test_township_duties_keep_sub_headings_and_no_department(row, expected):
    item = _parse(_document(coordinating=row)).coordinating[0]
    assert _summary(item.township_duties) == expected


@pytest.mark.parametrize(
    ("row", "category", "departments"),
    [
        (COORDINATING_ROW, "党的建设", ("于田县委组织部",)),
        (
            _fixture_line(368),
            "应急管理及消防",
            ("于田县应急管理局", "于田县文化体育广播电视和旅游局", "于田县住房和城乡建设局以及其他负有安全监管职责的部门"),
        ),
        (
            _fixture_line(408),
            "教育培训监管",
            ("于田县教育局", "于田县市场监督管理局", "于田县民政局", "于田县文化体育广播电视和旅游局", "于田县科学技术局"),
        ),
    ],
)
def test_coordinating_category_and_departments_are_clean(row, category, departments):
    item = _parse(_document(coordinating=row)).coordinating[0]
    assert (item.category, item.departments) == (category, departments)


def test_empty_responsibility_cell_is_flagged():
    row = "| 10 | 党的建设 | 党内统计工作 | 于田县委组织部 | | 常态化维护信息系统，填报相关报表，报县委组织部审核。 | |"
    item = _parse(_document(coordinating=row)).coordinating[0]
    assert item.department_duties == ()
    assert item.flags == (ReviewFlag(FLAG_CELL_MISSING, "上级部门职责为空"),)


# ---------------------------------------------------------------------------------------------
# Reclaimed rows


@pytest.mark.parametrize(
    ("cell", "departments", "methods", "flags"),
    [
        pytest.param(
            "承接部门：于田县民政局 工作方式：由于田县民政局负责婚姻登记工作。",
            ("于田县民政局",),
            (ReclaimedMethod("由于田县民政局负责婚姻登记工作。", "于田县民政局"),),
            (),
            id="department-and-method",
        ),
        pytest.param(
            "承接部门：于田县农业农村局 承接方式：由于田县农业农村局负责对破坏或者擅自改变基本农田保护区标志的处罚工作",
            ("于田县农业农村局",),
            (ReclaimedMethod("由于田县农业农村局负责对破坏或者擅自改变基本农田保护区标志的处罚工作", "于田县农业农村局"),),
            (),
            id="承接方式-label",
        ),
        pytest.param(
            "此项工作不再开展。",
            (),
            (ReclaimedMethod("此项工作不再开展。"),),
            (),
            id="work-stops",
        ),
        pytest.param(
            "此项工作已取消。",
            (),
            (ReclaimedMethod("此项工作已取消。"),),
            (),
            id="work-stops-in-other-words",
        ),
        pytest.param(
            "承接部门：于田县自然资源局、于田县水利局 工作方式：由于田县自然资源局对其他非法采砂违法行为监管执法；"
            "由于田县水利局对河道非法采砂违法行为监管执法。",
            ("于田县自然资源局", "于田县水利局"),
            (
                ReclaimedMethod("由于田县自然资源局对其他非法采砂违法行为监管执法", "于田县自然资源局"),
                ReclaimedMethod("由于田县水利局对河道非法采砂违法行为监管执法。", "于田县水利局"),
            ),
            (),
            id="several-departments-one-clause-each",
        ),
        pytest.param(  # from the tab-separated list 000: department, then 承接方式
            "市人社局 承接方式：由市人社局负责开展工伤认定调查",
            ("市人社局",),
            (ReclaimedMethod("由市人社局负责开展工伤认定调查", "市人社局"),),
            (),
            id="department-without-label",
        ),
        pytest.param(  # from the layout-preserving list 001
            "工作方式：不再开展此项工作。",
            (),
            (ReclaimedMethod("不再开展此项工作。"),),
            (),
            id="method-label-work-stops",
        ),
        pytest.param(
            "由市人社局负责开展工伤认定调查",
            (),
            (ReclaimedMethod("由市人社局负责开展工伤认定调查"),),
            (ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "未单独写明承接部门"),),
            id="no-department-named",
        ),
        pytest.param(
            "",
            (),
            (),
            (ReviewFlag(FLAG_CELL_MISSING, "承接部门及工作方式为空"),),
            id="empty",
        ),
    ],
)
def test_reclaimed_cell_maps_onto_departments_and_methods(cell, departments, methods, flags):
    row = f"| 16 | 社会保障 | 医疗救助待遇审批 | {cell} | |"
    item = _parse(_document(reclaimed=row)).reclaimed[0]
    assert (item.departments, item.methods, item.flags) == (departments, methods, flags)


def test_reclaimed_shared_method_with_repeated_department_keeps_each_clause():
    item = _parse(_document(reclaimed=_fixture_line(479))).reclaimed[0]
    assert [m.department for m in item.methods] == [
        "于田县应急管理局",
        "于田县公安局",
        "于田县应急管理局",
        "于田县市场监督管理局",
    ]


# ---------------------------------------------------------------------------------------------
# Page breaks and damage


def test_row_continued_after_a_page_break_is_merged_into_its_item():
    first = (
        "| 39 | 乡村振兴 | 农药使用指导、服务工作，农药包装废弃物回收清理工作 | 于田县农业农村局 | "
        "<ol style=\"list-style-type: none\"> 1. 制定农药减量施用实施方案； 2. 采取多种形式，开展农药包装废弃物处理的宣传和教 | "
        "<ol style=\"list-style-type: none\"> 1. 协助开展农药使用指导、服务工作； | |"
    )
    rest = (
        "| | | | | 育，指导农药生产者、经营者和专业化服务机构开展农药包装废弃物的回收处理； 3. 指导资源化利用单位利用处置收回的农药包装废弃物； | "
        "2. 按照要求，做好回收工作并及时上报回收数据。 | |"
    )
    parsed = _parse(_document(coordinating=f"{first}\n\n{COORDINATING_HEADER}\n{rest}"))
    assert [item.seq for item in parsed.coordinating] == [39]
    item = parsed.coordinating[0]
    assert item.department_duties[0].steps[1].endswith("宣传和教育，指导农药生产者、经营者和专业化服务机构开展农药包装废弃物的回收处理；")
    assert len(item.department_duties[0].steps) == 3
    assert len(item.township_duties[0].steps) == 2


def test_page_whose_first_row_became_the_header_keeps_that_row():
    second = "| 9 | 党的建设 | 健全基层党组织领导的基层群众自治制度，加强基层政权治理能力建设 | |"
    parsed = _parse(_document(basic=f"{BASIC_ROW}\n\n{second}\n|----|------|--|----|"))
    assert [item.seq for item in parsed.basic] == [8, 9]


def test_english_and_from_extraction_is_put_back_as_chinese():
    parsed = _parse(_document(reclaimed=_fixture_line(428)))
    item = parsed.reclaimed[0]
    assert item.name.endswith("做出显著成绩的单位和个人，给予表彰和奖励")
    assert item.methods[0].text.endswith("做出显著成绩的单位和个人的奖励。")
    assert [issue.code for issue in parsed.issues] == ["text_repaired"]


def test_english_word_in_chinese_text_is_flagged():
    item = _parse(_document(coordinating=_fixture_line(404))).coordinating[0]
    assert item.flags == (ReviewFlag(FLAG_TEXT_DAMAGED, "疑似被提取工具译成英文的词：workflows"),)


# ---------------------------------------------------------------------------------------------
# Fatal structure problems


@pytest.mark.parametrize(
    "cut",
    [
        pytest.param(lambda last: last[: len(last) // 2], id="inside-a-cell"),
        pytest.param(lambda last: "| 41 | 市场监管 |", id="after-a-cell"),
    ],
)
def test_file_cut_inside_its_last_row_raises_truncated(cut):
    lines = _fixture_text().split("\n")
    text = "\n".join(lines[:-1] + [cut(lines[-1])])
    with pytest.raises(ParseError) as raised:
        _parse(text)
    assert raised.value.issue.code == "truncated"
    assert raised.value.issue.line == len(lines)
    assert f"test.txt:{len(lines)}" in str(raised.value)


def test_file_without_the_reclaimed_table_raises_part_missing():
    text = _fixture_text().split("\n上级部门收回事项清单\n")[0]
    with pytest.raises(ParseError) as raised:
        _parse(text)
    assert raised.value.issue.code == "part_missing"
    assert "上级部门收回事项清单" in raised.value.issue.message


def test_table_without_rows_raises_no_items():
    text = _document(reclaimed="")
    with pytest.raises(ParseError) as raised:
        _parse(text)
    assert raised.value.issue.code == "no_items"
    assert raised.value.issue.line == text.split("\n").index(RECLAIMED_HEADER.split("\n")[0]) + 1


# ---------------------------------------------------------------------------------------------
# The whole published list


@pytest.fixture(scope="module")
def parsed_fixture():
    return markdown.parse_text(_fixture_text(), source=MARKDOWN_FIXTURE.name)


def test_fixture_gives_the_counts_stated_in_its_explanation(parsed_fixture):
    counts = (len(parsed_fixture.basic), len(parsed_fixture.coordinating), len(parsed_fixture.reclaimed))
    assert counts == (116, 98, 41)


@pytest.mark.parametrize("part", ["basic", "coordinating", "reclaimed"])
def test_fixture_numbers_run_without_gaps(parsed_fixture, part):
    items = getattr(parsed_fixture, part)
    assert [item.seq for item in items] == list(range(1, len(items) + 1))
    assert not [issue for issue in parsed_fixture.issues if issue.code == "sequence"]


def test_fixture_item_lines_point_at_their_rows(parsed_fixture):
    lines = _fixture_text().split("\n")
    for item in parsed_fixture.basic + parsed_fixture.coordinating + parsed_fixture.reclaimed:
        assert lines[item.line - 1].startswith(f"| {item.seq} |")


def test_fixture_taken_back_part_names_sixteen_departments(parsed_fixture):
    assert len({name for item in parsed_fixture.reclaimed for name in item.departments}) == 16


def test_fixture_text_is_clean(parsed_fixture):
    texts = [item.name for item in parsed_fixture.basic + parsed_fixture.coordinating + parsed_fixture.reclaimed]
    for item in parsed_fixture.coordinating:
        for block in item.department_duties + item.township_duties:
            texts += list(block.steps) + [block.department or "", block.heading or ""]
    for item in parsed_fixture.reclaimed:
        texts += [method.text for method in item.methods]
    assert all(text.strip() == text for text in texts)
    assert not [text for text in texts if "<" in text or " and " in text or text[:2] in {"1.", "2."}]
    assert not [text for text in texts if text.endswith("：")]
