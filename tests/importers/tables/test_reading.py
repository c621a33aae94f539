"""Reading a TableDocument: headers and parts, furniture, merged cells, rows cut by pages, errors."""

from __future__ import annotations

import pytest

from importers.records import FLAG_TEXT_DAMAGED, ParseError, Place, StepBlock
from importers.tables.model import COVERED, Paragraph, Row, TableDocument, Where
from importers.tables.reading import (
    EMPTY_TABLE_MESSAGE,
    NO_TABLE_MESSAGE,
    read_document,
)

BASIC_HEADER = ("序号", "事项类别", "事项名称")
COORDINATING_HEADER = ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "镇配合职责")
RECLAIMED_HEADER = ("序号", "事项类别", "事项名称", "承接部门及 工作方式")

# Real rows of 伊宁市潘津镇 (000) and 于田县先拜巴扎镇 (002).
BASIC_ROWS = (
    ("1", "党的建设", "组织开展理论宣讲，深化习近平新时代中国特色社会主义思想进万家活动"),
    ("2", COVERED, "负责村“两委”干部及其后备干部“选育管用”工作"),
    ("3", COVERED, "加强基层阵地建设，优化提升服务功能"),
    ("4", "经济发展", "制定和落实本镇经济发展规划，推动经济高质量发展"),
)
COORDINATING_ROW = (
    "1", "党的建设", "政协委员人选推荐工作", "政协于田县委员会机关、于田县委组织部",
    "于田县委组织部：\n1.负责推荐党内政协委员；\n2.对推荐人选进行考察、资格联审、公示，确定人选后报县政协。\n"
    "政协于田县委员会机关：\n1.将需要推荐的政协委员的各项要求推送至各乡镇进行推荐；\n2.召开政协主席会议、常委会议协商决定委员名单。",
    "1.按权限做好政协委员人选推荐工作；\n2.按照分配的名额和比例，结合实际，在一定范围酝酿协商，提出初步推荐人选。",
)  # fmt: skip
RECLAIMED_ROWS = (
    ("1", "民生服务", "出具婚姻状况证明（婚姻关系证明、分居证明）", "不再开展此项工作"),
    ("2", COVERED, "工伤认定调查", "承接部门：市人社局\n工作方式：由市人社局负责开展工伤认定调查。"),
)


def rows(cells_list, page=None, first_row=1):
    """Rows of one table, numbered from first_row on a page (or in a Word table)."""
    return [Row(cells, Where(page=page, row=n)) for n, cells in enumerate(cells_list, first_row)]


def document(basic=None, coordinating=None, reclaimed=None, before=()):
    """A three-part document; each part given as blocks, else one header and its real rows."""
    basic = basic if basic is not None else rows([BASIC_HEADER, *BASIC_ROWS])
    coordinating = coordinating if coordinating is not None else rows([COORDINATING_HEADER, COORDINATING_ROW])
    reclaimed = reclaimed if reclaimed is not None else rows([RECLAIMED_HEADER, *RECLAIMED_ROWS])
    return TableDocument((*before, *basic, *coordinating, *reclaimed))


def read(doc):
    return read_document(doc, source="潘津镇.pdf")


def test_each_part_is_read_with_its_columns():
    items = read(document()).items
    assert [item.name for item in items.basic][:1] == ["组织开展理论宣讲，深化习近平新时代中国特色社会主义思想进万家活动"]
    coordinating = items.coordinating[0]
    assert coordinating.departments == ("政协于田县委员会机关", "于田县委组织部")
    assert coordinating.department_duties == (
        StepBlock(("负责推荐党内政协委员；", "对推荐人选进行考察、资格联审、公示，确定人选后报县政协。"), "于田县委组织部"),
        StepBlock(("将需要推荐的政协委员的各项要求推送至各乡镇进行推荐；", "召开政协主席会议、常委会议协商决定委员名单。"), "政协于田县委员会机关"),
    )  # fmt: skip
    assert len(coordinating.township_duties[0].steps) == 2
    assert items.reclaimed[1].departments == ("市人社局",)
    assert not any(flag.code == FLAG_TEXT_DAMAGED for item in items.coordinating for flag in item.flags)


def test_a_category_merged_over_rows_names_every_row():
    items = read(document()).items
    assert [item.category for item in items.basic] == ["党的建设", "党的建设", "党的建设", "经济发展"]
    assert [item.category for item in items.reclaimed] == ["民生服务", "民生服务"]


def test_items_keep_their_row_and_where_they_start():
    items = read(document(basic=rows([BASIC_HEADER, *BASIC_ROWS], page=3))).items
    assert [item.where for item in items.basic][:2] == ["第 3 页第 2 行", "第 3 页第 3 行"]
    assert [item.line for item in items.basic] == [2, 3, 4, 5]


def test_a_row_cut_by_a_page_break_is_joined_to_its_row():
    page_one = rows([COORDINATING_HEADER, COORDINATING_ROW[:4] + (
        "于田县委组织部：\n1.负责推荐党内政协委员；\n2.对推荐人选进行考察、资格联审、公",
        "1.按权限做好政协委员人选推荐工作；",
    )], page=20)  # fmt: skip
    page_two = [
        Row(("", "", "", "", "示，确定人选后报县政协。", "2.按照分配的名额和比例提出初步推荐人选。"), Where(20 + 1, row=1), starts_page=True),
    ]
    item = read(document(coordinating=page_one + page_two)).items.coordinating[0]
    assert item.department_duties[0].steps[-1] == "对推荐人选进行考察、资格联审、公示，确定人选后报县政协。"
    assert item.township_duties[0].steps == ("按权限做好政协委员人选推荐工作；", "按照分配的名额和比例提出初步推荐人选。")
    assert item.where == "第 20 页第 2 行"


def test_a_header_repeated_on_the_next_page_and_footers_are_dropped():
    basic = [
        *rows([BASIC_HEADER, *BASIC_ROWS[:2]], page=1),
        Paragraph("— 1 —"),
        Row(BASIC_HEADER, Where(page=2, row=1), starts_page=True),
        Row(BASIC_ROWS[2], Where(page=2, row=2)),
        Row(("第 2 页 共 35 页", "", ""), Where(page=2, row=3)),
    ]
    items = read(document(basic=basic)).items
    assert [item.seq for item in items.basic] == [1, 2, 3]
    assert items.issues == ()


def test_the_row_after_a_repeated_header_continues_the_cut_row():
    basic = [
        *rows([BASIC_HEADER, ("1", "党的建设", "深入学习贯彻习近平新时代中国特色社会主义思想和习近平总书记关于新疆工作的")], page=1),
        Row(BASIC_HEADER, Where(page=2, row=1), starts_page=True),
        Row(("", "", "重要讲话重要指示批示精神"), Where(page=2, row=2)),
        Row(("2", COVERED, "以铸牢中华民族共同体意识为主线"), Where(page=2, row=3)),
    ]  # fmt: skip
    items = read(document(basic=basic)).items
    assert items.basic[0].name == "深入学习贯彻习近平新时代中国特色社会主义思想和习近平总书记关于新疆工作的重要讲话重要指示批示精神"
    assert [item.category for item in items.basic] == ["党的建设", "党的建设"]
    assert items.issues == ()


def test_a_category_drawn_on_the_next_page_names_the_rows_above_it():
    # A PDF draws a merged cell's text in its vertical middle, here on page 2.
    basic = [
        *rows([BASIC_HEADER, ("1", "", "制定和落实本镇经济发展规划"), ("2", COVERED, "做好本镇优化营商环境工作")], page=1),
        Row(("3", "经济发展", "负责本镇经济普查"), Where(page=2, row=1), starts_page=True),
        Row(("4", COVERED, "负责本镇统计调查工作"), Where(page=2, row=2)),
        Row(("5", "民生服务", "落实本镇就业创业优惠政策"), Where(page=2, row=3)),
    ]  # fmt: skip
    items = read(document(basic=basic)).items
    assert [item.category for item in items.basic] == ["经济发展"] * 4 + ["民生服务"]


def test_a_category_name_cut_by_a_page_break_is_joined_again():
    # The merged cell's name drawn across the break: "应急管理及" at the foot of page 1, "消防" on
    # page 2 in the cut-off rest of item 79's row (no 序号 of its own), then rows it covers.
    coordinating = [
        *rows([COORDINATING_HEADER, ("79", "应急管理及", "安全生产监督检查", "县应急管理局", "1.负责检查；", "1.配合检查；")],
              page=1),
        Row(("", "消防", "", "", "2.督促整改。", ""), Where(page=2, row=1), starts_page=True),
        Row(("80", COVERED, "开展防灾减灾检查", "县应急管理局", "1.组织检查。", "1.配合。"), Where(page=2, row=2)),
        Row(("81", "市场监管", "食品安全监督管理", "县市场监督管理局", "1.监管。", "1.配合。"), Where(page=2, row=3)),
    ]  # fmt: skip
    items = read(document(coordinating=coordinating)).items
    assert [item.category for item in items.coordinating] == ["应急管理及消防", "应急管理及消防", "市场监管"]
    assert items.coordinating[0].department_duties[0].steps == ("负责检查；", "督促整改。")


def test_a_missing_category_stays_empty_for_review():
    basic = rows([BASIC_HEADER, ("1", "党的建设", "做好“双拥”工作"), ("2", "", "负责本镇残联建设")])
    assert [item.category for item in read(document(basic=basic)).items.basic] == ["党的建设", ""]


def test_a_number_drawn_on_the_next_page_opens_the_item_above():
    basic = [
        *rows([BASIC_HEADER, ("1", "党的建设", "做好“双拥”工作"), ("", COVERED, "负责本镇残联、红十字会")], page=1),
        Row(("2", COVERED, "等其他基层群团组织建设"), Where(page=2, row=1), starts_page=True),
        Row(("3", COVERED, "加强基层阵地建设"), Where(page=2, row=2)),
    ]  # fmt: skip
    items = read(document(basic=basic)).items
    assert [(item.seq, item.name) for item in items.basic] == [
        (1, "做好“双拥”工作"), (2, "负责本镇残联、红十字会等其他基层群团组织建设"), (3, "加强基层阵地建设"),
    ]  # fmt: skip
    assert items.issues == ()


def test_an_unnumbered_row_inside_a_page_continues_the_item_with_a_remark():
    basic = rows([BASIC_HEADER, ("1", "党的建设", "做好“双拥”工作"), ("", "", "（含退役军人服务）"), ("2", "", "加强基层阵地建设")], page=4)
    items = read(document(basic=basic)).items
    assert items.basic[0].name == "做好“双拥”工作（含退役军人服务）"
    assert len(items.basic) == 2
    assert len(items.issues) == 1 and items.issues[0].message.startswith("第 4 页第 3 行：")


def test_one_item_drawn_as_one_row_per_department_keeps_each_departments_duties():
    coordinating = rows([
        COORDINATING_HEADER,
        ("1", "党的建设", "政协委员人选推荐工作", "于田县委组织部", "1.负责推荐党内政协委员；", "1.按权限做好政协委员人选推荐工作。"),
        (COVERED, COVERED, COVERED, "于田县委统一战线工作部", "1.负责推荐党外政协委员。", COVERED),
    ])  # fmt: skip
    item = read(document(coordinating=coordinating)).items.coordinating[0]
    assert item.departments == ("于田县委组织部", "于田县委统一战线工作部")
    assert [(block.department, block.steps) for block in item.department_duties] == [
        ("于田县委组织部", ("负责推荐党内政协委员；",)), ("于田县委统一战线工作部", ("负责推荐党外政协委员。",)),
    ]  # fmt: skip
    assert item.township_duties[0].steps == ("按权限做好政协委员人选推荐工作。",)


def test_a_two_row_header_names_sub_columns():
    coordinating = rows([
        ("序号", "事项类别", "事项名称", "上级部门", "", "乡镇（街道）配合职责"),
        (COVERED, COVERED, COVERED, "部门", "职责", COVERED),
        COORDINATING_ROW,
    ])  # fmt: skip
    item = read(document(coordinating=coordinating)).items.coordinating[0]
    assert item.departments == ("政协于田县委员会机关", "于田县委组织部")
    assert item.department_duties[0].department == "于田县委组织部"


def test_a_title_row_inside_the_table_is_a_heading_that_names_the_place():
    basic = rows([("伊犁州伊宁市潘津镇基本履职事项清单", "", ""), BASIC_HEADER, *BASIC_ROWS])
    items = read(document(basic=basic)).items
    assert [item.seq for item in items.basic] == [1, 2, 3, 4]
    assert items.place == Place(prefecture="伊犁州", county="伊宁市", township="潘津镇")


@pytest.mark.parametrize(
    "header",
    [
        ("序号", "类别", "履职事项名称", "承接部门", "工作方式"),
        ("序 号", "事项类别", "事项", "上级部门"),
    ],
)
def test_a_taken_back_table_is_known_by_its_columns_or_its_heading(header):
    reclaimed = [Paragraph("三、上级部门收回事项清单"), *rows([header, ("1", "民生服务", "工伤认定调查", "市人社局")])]
    items = read(document(reclaimed=reclaimed)).items
    assert [item.name for item in items.reclaimed] == ["工伤认定调查"]


def test_a_coordinating_header_with_other_wordings():
    header = ("序号", "类别", "事项名称", "配合部门", "部门职责", "乡镇（街道）配合职责", "备注")
    row = COORDINATING_ROW + ("特色事项",)
    item = read(document(coordinating=rows([header, row]))).items.coordinating[0]
    assert item.departments == ("政协于田县委员会机关", "于田县委组织部") and item.note == "特色事项"


PREAMBLE = (
    "新疆维吾尔自治区和田地区于田县 先拜巴扎镇履职事项清单",
    "2025年7月",
    "说 明",
    "一、基本情况",
    "先拜巴扎镇是农业型乡镇，位于于田县西部，距县城 15 公里、区域面积 85.05 平方公里。全镇户籍人口 2.1047 万人、常住人口 2.1820 万人，下辖 14 个行政村。",
    "二、编制过程",
    "共有履职事项 255 项，其中，基本履职事项 116 项、配合履职事项 98 项、上级部门收回事项 41 项。",
    "配合履职事项清单是以上级部门为主负责、乡镇为辅配合的履职事项。共有配合履职事项 98 项，涉及 37 个部门（单位）。",
    "— 1 —",
    "目 录",
    "1. 基本履职事项清单………………………… 1",
    "2. 配合履职事项清单....18",
    "3. 上级部门收回事项清单（41项）………… 54",
    "一、基本履职事项清单",
)  # fmt: skip


def test_the_preamble_is_read_from_the_paragraphs_before_the_first_table():
    reading = read(document(before=[Paragraph(text) for text in PREAMBLE]))
    preamble = reading.preamble
    assert preamble.place.township == "先拜巴扎镇" and preamble.published == "2025-07"
    assert preamble.profile.villages == 14
    assert preamble.stated.counts == {"basic": 116, "coordinating": 98, "reclaimed": 41}
    assert preamble.stated.departments == {"coordinating": 37}
    assert reading.remarks == ()


def test_a_preamble_that_contradicts_itself_is_remarked():
    before = [Paragraph("共有履职事项 250 项，其中，基本履职事项 116 项、配合履职事项 98 项、上级部门收回事项 41 项。")]
    remarks = read(document(before=before)).remarks
    assert [remark.code for remark in remarks] == ["stated_total"]


def test_a_contents_table_is_not_read_as_items():
    contents = rows([("1. 基本履职事项清单.....", "1"), ("2. 配合履职事项清单.....", "18")])
    assert len(read(document(before=contents)).items.basic) == 4


def test_a_row_with_only_a_title_that_is_no_part_is_skipped_with_a_remark():
    basic = rows([BASIC_HEADER, BASIC_ROWS[0], ("（以下为特色事项）", "", ""), BASIC_ROWS[1]], page=2)
    items = read(document(basic=basic)).items
    assert len(items.basic) == 2
    assert "（以下为特色事项）" in items.issues[0].message


@pytest.mark.parametrize(
    "doc, message",
    [
        (TableDocument((Paragraph("说明"), Row(("甲", "乙")))), NO_TABLE_MESSAGE),
        (document(coordinating=[]), "未找到配合履职事项清单的表格"),
        (document(reclaimed=[Paragraph("上级部门收回事项清单")]), "未找到上级部门收回事项清单的表格"),
        (document(basic=rows([BASIC_HEADER], page=3)), EMPTY_TABLE_MESSAGE.format(where="第 3 页第 1 行", title="基本履职事项清单")),
    ],
    ids=["no table", "no coordinating table", "only a heading", "header without rows"],
)
def test_a_document_without_its_tables_is_refused(doc, message):
    with pytest.raises(ParseError) as raised:
        read(doc)
    assert message in raised.value.issue.message
    assert raised.value.issue.file == "潘津镇.pdf"


def test_a_document_too_large_to_be_a_list_is_refused_before_reading():
    huge = TableDocument(tuple(Paragraph("说明") for _ in range(60_000)))
    with pytest.raises(ParseError) as raised:
        read(huge)
    assert raised.value.issue.code == "too_large"


def test_a_scanned_cell_read_with_little_confidence_flags_its_item_with_the_cells_image():
    from importers.records import FLAG_OCR_DOUBTFUL
    from importers.tables.assembly import DOUBTFUL_BELOW
    from importers.tables.model import CellScan

    sure, unsure = CellScan(0.99, b"png-sure"), CellScan(DOUBTFUL_BELOW - 0.2, b"png-name")
    basic = [
        Row(BASIC_HEADER, Where(page=1, row=1)),
        Row(BASIC_ROWS[0], Where(page=1, row=2), scans=(sure, sure, unsure)),
        Row(("2", COVERED, "负责村“两委”干部及其后备干部“选育管用”工作"), Where(page=1, row=3), scans=(sure, None, sure)),
    ]
    items = read(document(basic=basic)).items
    doubtful = [flag for flag in items.basic[0].flags if flag.code == FLAG_OCR_DOUBTFUL]
    assert [(flag.image, "事项名称" in flag.detail) for flag in doubtful] == [(b"png-name", True)]
    assert not any(flag.code == FLAG_OCR_DOUBTFUL for flag in items.basic[1].flags)


def test_a_scanned_cell_the_reader_noted_goes_to_an_editor_with_the_note_whatever_its_confidence():
    from importers.records import FLAG_OCR_DOUBTFUL
    from importers.tables.model import CellScan

    sure, noted = CellScan(0.99, b"png-sure"), CellScan(0.99, b"png-name", ("双引号的方向已按先“后”成对整理",))
    continued = CellScan(0.5, b"png-piece")
    basic = [
        Row(BASIC_HEADER, Where(page=1, row=1)),
        Row(BASIC_ROWS[0], Where(page=1, row=2), scans=(sure, sure, noted)),
        Row(("", COVERED, "（续）"), Where(page=2, row=1), starts_page=True, scans=(None, None, continued)),
    ]
    items = read(document(basic=basic)).items
    [flag] = [flag for flag in items.basic[0].flags if flag.code == FLAG_OCR_DOUBTFUL]
    # The least sure piece's image, with the other piece's note and the low confidence both said.
    assert flag.image == b"png-piece"
    assert "成对整理" in flag.detail and "50%" in flag.detail
