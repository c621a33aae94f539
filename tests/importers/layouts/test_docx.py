"""The docx layout: Word files of several styles read into paragraphs and rows, in order.

Documents are built with python-docx (and raw WordprocessingML where python-docx has no API)
from snippets of the bundled 先拜巴扎镇 list (seeds/002). Automatic numbering is tested in
docx/test_numbering.py, damaged and foreign files in docx/test_container.py.
"""

from __future__ import annotations

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml

from importers.layouts import docx as docx_layout
from importers.layouts.docx import read_docx
from importers.tables.model import COVERED, Paragraph, Row, Where
from tests.importers.layouts.docx.builders import (
    W_NS, body_xml, compound_file, docx_bytes, empty_cell, empty_docx, list_definition, numbered,
    plain_zip, raw_paragraph, read, rows, source, table, with_members,
)

TITLE = "新疆维吾尔自治区和田地区于田县先拜巴扎镇履职事项清单"
BASIC_HEADER = ("序号", "事项类别", "事项名称", "备注")
BASIC_ROWS = [
    ("1", "党的建设", "推进党纪学习教育常态化长效化", ""),
    ("2", "党的建设", "落实统战工作责任制，做好新时代统一战线工作", ""),
    ("3", "党的建设", "做好人才引进、服务、管理和使用工作", ""),
    ("4", "综合政务", "推进政府软件正版化工作", ""),
    ("5", "综合政务", "做好机关网络通信保障工作", ""),
]
COORDINATING_HEADER = ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责")


# --- merged cells -------------------------------------------------------------------------


def test_a_category_merged_down_gives_its_name_once_and_covered_cells_below():
    document = docx.Document()
    basic = table(document, [BASIC_HEADER, *BASIC_ROWS])
    basic.cell(1, 1).merge(basic.cell(3, 1)).text = "党的建设"
    basic.cell(4, 1).merge(basic.cell(5, 1)).text = "综合政务"
    assert [cells[1] for cells in rows(document)] == ["事项类别", "党的建设", COVERED, COVERED, "综合政务", COVERED]
    assert rows(document)[2][2] == "落实统战工作责任制，做好新时代统一战线工作"


def test_a_sequence_number_merged_down_is_covered_like_the_category():
    document = docx.Document()
    basic = table(document, [BASIC_HEADER, ("1", "党的建设", "开展党内集中教育", ""), ("", "", "严肃党内政治生活", "")])
    basic.cell(1, 0).merge(basic.cell(2, 0)).text = "1"
    basic.cell(1, 1).merge(basic.cell(2, 1)).text = "党的建设"
    assert rows(document)[2] == (COVERED, COVERED, "严肃党内政治生活", "")


def test_a_header_spanning_sub_columns_gives_its_text_once_then_empty_cells():
    document = docx.Document()
    header = table(document, [
        ("序号", "事项类别", "事项名称", "对应上级部门", "职责分工", ""),
        ("", "", "", "", "上级部门职责", "乡镇（街道）配合职责"),
        ("1", "党的建设", "推荐县级以上党代表工作", "于田县委组织部", "确定县级以上党代表名额分配；", "组织推荐；"),
    ])
    header.cell(0, 4).merge(header.cell(0, 5)).text = "职责分工"
    for column in range(4):
        header.cell(0, column).merge(header.cell(1, column))
    assert rows(document)[:2] == [
        ("序号", "事项类别", "事项名称", "对应上级部门", "职责分工", ""),
        (COVERED, COVERED, COVERED, COVERED, "上级部门职责", "乡镇（街道）配合职责"),
    ]
    assert rows(document)[2][3] == "于田县委组织部"


def test_a_block_merged_both_ways_is_covered_over_its_whole_width():
    document = docx.Document()
    grid = table(document, [("a", "b", "c"), ("d", "e", "f"), ("g", "h", "i")])
    grid.cell(0, 0).merge(grid.cell(1, 1)).text = "合并"
    assert rows(document) == [("合并", "", "c"), (COVERED, COVERED, "f"), ("g", "h", "i")]


def _drop_first_cell_with_grid(row, tag: str, where: str) -> None:
    row._tr.remove(row._tr.tc_lst[0 if where == "before" else -1])
    row._tr.insert(0, parse_xml(f'<w:trPr {W_NS}><w:{tag} w:val="1"/></w:trPr>'))


@pytest.mark.parametrize(("tag", "where", "expected"), [
    ("gridBefore", "before", ("", "事项名称", "备注")),
    ("gridAfter", "after", ("序号", "事项名称", "")),
])
def test_rows_starting_or_ending_inside_the_grid_keep_every_column(tag, where, expected):
    document = docx.Document()
    built = table(document, [("序号", "事项名称", "备注"), ("序号", "事项名称", "备注")])
    _drop_first_cell_with_grid(built.rows[1], tag, where)
    assert rows(document) == [("序号", "事项名称", "备注"), expected]


def test_every_row_is_as_wide_as_the_widest_even_when_the_grid_is_missing():
    document = docx.Document()
    built = table(document, [("序号", "事项类别", "事项名称"), ("1", "党的建设", "做好人才引进工作")])
    built._tbl.remove(built._tbl.tblGrid)
    built.rows[1]._tr.remove(built.rows[1]._tr.tc_lst[-1])
    assert rows(document) == [("序号", "事项类别", "事项名称"), ("1", "党的建设", "")]


def test_an_old_style_horizontal_merge_gives_empty_cells():
    document = docx.Document()
    built = table(document, [("上级部门职责", "（续）", "备注")])
    built.cell(0, 1)._tc.get_or_add_tcPr().append(parse_xml(f'<w:hMerge {W_NS} w:val="continue"/>'))
    assert rows(document) == [("上级部门职责", "", "备注")]


# --- cell text ----------------------------------------------------------------------------


def test_each_paragraph_of_a_cell_is_a_line_and_manual_numbers_stay_as_written():
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    cell.text = "1. 确定县级以上党代表名额分配；"
    cell.add_paragraph("2. 确定初步人员并进行考察；")
    cell.add_paragraph("")  # spacing, not a line
    cell.add_paragraph("（3）对人选进行审核批复。")
    assert rows(document) == [("1. 确定县级以上党代表名额分配；\n2. 确定初步人员并进行考察；\n（3）对人选进行审核批复。",)]


def test_line_breaks_tabs_hidden_and_deleted_text_in_a_cell():
    document = docx.Document()
    cell = empty_cell(document)
    raw_paragraph(cell, '<w:r><w:t>于田县委组织部：</w:t><w:br/><w:t>负责推荐党内政协委员；</w:t></w:r>'
                        '<w:r><w:rPr><w:vanish/></w:rPr><w:t>隐藏批注</w:t></w:r>'
                        '<w:del w:id="1" w:author="a"><w:r><w:delText>已删除</w:delText></w:r></w:del>'
                        '<w:ins w:id="2" w:author="a"><w:r><w:t>（新增）</w:t></w:r></w:ins>'
                        '<w:r><w:tab/><w:t>备注</w:t></w:r>')
    assert rows(document) == [("于田县委组织部：\n负责推荐党内政协委员；（新增）\t备注",)]


def test_per_department_sub_headings_stay_lines_above_their_steps():
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    steps = [list_definition(document, [("decimal", "%1.")]) for _ in range(2)]
    cell.text = "于田县委组织部："
    numbered(cell.add_paragraph("负责推荐党内政协委员；"), steps[0])
    numbered(cell.add_paragraph("对推荐人选进行考察、资格联审、公示，确定人选后报县政协。"), steps[0])
    cell.add_paragraph("于田县委统一战线工作部：")
    numbered(cell.add_paragraph("负责推荐党外政协委员；"), steps[1])
    assert rows(document)[0][0].split("\n") == [
        "于田县委组织部：",
        "1. 负责推荐党内政协委员；",
        "2. 对推荐人选进行考察、资格联审、公示，确定人选后报县政协。",
        "于田县委统一战线工作部：",
        "1. 负责推荐党外政协委员；",
    ]


def test_a_nested_table_becomes_lines_of_its_cell_in_reading_order():
    document = docx.Document()
    cell = table(document, [("1", "")]).cell(0, 1)
    cell.text = "承接部门及工作方式："
    nested = cell.add_table(rows=2, cols=2)
    for (row, column), text in {(0, 0): "于田县农业农村局", (0, 1): "拟定农业资金分配使用方案",
                                (1, 0): "于田县财政局", (1, 1): "对农业资金使用过程进行监督管理"}.items():
        nested.cell(row, column).text = text
    cell.add_paragraph("（以上按职责分工）")
    assert rows(document) == [("1", "承接部门及工作方式：\n于田县农业农村局\n拟定农业资金分配使用方案\n"
                                    "于田县财政局\n对农业资金使用过程进行监督管理\n（以上按职责分工）")]


def test_nested_table_rows_do_not_count_as_rows_of_the_outer_table():
    document = docx.Document()
    outer = table(document, [("a",), ("b",)])
    outer.cell(0, 0).add_table(rows=3, cols=1)
    assert [block.where for block in read(document)] == [Where(table=1, row=1), Where(table=1, row=2)]


# --- the document around the tables -------------------------------------------------------

PREAMBLE = [
    TITLE,
    "2025年7月",
    "说 明",
    "先拜巴扎镇是农业型乡镇，位于于田县西部，距县城 15 公里、区域面积 85.05 平方公里。",
    "共有履职事项 255 项，其中，基本履职事项 116 项、配合履职事项 98 项、上级部门收回事项 41 项。",
]


def _list_document():
    document = docx.Document()
    for text in PREAMBLE:
        document.add_paragraph(text)
    document.add_paragraph("")
    document.add_paragraph("基本履职事项清单")
    table(document, [BASIC_HEADER, *BASIC_ROWS[:2]])
    section = document.add_section(WD_SECTION.NEW_PAGE)
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = section.page_height, section.page_width
    document.add_paragraph("配合履职事项清单")
    table(document, [COORDINATING_HEADER, ("1", "党的建设", "推荐县级以上党代表工作", "于田县委组织部",
                                           "确定县级以上党代表名额分配；", "组织推荐；")])
    document.sections[0].header.paragraphs[0].text = "先拜巴扎镇履职事项清单"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    return document


def test_title_month_and_preamble_come_first_as_paragraphs_in_order():
    blocks = read(_list_document())
    assert [block.text for block in blocks[:len(PREAMBLE)]] == PREAMBLE
    assert all(block.where == Where() for block in blocks[:len(PREAMBLE)])


def test_tables_on_portrait_and_landscape_pages_read_in_order_with_their_headings():
    blocks = read(_list_document())[len(PREAMBLE):]
    assert [type(block).__name__ for block in blocks] == ["Paragraph", "Row", "Row", "Row", "Paragraph", "Row", "Row"]
    assert blocks[0] == Paragraph("基本履职事项清单")
    assert blocks[4] == Paragraph("配合履职事项清单")
    assert blocks[5] == Row(COORDINATING_HEADER, Where(table=2, row=1))
    assert str(blocks[6].where) == "第 2 个表格第 2 行"


def test_headers_and_footers_are_not_read():
    texts = [block.text for block in read(_list_document()) if isinstance(block, Paragraph)]
    assert "— 1 —" not in texts and texts.count("先拜巴扎镇履职事项清单") == 0


def test_paragraphs_inside_content_controls_are_read():
    content = with_members(empty_docx(), {"word/document.xml": body_xml(
        "<w:sdt><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>2025年7月</w:t></w:r></w:p></w:sdtContent></w:sdt>")})
    assert read_docx(content, source="清单.docx").blocks == (Paragraph("2025年7月"),)


def test_text_boxes_are_left_out_of_their_paragraph():
    content = with_members(empty_docx(), {"word/document.xml": body_xml(
        '<w:p><w:r><w:t>先拜巴扎镇</w:t></w:r><w:r><w:pict><v:shape xmlns:v="urn:schemas-microsoft-com:vml">'
        "<v:textbox><w:txbxContent><w:p><w:r><w:t>印章</w:t></w:r></w:p></w:txbxContent></v:textbox>"
        "</v:shape></w:pict></w:r></w:p>")})
    assert read_docx(content, source="清单.docx").blocks == (Paragraph("先拜巴扎镇"),)


# --- detection ----------------------------------------------------------------------------


@pytest.mark.parametrize(("content", "detected"), [
    (empty_docx(), True),
    (compound_file("EncryptionInfo", "EncryptedPackage"), True),
    (compound_file("WordDocument", "1Table"), True),
    (compound_file("Workbook"), False),
    (plain_zip({"xl/workbook.xml": b"<workbook/>"}), False),
    (empty_docx()[:2000], False),
    ("序号\t事项类别\t事项名称".encode(), False),
    (b"%PDF-1.7\n", False),
    (b"", False),
])
def test_detect_recognises_word_files_by_zip_member_or_compound_stream(content, detected):
    assert docx_layout.detect(source(content)) is detected


def test_the_layout_names_itself():
    assert (docx_layout.NAME, docx_layout.LABEL) == ("docx", "Word 表格")


def test_parse_reads_a_whole_list_through_the_shared_reader():
    document = _list_document()
    document.add_paragraph("上级部门收回事项清单")
    table(document, [("序号", "事项类别", "事项名称", "承接部门及工作方式"),
                     ("1", "平安法治", "道路交通安全检查", "县公安局：由县公安局交警大队负责")])
    result = docx_layout.parse(source(docx_bytes(document)))
    assert [item.name for item in result.items.basic] == [row[2] for row in BASIC_ROWS[:2]]
    assert [item.departments for item in result.items.coordinating] == [("于田县委组织部",)]
    assert [item.name for item in result.items.reclaimed] == ["道路交通安全检查"]


