"""The docx layout: Word files of several styles read into paragraphs and rows, bad ones refused.

Documents are built with python-docx (and raw WordprocessingML where python-docx has no API)
from snippets of the bundled 先拜巴扎镇 list (seeds/002).
"""

from __future__ import annotations

import zipfile
from io import BytesIO
from types import SimpleNamespace

import docx
import pytest
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from importers.layouts import docx as docx_layout
from importers.layouts.docx import container, messages, read_docx
from importers.records import ParseError
from importers.tables.model import COVERED, Paragraph, Row, Where
from tests.importers.layouts.docx.builders import (
    W_NS, body_xml, compound_file, docx_bytes, empty_docx, list_definition, numbered, raw_paragraph,
    read, rows, with_members,
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


def source(content: bytes, name: str = "清单.docx") -> SimpleNamespace:
    return SimpleNamespace(name=name, content=content, sha256="", text=None)


def table(document, cells: list[tuple]) -> docx.table.Table:
    built = document.add_table(rows=len(cells), cols=len(cells[0]))
    for row, values in zip(built.rows, cells):
        for cell, value in zip(row.cells, values):
            cell.text = value
    return built


def parse_error(content: bytes, name: str = "清单.docx") -> ParseError:
    with pytest.raises(ParseError) as caught:
        read_docx(content, source=name)
    return caught.value


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
    cell = table(document, [("",)]).cell(0, 0)
    cell._tc.remove(cell._tc.p_lst[0])
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


# --- automatic numbering ------------------------------------------------------------------


def test_the_list_number_style_numbers_steps_and_restarts_in_each_cell():
    document = docx.Document()
    built = table(document, [("", "")])
    for cell, steps in zip(built.rows[0].cells, (["确定县级以上党代表名额分配；", "确定初步人员并进行考察；"],
                                                 ["按照分配的名额组织推荐；", "协助做好考察工作；", "公示。"])):
        cell.text = steps[0]
        cell.paragraphs[0].style = document.styles["List Number"]
        for step in steps[1:]:
            cell.add_paragraph(step, style="List Number")
    assert rows(document) == [("1. 确定县级以上党代表名额分配；\n2. 确定初步人员并进行考察；",
                               "1. 按照分配的名额组织推荐；\n2. 协助做好考察工作；\n3. 公示。")]


def test_numbering_restarts_in_every_row_of_a_column():
    document = docx.Document()
    built = table(document, [("",), ("",)])
    steps = list_definition(document, [("decimal", "%1、")])
    for cell in built.column_cells(0):
        cell._tc.remove(cell._tc.p_lst[0])
        numbered(cell.add_paragraph("组织推荐"), steps)
        numbered(cell.add_paragraph("上报人选"), steps)
    assert rows(document) == [("1、组织推荐\n2、上报人选",), ("1、组织推荐\n2、上报人选",)]


@pytest.mark.parametrize(("number_format", "pattern", "labels"), [
    ("decimal", "%1、", ["1、", "2、", "3、"]),
    ("decimal", "（%1）", ["（1）", "（2）", "（3）"]),
    ("chineseCounting", "%1、", ["一、", "二、", "三、"]),
    ("chineseCountingThousand", "（%1）", ["（一）", "（二）", "（三）"]),
    ("ideographDigital", "%1.", ["一. ", "二. ", "三. "]),
    ("decimalEnclosedCircle", "%1", ["①", "②", "③"]),
    ("lowerLetter", "%1)", ["a) ", "b) ", "c) "]),
    ("bullet", "•", ["", "", ""]),
])
def test_automatic_labels_follow_the_number_format_and_pattern(number_format, pattern, labels):
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    cell._tc.remove(cell._tc.p_lst[0])
    steps = list_definition(document, [(number_format, pattern)])
    for text in ("负责", "协助", "上报"):
        numbered(cell.add_paragraph(text), steps)
    assert rows(document)[0][0].split("\n") == [label + text for label, text in zip(labels, ("负责", "协助", "上报"))]


def test_a_start_override_and_a_start_value_set_the_first_number():
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    cell._tc.remove(cell._tc.p_lst[0])
    overridden = list_definition(document, [("decimal", "%1.")], start_override=3)
    starts_at_five = list_definition(document, [("decimal", "%1.")], start=5)
    numbered(cell.add_paragraph("第三步"), overridden)
    numbered(cell.add_paragraph("第四步"), overridden)
    numbered(cell.add_paragraph("第五步"), starts_at_five)
    assert rows(document) == [("3. 第三步\n4. 第四步\n5. 第五步",)]


@pytest.mark.parametrize(("legal", "second_level"), [
    (True, ["1.1 ", "1.2 ", "2.1 "]),  # w:isLgl: every number of the label in digits
    (False, ["一.1 ", "一.2 ", "二.1 "]),  # otherwise each number in its own level's format
])
def test_a_second_level_counts_under_its_parent_and_restarts_with_it(legal, second_level):
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    cell._tc.remove(cell._tc.p_lst[0])
    outline = list_definition(document, [("chineseCounting", "%1、"), ("decimal", "%1.%2")], legal=legal)
    for text, level in [("乡镇领导班子年度考核", 0), ("制定方案", 1), ("组织考核", 1),
                        ("科级干部选拔任用", 0), ("动议环节", 1)]:
        numbered(cell.add_paragraph(text), outline, level)
    assert rows(document)[0][0].split("\n") == [
        "一、乡镇领导班子年度考核", second_level[0] + "制定方案", second_level[1] + "组织考核",
        "二、科级干部选拔任用", second_level[2] + "动议环节"]


def test_a_list_continued_within_a_cell_keeps_counting_as_word_draws_it():
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    cell.text = "于田县委组织部："
    steps = list_definition(document, [("decimal", "%1.")])
    numbered(cell.add_paragraph("审核公务员人事档案"), steps)
    cell.add_paragraph("于田县人力资源和社会保障局：")
    numbered(cell.add_paragraph("审核事业编人事档案"), steps)
    assert rows(document)[0][0].split("\n")[-1] == "2. 审核事业编人事档案"


def test_numbering_switched_off_in_a_paragraph_gives_no_label():
    document = docx.Document()
    cell = table(document, [("",)]).cell(0, 0)
    cell.text = "不编号"
    cell.paragraphs[0].style = document.styles["List Number"]
    numbered(cell.paragraphs[0], "0")
    assert rows(document) == [("不编号",)]


def test_numbered_headings_of_the_preamble_get_their_labels():
    document = docx.Document()
    headings = list_definition(document, [("chineseCounting", "%1、")])
    for text in ("基本情况", "编制过程", "清单内容"):
        numbered(document.add_paragraph(text), headings)
    assert [block.text for block in read(document)] == ["一、基本情况", "二、编制过程", "三、清单内容"]


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


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(("content", "detected"), [
    (empty_docx(), True),
    (compound_file("EncryptionInfo", "EncryptedPackage"), True),
    (compound_file("WordDocument", "1Table"), True),
    (compound_file("Workbook"), False),
    (_zip({"xl/workbook.xml": b"<workbook/>"}), False),
    (empty_docx()[:2000], False),
    ("序号\t事项类别\t事项名称".encode(), False),
    (b"%PDF-1.7\n", False),
    (b"", False),
])
def test_detect_recognises_word_files_by_zip_member_or_compound_stream(content, detected):
    assert docx_layout.detect(source(content)) is detected


def test_the_layout_names_itself():
    assert (docx_layout.NAME, docx_layout.LABEL) == ("docx", "Word 表格")


def test_parse_hands_the_document_to_the_shared_reader():
    reading = pytest.importorskip("importers.tables.reading")
    assert reading.read_document  # the reader's own tests cover what it makes of the rows
    result = docx_layout.parse(source(docx_bytes(_list_document())))
    assert [item.name for item in result.items.basic] == [row[2] for row in BASIC_ROWS[:2]]


# --- bad files ----------------------------------------------------------------------------


def _without_document_part() -> bytes:
    return with_members(empty_docx(), {"word/document.xml": None})


def _corrupted_member() -> bytes:
    content = bytearray(empty_docx())
    with zipfile.ZipFile(BytesIO(bytes(content))) as archive:
        info = archive.getinfo("word/document.xml")
    data_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    content[data_start + 10:data_start + 40] = bytes(30)
    return bytes(content)


@pytest.mark.parametrize(("content", "message"), [
    (empty_docx()[:3000], messages.DAMAGED),
    (b"PK\x03\x04" + bytes(100), messages.DAMAGED),
    (_corrupted_member(), messages.DAMAGED),
    (_without_document_part(), messages.NO_BODY),
    (_zip({"word/document.xml": body_xml("")}), messages.NO_BODY),  # no [Content_Types] or rels
    (with_members(empty_docx(), {"word/document.xml": b"<w:document><w:body><w:p>"}),
     messages.BAD_XML.format(part="XML 内容", detail="第 1 行")),
    (compound_file("EncryptionInfo", "EncryptedPackage"), messages.ENCRYPTED),
    (compound_file("WordDocument", "1Table"), messages.LEGACY_DOC),
    (compound_file("Workbook"), messages.DAMAGED),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), messages.DAMAGED),
])
def test_a_file_that_cannot_be_read_is_refused_in_chinese_naming_the_file(content, message):
    error = parse_error(content, name="先拜巴扎镇.docx")
    assert error.issue.message == message
    assert error.issue.file == "先拜巴扎镇.docx" and str(error).startswith("先拜巴扎镇.docx: ")


def test_a_macro_enabled_document_is_refused():
    content = empty_docx()
    with zipfile.ZipFile(BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    assert parse_error(with_members(content, {"[Content_Types].xml": types})).issue.message == messages.NOT_A_DOCUMENT


def test_a_body_that_unpacks_past_the_limit_is_refused_before_it_is_read():
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(empty_docx())) as source_zip, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source_zip.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source_zip.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(container.MAX_PART_BYTES // len(chunk) + 1):
                member.write(chunk)
    error = parse_error(buffer.getvalue())
    assert error.issue.code == "too_large" and "word/document.xml" in error.issue.message


def test_a_table_with_more_rows_than_any_list_is_refused():
    body = "<w:tbl>" + "<w:tr><w:tc><w:p/></w:tc></w:tr>" * (container.MAX_ROWS + 1) + "</w:tbl>"
    error = parse_error(with_members(empty_docx(), {"word/document.xml": body_xml(body)}))
    assert error.issue.message == messages.TOO_MANY.format(count=container.MAX_ROWS + 1, what="表格行",
                                                           limit=container.MAX_ROWS)


def test_a_cell_spanning_more_columns_than_word_allows_is_refused_naming_table_and_row():
    body = ('<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="100000000"/>'
            "</w:tcPr><w:p/></w:tc></w:tr></w:tbl>")
    error = parse_error(with_members(empty_docx(), {"word/document.xml": body_xml(body)}))
    assert error.issue.message == messages.TOO_WIDE.format(where="第 1 个表格第 2 行", limit=63)
