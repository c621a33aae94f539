"""The sheet layout: county spreadsheets (.xlsx, .xls) read into the shared TableDocument.

Workbooks are written here with openpyxl in the styles county offices use (a sheet per part, all
parts on one sheet, a merged title above a header on row 3, categories merged down, line breaks
in cells, 序号 as numbers, a trailing empty area), from rows of the bundled 于田县 list.
"""

from __future__ import annotations

import datetime
import re
import shutil
import struct
import subprocess
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from types import SimpleNamespace

import pytest
from openpyxl import Workbook
from openpyxl.styles import PatternFill

from importers.layouts import sheet
from importers.layouts.sheet import messages
from importers.layouts.sheet.grid import EMPTY_RUN, MAX_ROWS, MAX_SHEETS
from importers.layouts.sheet.openxml import MAX_XML_BYTES
from importers.records import ParseError
from importers.tables.model import COVERED, Paragraph, Row, TableDocument, Where
from tests.importers.layouts.xlsx.conftest import workbook_bytes as portal_workbook_bytes

TITLE = "新疆维吾尔自治区和田地区于田县先拜巴扎镇履职事项清单"
BASIC_HEADER = ("序号", "事项类别", "事项名称", "备注")
COORDINATING_HEADER = ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责")
RECLAIMED_HEADER = ("序号", "事项类别", "事项名称", "承接部门及工作方式")

BASIC = [
    (1, "党的建设", "以铸牢中华民族共同体意识为主线，加强宣传教育，引导各族群众不断增强对伟大祖国、中华民族、"
                "中华文化、中国共产党、中国特色社会主义的认同"),
    (2, "党的建设", "做好人才引进、服务、管理和使用工作"),
    (3, "平安法治", "落实普法责任制，开展法治宣传教育，加强法治文化建设"),
]
COORDINATING = [
    (27, "乡村振兴", "科技特派员服务管理工作", "于田县科学技术局",
     "1. 确定科技特派员人选；\n2. 组织科技特派员对全县行政村全覆盖开展活动，建立台帐；",
     "1. 推荐上报科技特派员人选；\n2. 支持科技特派员开展活动，提供场地、组织人员；"),
    (28, "乡村振兴", "农作物种子质量监督抽查", "于田县农业农村局",
     "1. 主管农作物种子工作；\n2. 加强种子执法和监督，依法惩处侵害农民权益的种子违法行为；",
     "1. 组织开展种子相关法律法规的宣传和学习；\n2. 协助县农业农村局对种子企业、种子市场、制（繁）种基地进行种子质量监督抽查。"),
]
RECLAIMED = [
    (3, "民生服务", "婚姻登记（仅内地居民）", "承接部门：于田县民政局\n工作方式：由于田县民政局负责婚姻登记工作。"),
    (4, "民生服务", "出具婚姻状况证明（婚姻关系证明、分居证明）", "此项工作不再开展。"),
]


@dataclass
class Sheet:
    """A worksheet to write: rows from row 1 (None leaves a cell empty), merges, first column."""

    name: str
    rows: list[tuple] = field(default_factory=list)
    merges: tuple[str, ...] = ()
    first_column: int = 1
    hidden: bool = False
    formats: dict[str, str] = field(default_factory=dict)  # cell → number format
    styled_empty: tuple[str, ...] = ()  # cells written with a fill and no value


def workbook_bytes(*sheets: Sheet) -> bytes:
    """An .xlsx holding the sheets."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for spec in sheets:
        worksheet = workbook.create_sheet(spec.name)
        for number, values in enumerate(spec.rows, start=1):
            for column, value in enumerate(values, start=spec.first_column):
                if value is not None:
                    worksheet.cell(number, column, value)
        for ref in spec.merges:
            worksheet.merge_cells(ref)
        for ref, number_format in spec.formats.items():
            worksheet[ref].number_format = number_format
        for ref in spec.styled_empty:
            worksheet[ref].fill = PatternFill("solid", fgColor="FFFF00")
        worksheet.sheet_state = "hidden" if spec.hidden else "visible"
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def patched(content: bytes, member: str, change: Callable[[bytes], bytes]) -> bytes:
    """The zip with one member rewritten."""
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info)
            target.writestr(info.filename, change(data) if info.filename == member else data)
    return buffer.getvalue()


def with_member(content: bytes, member: str, data: bytes) -> bytes:
    """The zip with one more member."""
    buffer = BytesIO(content)
    with zipfile.ZipFile(buffer, "a") as archive:
        archive.writestr(member, data)
    return buffer.getvalue()


def read(content: bytes, name: str = "清单.xlsx") -> TableDocument:
    return sheet.read_sheets(content, source=name)


def read_error(content: bytes, name: str = "清单.xlsx") -> ParseError:
    with pytest.raises(ParseError) as caught:
        read(content, name)
    return caught.value


def rows_of(document: TableDocument) -> list[tuple]:
    return [block.cells for block in document.blocks if isinstance(block, Row)]


def source(content: bytes, name: str = "清单.xlsx") -> SimpleNamespace:
    return SimpleNamespace(name=name, content=content, sha256="", text=None)


def texts(row: tuple) -> tuple[str, ...]:
    """A row as the sheet shows it: numbers as their text."""
    return tuple("" if value is None else str(value) for value in row)


def one_sheet_per_part() -> list[Sheet]:
    return [
        Sheet("基本履职事项清单", [BASIC_HEADER, *BASIC]),
        Sheet("配合履职事项清单", [COORDINATING_HEADER, *COORDINATING]),
        Sheet("上级部门收回事项清单", [RECLAIMED_HEADER, *RECLAIMED]),
    ]


def all_parts_on_one_sheet() -> Sheet:
    """Title and month merged across; each part under a merged heading row; categories merged down."""
    rows = [
        (TITLE,), ("2025年7月",), (),
        ("一、基本履职事项清单",), BASIC_HEADER, BASIC[0], (BASIC[1][0], None, BASIC[1][2]), BASIC[2], (),
        ("二、配合履职事项清单",), COORDINATING_HEADER, COORDINATING[0], (28, None, *COORDINATING[1][2:]),
        ("三、上级部门收回事项清单",), RECLAIMED_HEADER, RECLAIMED[0], (4, None, *RECLAIMED[1][2:]),
    ]
    merges = ("A1:F1", "A2:F2", "A4:D4", "B6:B7", "A10:F10", "B12:B13", "A14:D14", "B16:B17")
    return Sheet("清单", rows, merges)


def expected_one_sheet() -> list[Paragraph | Row]:
    def where(number: int) -> Where:
        return Where(sheet="清单", row=number, cell=f"A{number}")

    def row(number: int, values: tuple, covered: bool = False) -> Row:
        cells = texts(values)
        return Row(cells=cells[:1] + (COVERED,) + cells[2:] if covered else cells, where=where(number))

    return [
        Paragraph(TITLE, where(1)), Paragraph("2025年7月", where(2)),
        Paragraph("一、基本履职事项清单", where(4)), row(5, BASIC_HEADER),
        row(6, BASIC[0] + ("",)), row(7, BASIC[1] + ("",), covered=True), row(8, BASIC[2] + ("",)),
        Paragraph("二、配合履职事项清单", where(10)), row(11, COORDINATING_HEADER),
        row(12, COORDINATING[0]), row(13, COORDINATING[1], covered=True),
        Paragraph("三、上级部门收回事项清单", where(14)), row(15, RECLAIMED_HEADER),
        row(16, RECLAIMED[0]), row(17, RECLAIMED[1], covered=True),
    ]


def title_above_header_on_row_3() -> Sheet:
    """A merged title, a dated month, the header on row 3, 序号 stored as floats, breaks in cells."""
    rows = [
        (TITLE,), (datetime.datetime(2025, 7, 1),),
        BASIC_HEADER,
        (1.0, "党的建设", "加强基层阵地建设，统筹开展“七下乡村”，_x000D_\n优化提升村“石榴籽服务站”服务功能"),
        (2.0, None, "做好农村“四老”人员申报、服务、\r\n管理工作"),
        (3.0, None, "推进党纪学习教育常态化长效化"),
    ]
    return Sheet("基本", rows, ("A1:D1", "A2:D2", "B4:B6"), formats={"A2": 'yyyy"年"m"月"'},
                 styled_empty=("A3000", "D3000"))


# --- what the document holds ---------------------------------------------------------------


def test_each_part_on_its_own_sheet_gives_its_header_and_rows_with_sheet_row_and_cell():
    document = read(workbook_bytes(*one_sheet_per_part()))
    assert rows_of(document) == [
        BASIC_HEADER, *[texts(row) + ("",) for row in BASIC],
        COORDINATING_HEADER, *[texts(row) for row in COORDINATING],
        RECLAIMED_HEADER, *[texts(row) for row in RECLAIMED],
    ]
    wheres = [block.where for block in document.blocks]
    assert wheres[1] == Where(sheet="基本履职事项清单", row=2, cell="A2")
    assert wheres[-1] == Where(sheet="上级部门收回事项清单", row=3, cell="A3")


def test_parts_on_one_sheet_give_title_month_and_headings_as_paragraphs_and_each_table_its_width():
    assert list(read(workbook_bytes(all_parts_on_one_sheet())).blocks) == expected_one_sheet()


def test_a_header_below_a_merged_title_is_found_on_row_3_and_rows_keep_their_numbers():
    document = read(workbook_bytes(title_above_header_on_row_3()))
    assert document.blocks[:3] == (
        Paragraph(TITLE, Where(sheet="基本", row=1, cell="A1")),
        Paragraph("2025年7月", Where(sheet="基本", row=2, cell="A2")),
        Row(BASIC_HEADER, Where(sheet="基本", row=3, cell="A3")),
    )
    assert [block.where.row for block in document.blocks[3:]] == [4, 5, 6]


def test_a_category_merged_down_gives_its_name_once_and_covered_cells_below():
    document = read(workbook_bytes(title_above_header_on_row_3()))
    assert [cells[1] for cells in rows_of(document)[1:]] == ["党的建设", COVERED, COVERED]


def test_numbers_stored_as_floats_read_as_whole_numbers_and_line_breaks_as_newlines():
    document = read(workbook_bytes(title_above_header_on_row_3()))
    assert rows_of(document)[1:] == [
        ("1", "党的建设", "加强基层阵地建设，统筹开展“七下乡村”，\n优化提升村“石榴籽服务站”服务功能", ""),
        ("2", COVERED, "做好农村“四老”人员申报、服务、\n管理工作", ""),
        ("3", COVERED, "推进党纪学习教育常态化长效化", ""),
    ]


def test_an_empty_trailing_area_gives_no_rows():
    document = read(workbook_bytes(title_above_header_on_row_3()))
    assert document.blocks[-1].where.row == 6


def test_rows_after_a_long_empty_run_are_not_read():
    far = EMPTY_RUN + 10
    spec = Sheet("基本", [BASIC_HEADER, BASIC[0]] + [()] * far + [BASIC[1]])
    assert rows_of(read(workbook_bytes(spec))) == [BASIC_HEADER, texts(BASIC[0]) + ("",)]


@pytest.mark.parametrize(("value", "number_format", "shown"), [
    (3, "General", "3"),
    (3.0, "General", "3"),
    (3.5, "General", "3.5"),
    (1e20, "General", "1e+20"),
    (12345678901234567890, "General", "1.23456789012346e+19"),  # a double, as Excel holds it
    ("1e999999999", "General", "1e999999999"),  # text stays text, whatever it looks like
    (datetime.datetime(2025, 7, 1), 'yyyy"年"m"月"', "2025年7月"),
    (datetime.datetime(2025, 7, 15), "yyyy-mm-dd", "2025年7月15日"),
    (datetime.datetime(2025, 7, 15, 9, 30), "yyyy-mm-dd hh:mm", "2025-07-15 09:30:00"),
    (True, "General", "TRUE"),
    ("第一行\r\n第二行", "General", "第一行\n第二行"),
    ("第一行_x000D_第二行", "General", "第一行\n第二行"),
    ("第一行_x000D_\n第二行", "General", "第一行\n第二行"),
    ("a_x005F_x000D_b", "General", "a_x000D_b"),  # an escaped "_x" is text, not a line break
    ("   ", "General", ""),
])
def test_a_cell_reads_as_the_text_it_shows(value, number_format, shown):
    spec = Sheet("基本", [BASIC_HEADER, (1, "党的建设", "事项", value)], formats={"D2": number_format})
    assert rows_of(read(workbook_bytes(spec)))[1][3] == shown


def test_a_table_away_from_column_a_is_cut_to_its_header_and_named_by_its_first_cell():
    spec = Sheet("基本", [(), BASIC_HEADER, BASIC[0]], first_column=2)
    document = read(workbook_bytes(spec))
    assert document.blocks[-1] == Row(texts(BASIC[0]) + ("",), Where(sheet="基本", row=3, cell="B3"))


def test_a_header_cell_merged_across_widens_the_table_and_a_horizontal_merge_gives_text_then_empty():
    rows = [("序号", "事项类别", "事项名称", "承接部门及工作方式"), (3, "民生服务", "婚姻登记（仅内地居民）", "此项工作不再开展。")]
    document = read(workbook_bytes(Sheet("收回", rows, ("D1:E1", "D2:E2"))))
    assert rows_of(document) == [("序号", "事项类别", "事项名称", "承接部门及工作方式", ""),
                                 ("3", "民生服务", "婚姻登记（仅内地居民）", "此项工作不再开展。", "")]


@pytest.mark.parametrize("header", [
    ("序  号", "事项类别", "事项\n名称", "备注"),
    ("序号", "类别", "履职事项名称", "备注"),
])
def test_a_header_is_found_whatever_spaces_or_line_breaks_its_cells_hold(header):
    document = read(workbook_bytes(Sheet("基本", [(TITLE,), header, BASIC[0]])))
    assert rows_of(document)[0] == header


def test_a_heading_row_inside_a_table_stays_a_row_of_it():
    rows = [BASIC_HEADER, ("党的建设",), BASIC[0]]
    document = read(workbook_bytes(Sheet("基本", rows, ("A2:D2",))))
    assert rows_of(document)[1] == ("党的建设", "", "", "")


def test_a_sheet_without_a_header_gives_paragraphs_and_hidden_sheets_are_not_read():
    explanation = Sheet("说明", [("说 明",), ("先拜巴扎镇是农业型乡镇，位于于田县西部，距县城 15 公里、区域面积 85.05 平方公里。",)])
    hidden = Sheet("旧版", [BASIC_HEADER, (9, "党的建设", "已废止的事项")], hidden=True)
    document = read(workbook_bytes(explanation, hidden, one_sheet_per_part()[0]))
    assert document.blocks[1] == Paragraph(explanation.rows[1][0], Where(sheet="说明", row=2, cell="A2"))
    assert "旧版" not in {block.where.sheet for block in document.blocks}


# --- which files the layout takes ----------------------------------------------------------


@pytest.mark.parametrize(("content", "name", "taken"), [
    (workbook_bytes(*one_sheet_per_part()), "清单.xlsx", True),
    (workbook_bytes(*one_sheet_per_part()), "清单", True),  # the bytes decide, not the name
    (portal_workbook_bytes(), "导出.xlsx", False),  # the xlsx layout reads the portal's own
    (b"1\t\xe5\x85\x9a\xe7\x9a\x84\xe5\xbb\xba\xe8\xae\xbe\n", "清单.txt", False),
    (b"PK\x03\x04broken", "清单.xlsx", True),  # so that the error says it is damaged
    (b"PK\x03\x04broken", "清单.docx", False),
])
def test_detect_takes_county_workbooks_and_leaves_the_portals_own(content, name, taken):
    assert sheet.detect(source(content, name)) is taken


def test_detect_leaves_other_zips_such_as_word_files():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    assert not sheet.detect(source(buffer.getvalue(), "清单.docx"))


# --- bad workbooks -------------------------------------------------------------------------


def test_a_declared_dimension_of_the_whole_sheet_reads_only_the_cells_in_use():
    content = workbook_bytes(*one_sheet_per_part())
    lying = patched(content, "xl/worksheets/sheet1.xml",
                    lambda xml: re.sub(rb'<dimension ref="[^"]*"', b'<dimension ref="A1:XFD1048576"', xml))
    started = time.monotonic()
    assert read(lying) == read(content)
    assert time.monotonic() - started < 20  # a full read of what it declares would take hours


def test_a_cell_far_beyond_the_used_area_is_not_read():
    spec = Sheet("基本", [BASIC_HEADER, BASIC[0]])
    far = b'<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    content = patched(workbook_bytes(spec), "xl/worksheets/sheet1.xml",
                      lambda xml: xml.replace(b"</sheetData>", far + b"</sheetData>"))
    assert rows_of(read(content)) == [BASIC_HEADER, texts(BASIC[0]) + ("",)]


def test_a_macro_workbook_is_refused_even_when_named_xlsx():
    content = with_member(workbook_bytes(*one_sheet_per_part()), "xl/vbaProject.bin", b"\0" * 64)
    assert sheet.detect(source(content))
    assert read_error(content).issue.message == messages.MACRO_WORKBOOK


def test_a_workbook_whose_content_type_says_macro_enabled_is_refused():
    content = patched(workbook_bytes(*one_sheet_per_part()), "[Content_Types].xml", lambda xml: xml.replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"))
    assert read_error(content).issue.code == "macro"


def _ole2(*streams: str) -> bytes:
    """A minimal OLE2 compound file holding empty streams of those names (as an encrypted .xlsx is)."""
    end, free, no_stream = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFF
    header = (bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 16 + struct.pack("<5H", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\0" * 6 + struct.pack("<9I", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    fat = struct.pack("<2I", 0xFFFFFFFD, end) + struct.pack("<I", free) * 126

    def entry(name: str, kind: int, child: int = no_stream, right: int = no_stream) -> bytes:
        encoded = (name + "\0").encode("utf-16-le")
        return (encoded.ljust(64, b"\0") + struct.pack("<HBB3I", len(encoded), kind, 1, no_stream, right, child)
                + b"\0" * 36 + struct.pack("<IQ", end, 0))

    entries = [entry("Root Entry", 5, child=1)] + [
        entry(name, 2, right=index + 1 if index < len(streams) else no_stream)
        for index, name in enumerate(streams, start=1)]
    return header + fat + b"".join(entries).ljust(512, b"\0")


def test_an_encrypted_workbook_is_refused_as_encrypted():
    content = _ole2("EncryptionInfo", "EncryptedPackage")
    assert sheet.detect(source(content))
    assert not sheet.detect(source(content, "清单.docx"))  # an encrypted Word file looks the same
    assert read_error(content).issue.message == messages.ENCRYPTED


def test_an_ole2_file_of_another_kind_is_not_taken():
    assert not sheet.detect(source(_ole2("WordDocument"), "清单.doc"))


@pytest.mark.parametrize("content", [
    workbook_bytes(*one_sheet_per_part())[:2000],  # cut short
    b"PK\x03\x04" + b"\0" * 200,
])
def test_a_damaged_workbook_is_refused_naming_the_file(content):
    error = read_error(content, "乡镇清单.xlsx")
    assert error.issue.message == messages.DAMAGED.format(name="乡镇清单.xlsx")
    assert error.issue.file == "乡镇清单.xlsx"


def test_a_workbook_with_broken_sheet_xml_is_refused_naming_the_sheet():
    content = patched(workbook_bytes(*one_sheet_per_part()), "xl/worksheets/sheet2.xml",
                      lambda xml: xml[: len(xml) // 2])
    error = read_error(content)
    assert error.issue.code == "damaged"
    assert error.issue.message.startswith("工作表“配合履职事项清单”")


def test_a_workbook_without_any_table_is_refused():
    spec = Sheet("说明", [(TITLE,), ("说 明",), ("共有履职事项 255 项",)])
    error = read_error(workbook_bytes(spec))
    assert error.issue.code == "no_table"
    assert "清单.xlsx" in error.issue.message


def _with_number(xml_number: bytes) -> bytes:
    spec = Sheet("基本", [BASIC_HEADER, (1, "党的建设", "事项", 424242)])
    return patched(workbook_bytes(spec), "xl/worksheets/sheet1.xml",
                   lambda xml: xml.replace(b"<v>424242</v>", b"<v>" + xml_number + b"</v>"))


def test_a_number_no_sheet_can_hold_is_refused_naming_sheet_and_cell():
    error = read_error(_with_number(b"1e999999999"))
    assert error.issue.message == messages.BAD_NUMBER.format(where=Where(sheet="基本", row=2, cell="D2"))
    assert error.issue.line == 2


def test_a_number_of_thousands_of_digits_is_refused_naming_the_sheet():
    error = read_error(_with_number(b"9" * 5000))
    assert error.issue.message == messages.DAMAGED_SHEET.format(where=Where(sheet="基本", row=2))


def test_overlapping_merges_without_end_are_refused_naming_the_sheet():
    spec = Sheet("基本", [BASIC_HEADER, BASIC[0], BASIC[1]])
    merges = b"".join(b'<mergeCell ref="A%d:XFD1048576"/>' % row for row in (1, 1, 2, 2, 3, 3))
    content = patched(workbook_bytes(spec), "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b"</sheetData>", b'</sheetData><mergeCells count="6">' + merges + b"</mergeCells>"))
    assert read_error(content).issue.code == "merges"


def test_a_sheet_longer_than_the_limit_is_refused_rather_than_cut():
    spec = Sheet("基本", [BASIC_HEADER] + [(number, "党的建设", "事项") for number in range(1, MAX_ROWS + 1)])
    error = read_error(workbook_bytes(spec))
    assert error.issue.message == messages.TOO_MANY_ROWS.format(where=Where(sheet="基本", row=MAX_ROWS + 1),
                                                                limit=MAX_ROWS)


def test_a_workbook_with_more_sheet_data_than_a_list_has_is_refused_before_reading():
    spec = Sheet("基本", [BASIC_HEADER, BASIC[0]])
    padding = b"<!--" + b" " * (MAX_XML_BYTES + 1) + b"-->"
    content = patched(workbook_bytes(spec), "xl/worksheets/sheet1.xml", lambda xml: xml + padding)
    assert read_error(content).issue.code == "too_large"


def test_too_many_sheets_are_refused():
    sheets = [Sheet(f"表{index}", [BASIC_HEADER]) for index in range(MAX_SHEETS + 1)]
    assert read_error(workbook_bytes(*sheets)).issue.message == messages.TOO_MANY_SHEETS.format(
        count=MAX_SHEETS + 1, limit=MAX_SHEETS)


# --- .xls ----------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def converted_xls(tmp_path_factory) -> tuple[bytes, bytes]:
    """(xlsx, the same workbook saved as .xls by LibreOffice)."""
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed: no .xls can be written for the test")
    folder = tmp_path_factory.mktemp("xls")
    content = workbook_bytes(all_parts_on_one_sheet(), title_above_header_on_row_3())
    (folder / "清单.xlsx").write_bytes(content)
    profile = folder / "profile"  # its own profile, so another soffice running does not block it
    command = [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "xls",
               "--outdir", str(folder), str(folder / "清单.xlsx")]
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    return content, (folder / "清单.xls").read_bytes()


def test_an_xls_copy_reads_as_the_same_document_as_the_xlsx(converted_xls):
    xlsx_content, xls_content = converted_xls
    assert sheet.detect(source(xls_content, "清单.xls"))
    assert read(xls_content, "清单.xls") == read(xlsx_content)


def test_a_damaged_xls_is_refused_naming_the_file(converted_xls):
    xls_content = converted_xls[1]
    error = read_error(xls_content[:1024] + b"\0" * (len(xls_content) - 1024), "清单.xls")
    assert error.issue.message == messages.DAMAGED.format(name="清单.xls")


# --- the whole layout ----------------------------------------------------------------------


def test_parse_reads_the_items_of_every_part():
    pytest.importorskip("importers.tables.reading", reason="the shared table reader has not landed yet")
    reading = sheet.parse(source(workbook_bytes(all_parts_on_one_sheet())))
    assert [item.name for item in reading.items.basic] == [row[2] for row in BASIC]
    assert [item.seq for item in reading.items.coordinating] == [27, 28]
    assert [item.category for item in reading.items.reclaimed] == ["民生服务", "民生服务"]
