"""Tests for the tab-separated layout parser, on real rows of the bundled lists 000 and 004."""

from pathlib import Path

import pytest

from importers.layouts import tabbed
from importers.normalize import clean_text
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_NAME_MISSING,
    FLAG_SEQUENCE,
    FLAG_TEXT_DAMAGED,
    FLAG_TEXT_TRUNCATED,
    ParseError,
    Place,
    ReclaimedMethod,
    StepBlock,
)

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
CLEAN = "000_5d7574d3c5ca649c.txt"  # clean extraction, <p> cells
OCR = "004_75977ff95c5311e1.txt"  # OCR: spaces in words, garbled and missing cells


def _text(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _line(name: str, number: int) -> str:
    """One line of a fixture file (1-based), to use real rows too long to quote here."""
    return _text(name).splitlines()[number - 1]


HEADER_BASIC = "序号\t事项类别\t事项名称"
HEADER_COORDINATING = "序号\t事项类别\t事项名称\t对应上级部门\t上级部门职责\t镇配合职责"
HEADER_COORDINATING_OCR = "序号\t事项 类别\t事项名称\t对应上级部门\t上级部门职责\t乡镇(街道)配合职责"
HEADER_RECLAIMED = "序号\t事项类别\t事项名称\t承接部门及 工作方式"
BASIC_ROW = "1\t党的建设\t负责村“两委”干部及其后备干部“选育管用”工作"
COORDINATING_ROW = (
    "13\t民生服务\t举办各类招聘活动\t市人力资源和社会保障局\t1.向镇推送就业岗位； "
    "2.组织开展招聘活动，提供就业政策法规解读、职业指导、岗位推荐。\t"
    "1.开展就业岗位宣传，摸排群众就业岗位需求，开发本辖区就业岗位，建立台账； "
    "2.指导村（社区）组织未就业人员参加招聘会。"
)
RECLAIMED_ROW = "14\t乡村振兴\t惠民保险征缴工作\t不再开展此项工作"


def _document(basic=(BASIC_ROW,), coordinating=(COORDINATING_ROW,), reclaimed=(RECLAIMED_ROW,)):
    """A minimal list in this layout: the three tables, each with the given rows."""
    return "\n".join(
        ["伊犁州伊宁市潘津镇基本履职事项清单", "", HEADER_BASIC, *basic, ""]
        + ["伊犁州伊宁市潘津镇配合履职事项清单", "", HEADER_COORDINATING, *coordinating, ""]
        + ["伊犁州伊宁市潘津镇上级部门收回事项清单", "", HEADER_RECLAIMED, *reclaimed]
    )


def _flags(item) -> tuple:
    """An item's review flags, less the 序号 gap a one-row snippet table always has."""
    return tuple(flag for flag in item.flags if flag.code != FLAG_SEQUENCE)


def _codes(item) -> set[str]:
    return {flag.code for flag in _flags(item)}


# ---------------------------------------------------------------------------------------------
# detect()


@pytest.mark.parametrize(
    "fixture, expected",
    [
        ("000_5d7574d3c5ca649c.txt", True),  # clean tab-separated
        ("004_75977ff95c5311e1.txt", True),  # OCR tab-separated
        ("001_1fdc4c7ea05d9441.txt", False),  # layout-preserving text
        ("002_fe4ab73d7f7b2358.txt", False),  # markdown pipe tables
    ],
)
def test_detect_accepts_tab_tables_only(fixture, expected):
    assert tabbed.detect_text(_text(fixture)) is expected


def test_detect_rejects_a_table_of_contents_alone():
    toc = "目 录\n\n1. 基本履职事项清单\t1\n2. 配合履职事项清单\t88\n3. 上级部门收回事项清单\t96\n"
    assert tabbed.detect_text(toc) is False


# ---------------------------------------------------------------------------------------------
# Golden: whole files


@pytest.mark.parametrize(
    "fixture, basic, coordinating, reclaimed",
    [(CLEAN, 87, 129, 52), (OCR, 140, 108, 44)],
)
def test_whole_file_gives_the_published_item_counts(fixture, basic, coordinating, reclaimed):
    items = tabbed.parse_text(_text(fixture), source=fixture)
    assert (len(items.basic), len(items.coordinating), len(items.reclaimed)) == (
        basic,
        coordinating,
        reclaimed,
    )


@pytest.mark.parametrize("fixture", [CLEAN, OCR])
def test_whole_file_sequence_numbers_have_no_gap(fixture):
    items = tabbed.parse_text(_text(fixture), source=fixture)
    for part in (items.basic, items.coordinating, items.reclaimed):
        assert [item.seq for item in part] == list(range(1, len(part) + 1))
        assert not any(flag.code == FLAG_SEQUENCE for item in part for flag in item.flags)
    assert items.issues == ()


@pytest.mark.parametrize("fixture", [CLEAN, OCR])
def test_every_item_line_is_where_its_row_starts(fixture):
    lines = _text(fixture).splitlines()
    items = tabbed.parse_text(_text(fixture), source=fixture)
    for item in (*items.basic, *items.coordinating, *items.reclaimed):
        assert lines[item.line - 1].startswith(f"{item.seq}\t")


def test_clean_file_is_almost_unflagged():
    """Only two real defects of the published 000 list are flagged."""
    items = tabbed.parse_text(_text(CLEAN), source=CLEAN)
    flagged = {
        (item.seq, flag.code)
        for part in (items.basic, items.coordinating, items.reclaimed)
        for item in part
        for flag in item.flags
    }
    # 配合 116 names the department "市城市管理" (cut); 收回 41 has the English word "behavior".
    assert flagged == {(116, FLAG_DEPARTMENT_UNRESOLVED), (41, FLAG_TEXT_DAMAGED)}


def test_clean_file_place_comes_from_part_title():
    items = tabbed.parse_text(_text(CLEAN), source=CLEAN)
    assert items.place == Place(prefecture="伊犁州", county="伊宁市", township="潘津镇")


def test_ocr_file_flags_every_garbled_coordinating_row_a_reader_would_notice():
    items = tabbed.parse_text(_text(OCR), source=OCR)
    flagged = {item.seq for item in items.coordinating if item.flags}
    garbled = {2, 5, 13, 14, 15, 17, 18, 24, 25, 26, 27, 30, 36, 37, 43, 50, 51, 52, 60, 66}
    garbled |= {68, 70, 73, 76, 77, 78, 88, 89, 92, 97, 98, 101, 102, 107}
    assert garbled <= flagged
    assert not {1, 3, 4, 7, 10, 11, 12, 16, 19, 21, 32, 35, 40} & flagged


def test_ocr_file_flags_garbled_reclaimed_names():
    items = tabbed.parse_text(_text(OCR), source=OCR)
    flagged = {item.seq for item in items.reclaimed if FLAG_TEXT_DAMAGED in _codes(item)}
    assert {26, 28, 36, 41} <= flagged
    assert not {2, 3, 4, 14, 22, 43, 44} & flagged


# ---------------------------------------------------------------------------------------------
# Basic rows


@pytest.mark.parametrize(
    "row, category, name, codes",
    [
        (BASIC_ROW, "党的建设", "负责村“两委”干部及其后备干部“选育管用”工作", set()),
        (  # OCR: category wrapped inside the cell, half-width punctuation
            "78\t精神文明建 设\t培育和践行社会主义核心价值观,提升各族干部群众思想道德水平,"
            "开展爱国主义教育、全民国防教育",
            "精神文明建设",
            "培育和践行社会主义核心价值观，提升各族干部群众思想道德水平，开展爱国主义教育、全民国防教育",
            set(),
        ),
        (  # OCR: the category cell is noise where 党的建设 should be
            "4\t1H1 H1 1H2 1H7\t加强党委自身建设,履行全面从严治党主体责任",
            "1H1 H1 1H2 1H7",
            "加强党委自身建设，履行全面从严治党主体责任",
            {FLAG_TEXT_DAMAGED},
        ),
        (  # OCR: empty category cell stays empty, unflagged (a later pass infers it)
            "1\t\t负责党风廉政建设和反腐败工作",
            "",
            "负责党风廉政建设和反腐败工作",
            set(),
        ),
    ],
)
def test_basic_row(row, category, name, codes):
    (item,) = tabbed.parse_text(_document(basic=(row,)), source="t").basic
    assert (item.category, item.name, _codes(item)) == (category, name, codes)


# ---------------------------------------------------------------------------------------------
# Coordinating rows


def test_coordinating_row_with_p_steps_loses_markup_and_numbers():
    row = _line(CLEAN, 134)  # 配合 2: 市级以上党内表彰激励工作
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert item.departments == ("市委组织部",)
    (block,) = item.department_duties
    assert block.steps[0] == "制定表彰工作方案，报州党委组织部请示备案后启动，并将通知下发展至各镇党委；"
    assert len(block.steps) == 4
    assert item.township_duties[0].steps[0].startswith("采取自下而上、上下结合的方式")
    assert _flags(item) == ()


@pytest.mark.parametrize(
    "fixture, line, departments",
    [
        (CLEAN, 194, ("市教育局", "市农业农村局")),  # <p>市教育局：</p> <p>…</p>
        (OCR, 198, ("县委编办", "县人力资源和社会保障局", "县委组织部")),  # inline "县委编办: …"
        (OCR, 205, ("县自然资源局", "县财政局")),
    ],
)
def test_per_department_blocks_become_one_block_each(fixture, line, departments):
    (item,) = tabbed.parse_text(_document(coordinating=(_line(fixture, line),)), source="t").coordinating
    assert tuple(block.department for block in item.department_duties) == departments
    assert all(block.steps for block in item.department_duties)
    assert _flags(item) == ()


def test_sub_headings_are_kept_as_block_headings():
    row = _line(CLEAN, 255)  # 配合 57: "两违"和"卫片"整治, 一、… 二、… 三、…
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    headings = [block.heading for block in item.township_duties]
    assert headings == ["违法用地整治方面", "违法建设整治方面", "“卫片”整治工作"]
    assert item.township_duties[0].steps == (
        "负责违法用地宣传教育，开展线索收集和问题核查，上报至市自然资源局，"
        "同时对正在存在的违法行为进行劝阻、制止。",
    )


# Department labels naming several departments, as list 002 prints them (items 13, 26, 29, 80),
# drawn in the cell styles tab-separated text and document tables give: <p> paragraphs, one run-on
# line, a label right after a sentence's full stop, the short county prefix of an OCR list.
SEVERAL_DEPARTMENTS = "于田县水利局、于田县林业和草原局、于田县农业农村局"


@pytest.mark.parametrize(
    "departments, duties, blocks",
    [
        pytest.param(
            SEVERAL_DEPARTMENTS,
            "<p>于田县水利局：</p> <p>1.做好农业灌溉管理引导工作，开展宣传教育及培训；</p> "
            "<p>2.加强对农业灌溉水费征收工作的监督与管理，确保水费征收的合法性和规范性。</p> "
            "<p>于田县林业和草原局、于田县农业农村局：</p> <p>1.提供准确的种植结构、种植面积。</p>",
            [
                ("于田县水利局", ("做好农业灌溉管理引导工作，开展宣传教育及培训；",
                                  "加强对农业灌溉水费征收工作的监督与管理，确保水费征收的合法性和规范性。")),
                ("于田县林业和草原局、于田县农业农村局", ("提供准确的种植结构、种植面积。",)),
            ],
            id="p-cells",
        ),
        pytest.param(
            "于田县委宣传部、于田县科学技术局、于田县科学技术协会、于田县卫生健康委员会",
            "于田县委宣传部： 1.制定文化科技卫生“三下乡”活动方案，统筹相关部门组织开展活动； "
            "2.统筹做好文化下乡各项工作。 于田县科学技术局、于田县科学技术协会： "
            "统筹做好科技下乡、科学技术普及推广等各项活动。 于田县卫生健康委员会： 统筹做好卫生下乡各项活动。",
            [
                ("于田县委宣传部", ("制定文化科技卫生“三下乡”活动方案，统筹相关部门组织开展活动；",
                                    "统筹做好文化下乡各项工作。")),
                ("于田县科学技术局、于田县科学技术协会", ("统筹做好科技下乡、科学技术普及推广等各项活动。",)),
                ("于田县卫生健康委员会", ("统筹做好卫生下乡各项活动。",)),
            ],
            id="one-run-on-line",
        ),
        pytest.param(
            "于田县教育局、于田县民政局",
            "于田县教育局：1.组织统筹协调并实施送教上门工作。于田县教育局、于田县财政局、于田县民政局："
            "1.建立健全部门协调联动的联席会议制度，定期召开会议。",
            [
                ("于田县教育局", ("组织统筹协调并实施送教上门工作。",)),
                ("于田县教育局、于田县财政局、于田县民政局", ("建立健全部门协调联动的联席会议制度，定期召开会议。",)),
            ],
            id="label-after-a-full-stop",
        ),
        pytest.param(
            "县应急管理局、县自然资源局、县水利局",
            "县应急管理局、县自然资源局、县水利局： 根据自然灾害情况，报县人民政府批准后，"
            "启动相应等级响应措施，依法组织实施防灾减灾应对处置行动。",
            [
                ("县应急管理局、县自然资源局、县水利局",
                 ("根据自然灾害情况，报县人民政府批准后，启动相应等级响应措施，依法组织实施防灾减灾应对处置行动。",)),
            ],
            id="only-a-shared-label",
        ),
    ],
)
def test_label_naming_several_departments_is_one_block_with_the_label_as_department(
    departments, duties, blocks
):
    row = f"29\t乡村振兴\t农业灌溉管理工作\t{departments}\t{duties}\t1.配合做好农业灌溉管理工作。"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert [(block.department, block.steps) for block in item.department_duties] == blocks
    assert _flags(item) == ()


# A sub-heading right before a department label: the steps follow under the label (list 002
# item 7 prints its duties this way; list 000 item 57 has the same sub-headings).
@pytest.mark.parametrize(
    "duties, blocks",
    [
        pytest.param(
            "<p>一、乡镇领导班子和领导干部年度考核、绩效考核</p> <p>于田县委组织部：</p> "
            "<p>1.组织相关部门对考核指标数据进行收集、整理和分析；</p> <p>2.对考核结果进行公示、通报。</p> "
            "<p>二、职级晋升</p> <p>于田县委组织部：</p> <p>1.制定职级晋升工作方案。</p> "
            "<p>于田县人力资源和社会保障局：</p> <p>1.负责审批管理岗九级职员及以下职员等级晋升。</p>",
            [
                StepBlock(("组织相关部门对考核指标数据进行收集、整理和分析；", "对考核结果进行公示、通报。"),
                          department="于田县委组织部", heading="乡镇领导班子和领导干部年度考核、绩效考核"),
                StepBlock(("制定职级晋升工作方案。",), department="于田县委组织部", heading="职级晋升"),
                StepBlock(("负责审批管理岗九级职员及以下职员等级晋升。",),
                          department="于田县人力资源和社会保障局", heading="职级晋升"),
            ],
            id="p-cells",
        ),
        pytest.param(
            "一、违法用地整治方面 市自然资源局：对核查信息开展分析研判，对涉及违法用地行为依法查处。 "
            "二、违法建设整治方面 市自然资源局、市住建局：1.对违法建设行为责令停止建设、限期改正； "
            "2.对建城区内的自建房、私搭乱建行为进行查处。",
            [
                StepBlock(("对核查信息开展分析研判，对涉及违法用地行为依法查处。",),
                          department="市自然资源局", heading="违法用地整治方面"),
                StepBlock(("对违法建设行为责令停止建设、限期改正；", "对建城区内的自建房、私搭乱建行为进行查处。"),
                          department="市自然资源局、市住建局", heading="违法建设整治方面"),
            ],
            id="one-run-on-line",
        ),
    ],
)
def test_sub_heading_before_a_department_label_heads_its_steps_and_is_not_truncation(duties, blocks):
    row = f"57\t自然资源\t“两违”整治工作\t市自然资源局、市住建局\t{duties}\t1.负责违法用地宣传教育。"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert list(item.department_duties) == blocks
    assert _flags(item) == ()


@pytest.mark.parametrize(
    "duties, where",
    [
        pytest.param(
            "市自然资源局：1.对涉及违法用地行为依法查处。 二、违法建设整治方面",
            "上级部门职责（市自然资源局）",
            id="heading-ends-the-cell",
        ),
        pytest.param(
            "一、违法用地整治方面 市自然资源局： 市住建局：1.对违法建设行为进行查处。",
            "上级部门职责（市自然资源局）",
            id="label-with-nothing-under-it",
        ),
    ],
)
def test_sub_heading_or_label_without_steps_is_still_truncation(duties, where):
    row = f"57\t自然资源\t“两违”整治工作\t市自然资源局、市住建局\t{duties}\t1.负责违法用地宣传教育。"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    truncated = [flag.detail for flag in _flags(item) if flag.code == FLAG_TEXT_TRUNCATED]
    assert f"{where}只有标题、没有内容，疑似被截断" in truncated


def test_ocr_sub_heading_followed_by_unnumbered_text():
    row = _line(OCR, 197)  # 配合 6: "二、政协委员考察调研服务保障工作 做好…"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert item.township_duties[-1] == StepBlock(
        steps=("做好各级政协委员在本乡开展考察调研等活动的服务保障工作。",),
        heading="政协委员考察调研服务保障工作",
    )


def test_ocr_clean_row_joins_words_and_is_not_flagged():
    row = _line(OCR, 190)  # 配合 1: "推荐县级以 上党代表工 作"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert item.name == "推荐县级以上党代表工作"
    assert item.departments == ("巴楚县委组织部",)
    assert item.department_duties[0].steps[0] == (
        "成立选举工作领导机构，制定选举方案，明确代表名额、构成比例、分配原则及选举程序；"
    )
    assert _flags(item) == ()


def test_ocr_wrapped_department_cell_is_split_into_names():
    row = _line(OCR, 198)  # "巴楚县委组织部 、巴楚县人力资 源和社会保障局 、巴楚县委编办"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert item.departments == ("巴楚县委组织部", "巴楚县人力资源和社会保障局", "巴楚县委编办")


@pytest.mark.parametrize(
    "line, code, detail_part",
    [
        (196, FLAG_TEXT_DAMAGED, "连续标点"),  # name "依法开、 、 、 、…"
        (196, FLAG_TEXT_TRUNCATED, "从第2条开始"),  # 上级部门职责 starts at "2."
        (197, FLAG_TEXT_TRUNCATED, "从第4条开始"),  # starts at "4.确定推荐名单并公布。"
        (202, FLAG_CELL_MISSING, "上级部门职责为空"),
        (211, FLAG_NAME_MISSING, "事项名称为空"),
        (211, FLAG_TEXT_TRUNCATED, "（县财政局）只有标题"),  # ends with "县财政局:"
        (214, FLAG_DEPARTMENT_UNRESOLVED, "巴"),  # department cell reads "巴"
        (225, FLAG_TEXT_DAMAGED, "会氏以向"),  # garbled department label
        (228, FLAG_TEXT_DAMAGED, "繁体或异体字"),  # "兩露计划"
        (232, FLAG_TEXT_DAMAGED, "噪声符号"),  # "【重移栅1】"
        (237, FLAG_TEXT_DAMAGED, "反复出现"),  # "我们是一个人,我们是一个人,…"
        (246, FLAG_TEXT_DAMAGED, "长短不一"),  # "开展高素质 农民培强农 作,加强农 民合队伍 导员设"
        (290, FLAG_TEXT_DAMAGED, "“早”应为“旱”"),  # name says 抗早设施, duties 抗旱设施
        (306, FLAG_TEXT_DAMAGED, "长短不一"),  # department "巴楚县尚务相上 业信自 业 局"
        (337, FLAG_TEXT_DAMAGED, "混入了职责内容"),  # duties in the department column
        (340, FLAG_TEXT_DAMAGED, "虚词重叠"),  # "撤的的…撤的的…是是"
    ],
)
def test_garbled_ocr_coordinating_row_is_flagged(line, code, detail_part):
    (item,) = tabbed.parse_text(_document(coordinating=(_line(OCR, line),)), source="t").coordinating
    assert any(f.code == code and detail_part in f.detail for f in item.flags), _flags(item)


def test_steps_cut_at_the_start_are_kept_without_placeholders():
    row = _line(OCR, 233)  # 配合 28: 上级部门职责 starts at "2.司法局与…"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    steps = item.department_duties[0].steps
    assert steps[0] == "司法局与多级共同承担多司法所经贸；"
    assert len(steps) == 7


def test_ocr_first_step_without_its_dot_is_still_step_one():
    row = _line(OCR, 234)  # 配合 29: township cell "1常态化对…; 2.建立…"
    (item,) = tabbed.parse_text(_document(coordinating=(row,)), source="t").coordinating
    assert item.township_duties[0].steps[0].startswith("常态化对“两不愁、三保障”")
    assert len(item.township_duties[0].steps) == 6


def test_ocr_row_wrapped_over_a_page_break_continues_the_previous_row():
    rows = (_line(OCR, 279), _line(OCR, 281), _line(OCR, 282))  # row 60, header, spill-over
    assert rows[1].startswith("序号") and rows[2].startswith("\t\t\t\t2.开展噪声")
    (item,) = tabbed.parse_text(_document(coordinating=rows), source="t").coordinating
    assert item.seq == 60
    water = item.department_duties[-1]
    assert water.department == "县水利局"
    assert water.steps[0].endswith("推进节水型")
    assert water.steps[1].startswith("开展噪声污染防")


def test_unreadable_sequence_number_keeps_the_row_and_flags_it():
    unreadable = COORDINATING_ROW.replace("13\t", "l4\t", 1)
    rows = (COORDINATING_ROW, unreadable)
    items = tabbed.parse_text(_document(coordinating=rows), source="t").coordinating
    assert [item.seq for item in items] == [13, 14]
    assert items[1].flags[0].code == FLAG_SEQUENCE


# ---------------------------------------------------------------------------------------------
# Reclaimed rows


@pytest.mark.parametrize(
    "row, departments, methods",
    [
        (RECLAIMED_ROW, (), (ReclaimedMethod(text="不再开展此项工作"),)),
        (
            "1\t民生服务\t出具婚姻状况证明(婚姻关系证明、分居证明)\t不再开展此项工作。",
            (),
            (ReclaimedMethod(text="不再开展此项工作。"),),
        ),
        (
            "2\t民生服务\t工伤认定调查\t市人社局 承接方式：由市人社局负责开展工伤认定调查",
            ("市人社局",),
            (ReclaimedMethod(text="由市人社局负责开展工伤认定调查", department="市人社局"),),
        ),
        (
            "3\t民生服务\t违规领取高龄津贴的追缴\t承接部门: 巴楚县民政局 "
            "工作方式: 由县民政局负责违规领取高龄津贴的追缴。",
            ("巴楚县民政局",),
            (ReclaimedMethod(text="由县民政局负责违规领取高龄津贴的追缴。", department="巴楚县民政局"),),
        ),
        (
            "6\t乡村振兴\t\t承接部门: 巴楚县农业农村局 承接方式: 由县农业农村局负责动物及动物产品检疫。",
            ("巴楚县农业农村局",),
            (
                ReclaimedMethod(
                    text="由县农业农村局负责动物及动物产品检疫。", department="巴楚县农业农村局"
                ),
            ),
        ),
    ],
)
def test_reclaimed_row_departments_and_methods(row, departments, methods):
    (item,) = tabbed.parse_text(_document(reclaimed=(row,)), source="t").reclaimed
    assert (item.departments, item.methods) == (departments, methods)


@pytest.mark.parametrize(
    "method",
    [
        "此项工作不再开展。",  # list 002
        "不再开展此项工作",  # lists 000 and 004
        "不再开展此项工作。",
        "该项工作不再开展。",
        "此项工作已取消",
        "不再承担此项工作。",
        "落实党中央精简优化基层考核有关要求,不再开展此项工作",  # a reason first (004, OCR commas)
    ],
)
def test_reclaimed_work_stops_has_no_receiver_and_no_flag(method):
    row = f"4\t民生服务\t出具婚姻状况证明（婚姻关系证明、分居证明）\t{method}"
    (item,) = tabbed.parse_text(_document(reclaimed=(row,)), source="t").reclaimed
    assert item.departments == ()
    assert item.methods == (ReclaimedMethod(text=clean_text(method)),)  # kept as published
    assert _flags(item) == ()


@pytest.mark.parametrize(
    "method",
    [
        "由于田县民政局负责婚姻登记工作。此项工作不再开展。",  # a second sentence: not the cell's meaning
        "乡镇不再开展，由县里负责",
    ],
)
def test_reclaimed_method_that_only_mentions_stopping_still_needs_a_receiver(method):
    row = f"4\t民生服务\t出具婚姻状况证明（婚姻关系证明、分居证明）\t{method}"
    (item,) = tabbed.parse_text(_document(reclaimed=(row,)), source="t").reclaimed
    assert FLAG_DEPARTMENT_UNRESOLVED in _codes(item)


def test_reclaimed_row_with_several_receivers_and_a_cut_last_one():
    row = _line(OCR, 413)  # 收回 41: seven 承接部门, the last without 工作方式
    (item,) = tabbed.parse_text(_document(reclaimed=(row,)), source="t").reclaimed
    assert len(item.departments) == 7 and len(item.methods) == 6
    assert item.methods[1] == ReclaimedMethod(
        text="由县公安局负责本行政区域加油站公共安全管理。", department="巴楚县公安局"
    )
    assert {FLAG_TEXT_DAMAGED, FLAG_TEXT_TRUNCATED} <= _codes(item)


@pytest.mark.parametrize(
    "line, code, detail_part",
    [
        (366, FLAG_NAME_MISSING, "事项名称为空"),
        (392, FLAG_TEXT_DAMAGED, "“里”应为“单”"),  # "对建设里位擅目处分…"
        (396, FLAG_TEXT_DAMAGED, "“木”应为“未”"),  # "木经业王大会问意"
        (406, FLAG_TEXT_DAMAGED, "长短不一"),  # "医抗骨缺分 路路 围墙体 …"
    ],
)
def test_garbled_ocr_reclaimed_row_is_flagged(line, code, detail_part):
    (item,) = tabbed.parse_text(_document(reclaimed=(_line(OCR, line),)), source="t").reclaimed
    assert any(f.code == code and detail_part in f.detail for f in item.flags), _flags(item)


@pytest.mark.parametrize("line", [362, 363, 364, 374, 416])
def test_clean_ocr_reclaimed_row_is_not_flagged(line):
    (item,) = tabbed.parse_text(_document(reclaimed=(_line(OCR, line),)), source="t").reclaimed
    assert _flags(item) == ()


# ---------------------------------------------------------------------------------------------
# Fatal structure


def test_file_cut_inside_a_coordinating_row_is_truncated():
    lines = _text(CLEAN).splitlines()
    cut_row = lines[133].split("\t")  # line 134: 配合 2, cut inside 上级部门职责
    text = "\n".join(lines[:133] + ["\t".join(cut_row[:4] + [cut_row[4][:60]])])
    with pytest.raises(ParseError) as raised:
        tabbed.parse_text(text, source="cut.txt")
    assert raised.value.issue.code == "truncated"
    assert raised.value.issue.line == 134
    assert "134" in str(raised.value)


def test_file_without_reclaimed_table_is_part_missing():
    text = _text(CLEAN).split("伊犁州伊宁市潘津镇上级部门收回事项清单")[0]
    with pytest.raises(ParseError) as raised:
        tabbed.parse_text(text, source="short.txt")
    assert raised.value.issue.code == "part_missing"
    assert "上级部门收回事项清单" in raised.value.issue.message
