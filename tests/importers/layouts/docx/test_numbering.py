"""Automatic list numbers in Word cells and paragraphs: labels computed from numbering.xml.

Lists are defined the way Word and WPS write them (abstractNum, num, lvlOverride) or taken
from python-docx's default template ("List Number"); the steps are from seeds/002.
"""

from __future__ import annotations

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import qn

from importers.layouts.docx.numerals import format_number
from tests.importers.layouts.docx.builders import (
    W_NS, empty_cell, list_definition, numbered, read, rows, table,
)


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
    cell = empty_cell(document)
    steps = list_definition(document, [(number_format, pattern)])
    for text in ("负责", "协助", "上报"):
        numbered(cell.add_paragraph(text), steps)
    assert rows(document)[0][0].split("\n") == [label + text for label, text in zip(labels, ("负责", "协助", "上报"))]


def test_a_start_override_and_a_start_value_set_the_first_number():
    document = docx.Document()
    cell = empty_cell(document)
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
    cell = empty_cell(document)
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


def test_a_definition_linked_to_a_numbering_style_takes_that_styles_levels():
    document = docx.Document()
    cell = empty_cell(document)
    steps = list_definition(document, [("chineseCounting", "（%1）")])
    document.styles.element.append(parse_xml(
        f'<w:style {W_NS} w:type="numbering" w:styleId="Steps"><w:name w:val="Steps"/>'
        f'<w:pPr><w:numPr><w:numId w:val="{steps}"/></w:numPr></w:pPr></w:style>'))
    numbering = document.part.numbering_part.element
    numbering.find(qn("w:num")).addprevious(parse_xml(
        f'<w:abstractNum {W_NS} w:abstractNumId="99"><w:numStyleLink w:val="Steps"/></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="99"><w:abstractNumId w:val="99"/></w:num>'))
    numbered(cell.add_paragraph("组织推荐"), "99")
    assert rows(document) == [("（一）组织推荐",)]


def test_a_paragraph_style_numbers_its_paragraphs_at_its_own_level():
    document = docx.Document()
    cell = empty_cell(document)
    for style in ("List Number", "List Number 2", "List Number 2", "List Number"):
        cell.add_paragraph("步骤", style=style)
    assert rows(document) == [("1. 步骤\n1. 步骤\n2. 步骤\n2. 步骤",)]


@pytest.mark.parametrize(("number", "number_format", "text"), [
    (1, "decimal", "1"),
    (7, "decimalZero", "07"),
    (12, "decimalFullWidth", "１２"),
    (10, "chineseCounting", "十"),
    (11, "chineseCounting", "十一"),
    (20, "chineseCounting", "二十"),
    (105, "chineseCounting", "一百零五"),
    (110, "chineseCounting", "一百一十"),
    (1010, "chineseCountingThousand", "一千零一十"),
    (15, "chineseLegalSimplified", "壹拾伍"),
    (2025, "ideographDigital", "二〇二五"),
    (3, "ideographTraditional", "丙"),
    (2, "ideographZodiac", "丑"),
    (3, "decimalEnclosedCircle", "③"),
    (21, "decimalEnclosedCircle", "21"),  # past ⑳ Word writes digits too
    (4, "decimalEnclosedParen", "⑷"),
    (2, "ideographEnclosedCircle", "㈡"),
    (28, "lowerLetter", "bb"),
    (14, "upperRoman", "XIV"),
    (9, "lowerRoman", "ix"),
    (5, "someFutureFormat", "5"),
])
def test_a_number_is_written_in_words_number_format(number, number_format, text):
    assert format_number(number, number_format) == text
