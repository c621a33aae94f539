"""A corpus of malformed list files, generated from the bundled lists (nothing big is committed).

Each case is a file name, a function making its bytes, what the refusal must say and, where the
file has one, how it names the line, page or cell. The files come in every style the importer
reads: the four text layouts, Word, county workbooks (.xlsx, .xls), the portal's own workbook,
PDF and images, damaged, truncated, renamed, oversized, with absurd numbers, over-long names,
NUL bytes and wrong encodings. tests/township/management/commands/test_malformed_corpus.py runs
every case through import_list and a representative subset through the admin upload.
"""

from __future__ import annotations

import functools
import io
import random
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from openpyxl import load_workbook

from importers.layouts.xlsx.format import PLACE_ROWS
from tests.importers.layouts.docx.builders import compound_file
from tests.importers.layouts.xlsx.conftest import PART_ROWS, PLACE, workbook_bytes
from tests.township.management.commands.test_import_bad_documents import (
    macro_workbook, text_pdf, workbook_without_a_list, zipped,
)

ROOT = Path(__file__).resolve().parents[4]
FIXTURES = ROOT / "fixtures"
DOCUMENTS = FIXTURES / "documents"

HUGE = "9" * 5000  # past Python's 4,300-digit limit for int()
ELEVEN = "99999999999"  # fits no PostgreSQL integer
LONG_DEPARTMENT = "于田县" + "乡村振兴与基层社会治理综合协调服务" * 17 + "局"  # 300 characters
LONG_PLACE = "先拜巴扎" * 49 + "镇"  # 197 characters

# Where a message names a position: a text line ("name:12:"), a page, a sheet row or a cell.
LINE = r":\d+: "
SPOT = r"(:\d+: |第 \d+ 页|第 \d+ 行|单元格|工作表)"
TOO_MANY_DIGITS = r"位数字，不可能是清单中的"
OUT_OF_RANGE = r"应在 \d+ 至 \d+ 之间"
TOO_LONG_TEXT = r"超过上限 \d+ 个字"
# A file the importer reads (badly formed, but readable) for a township and month already loaded.
ALREADY_LOADED = r"已由另一文件（.*）导入"

# Places and month for the bundled lists that do not print them, as options or form fields.
EMIN = {"prefecture": "塔城地区", "county": "额敏县", "township": "某乡", "published": "2025-07"}
MONTH = {"published": "2025-07"}


@dataclass(frozen=True)
class Case:
    """One malformed file and what its refusal must say."""

    id: str
    name: str
    make: Callable[[], bytes]
    expect: str  # a regular expression the message matches
    where: str = ""  # how the message names the line, page or cell; "" when the file has none
    fields: dict = field(default_factory=dict)  # import_list options, the upload form's fields alike
    metadata: bytes | None = None  # NAME.meta.toml beside the file (command line only)
    upload: bool = False  # one of the representative subset sent through the admin upload
    at_fault: str = ""  # the file the message must name, when not the list itself (its metadata)

    @property
    def named(self) -> str:
        """The name the refusal must quote."""
        return self.at_fault or self.name.strip()


# ---------------------------------------------------------------------------------------------
# The bundled lists as bytes and text


@functools.cache
def _bytes(path: Path) -> bytes:
    return path.read_bytes()


def _text(path: Path) -> str:
    return _bytes(path).decode("utf-8")


TABBED = FIXTURES / "000_5d7574d3c5ca649c.txt"
FLOWED = FIXTURES / "001_1fdc4c7ea05d9441.txt"
MARKDOWN = FIXTURES / "002_fe4ab73d7f7b2358.txt"
TABBED_NOTES = FIXTURES / "004_75977ff95c5311e1.txt"
PDFTEXT = DOCUMENTS / "002_xianbaibazha_pdftotext.txt"
DOCX = DOCUMENTS / "002_xianbaibazha.docx"
SHEET = DOCUMENTS / "002_xianbaibazha_one_sheet.xlsx"
XLS = DOCUMENTS / "001_emin_by_part.xls"
PDF = DOCUMENTS / "002_xianbaibazha.pdf"

# How each text layout writes the first 序号 of its first table, and the options it needs.
SEQ_PATTERNS = {
    "tabbed": (TABBED, r"^1(?=\t)", {}),
    "flowed": (FLOWED, r"^1(?= 党的建设)", EMIN),
    "markdown": (MARKDOWN, r"(?<=^\| )1(?= \|)", {}),
    "tabbed_notes": (TABBED_NOTES, r"^1(?=\t)", MONTH),
    "pdftext": (PDFTEXT, r"^1(?=\s{3,})", {}),
}
# How the 说明 states each figure, in the lists that have one.
FIGURES = {
    "total": (r"共有履职事项\s*\d+", "共有履职事项 {n}"),
    "basic": (r"基本履职事项\s*\d+\s*项", "基本履职事项 {n} 项"),
    "departments": (r"涉及\s*\d+", "涉及 {n}"),
    "area": (r"面积\s*[\d.]+", "面积 {n}"),
    "population": (r"户籍人口\s*[\d.]+", "户籍人口 {n}"),
    "villages": (r"\d+\s*个行政村", "{n} 个行政村"),
}
WITH_NOTES = {"markdown": (MARKDOWN, {}), "tabbed_notes": (TABBED_NOTES, MONTH), "pdftext": (PDFTEXT, {})}


def _sub_first(text: str, pattern: str, replacement: str) -> str:
    changed, count = re.subn(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert count == 1, f"the corpus no longer finds {pattern!r}: update malformed_corpus.py"
    return changed


def _replace_first(text: str, old: str, new: str) -> str:
    assert old in text, f"the corpus no longer finds {old!r}: update malformed_corpus.py"
    return text.replace(old, new, 1)


def _seq_text(layout: str, number: str) -> Callable[[], bytes]:
    path, pattern, _ = SEQ_PATTERNS[layout]
    return lambda: _sub_first(_text(path), pattern, number).encode()


def _figure_text(path: Path, figure: str, number: str) -> Callable[[], bytes]:
    pattern, template = FIGURES[figure]
    return lambda: _sub_first(_text(path), pattern, template.format(n=number)).encode()


def _edited(path: Path, old: str, new: str, *, everywhere: bool = False) -> Callable[[], bytes]:
    def make() -> bytes:
        text = _text(path)
        return (text.replace(old, new) if everywhere else _replace_first(text, old, new)).encode()
    return make


# ---------------------------------------------------------------------------------------------
# Documents: Word XML, workbooks, PDFs and zips edited


def _docx_with(edit: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    def make() -> bytes:
        with zipfile.ZipFile(io.BytesIO(_bytes(DOCX))) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        members["word/document.xml"] = edit(members["word/document.xml"])
        return zipped(members)
    return make


def _docx_text(old: str, new: str, *, after: str = "") -> Callable[[], bytes]:
    def edit(xml: bytes) -> bytes:
        start = xml.index(after.encode()) if after else 0
        at = xml.index(old.encode(), start)
        return xml[:at] + new.encode() + xml[at + len(old.encode()):]
    return _docx_with(edit)


def _docx_numbering(edit: Callable[[bytes], bytes]) -> Callable[[], bytes]:
    def make() -> bytes:
        with zipfile.ZipFile(io.BytesIO(_bytes(DOCX))) as archive:
            members = {name: archive.read(name) for name in archive.namelist()}
        members["word/numbering.xml"] = edit(members["word/numbering.xml"])
        return zipped(members)
    return make


def _without_member(path: Path, member: str) -> Callable[[], bytes]:
    def make() -> bytes:
        with zipfile.ZipFile(io.BytesIO(_bytes(path))) as archive:
            return zipped({name: archive.read(name) for name in archive.namelist() if name != member})
    return make


def _docx_body(insert: bytes) -> Callable[[], bytes]:
    return _docx_with(lambda xml: xml.replace(b"<w:body>", b"<w:body>" + insert, 1))


def _sheet_with(edit: Callable) -> Callable[[], bytes]:
    """The county workbook with one cell changed by `edit(sheet, seq_cell)`."""
    def make() -> bytes:
        workbook = load_workbook(io.BytesIO(_bytes(SHEET)))
        sheet = workbook.worksheets[0]
        header = next(cell for row in sheet.iter_rows() for cell in row if cell.value == "序号")
        first = sheet.cell(row=header.row + 1, column=header.column)
        edit(sheet, first)
        buffer = io.BytesIO()
        workbook.save(buffer)
        return buffer.getvalue()
    return make


def _set_offset(row: int, column: int, value) -> Callable:
    def edit(sheet, first) -> None:
        sheet.cell(row=first.row + row, column=first.column + column).value = value
    return edit


def _truncated(path: Path, fraction: float) -> Callable[[], bytes]:
    return lambda: _bytes(path)[: int(len(_bytes(path)) * fraction)]


def _garbage(size: int, *, prefix: bytes = b"", seed: int = 16) -> Callable[[], bytes]:
    return lambda: prefix + random.Random(seed).randbytes(size)


def _flipped(path: Path, at: float, count: int = 64) -> Callable[[], bytes]:
    """The file with `count` bytes from `at` of its length overwritten: a damaged download."""
    def make() -> bytes:
        data = bytearray(_bytes(path))
        start = int(len(data) * at)
        data[start:start + count] = random.Random(start).randbytes(count)
        return bytes(data)
    return make


def _zip_bomb() -> bytes:
    """A Word file whose body unpacks to 60 MB of empty paragraphs: under the size caps."""
    return _docx_body(b"<w:p/>" * 10_000_000)()


def _billion_laughs() -> bytes:
    entities = b"".join(b'<!ENTITY l%d "&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;">' % ((n,) + (n - 1,) * 10)
                        for n in range(1, 10))
    doctype = b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY l0 "ha">' + entities + b"]>"
    return _docx_with(lambda xml: doctype + xml[xml.index(b"<w:document"):].replace(
        b"<w:body>", b"<w:body><w:p><w:r><w:t>&l9;</w:t></w:r></w:p>", 1))()


def _pdf_count(count: str) -> bytes:
    """A PDF whose page tree claims `count` pages."""
    return text_pdf(1).replace(b"/Count 1", b"/Count " + count.encode())


def _portal_workbook(**sheets) -> Callable[[], bytes]:
    return lambda: workbook_bytes(**sheets)


def _portal_notes(label: str, value: str) -> list[list]:
    rows = [[PLACE_ROWS[key], text] for key, text in PLACE.items()]
    return rows + [[label, value]]


def _portal_place(level: str, value: str) -> list[list]:
    return [[PLACE_ROWS[key], value if key == level else text] for key, text in PLACE.items()]


def _basic_row(**changes) -> list[list]:
    row = list(PART_ROWS["basic"][0])
    for position, value in changes.items():
        row[int(position[1:])] = value
    return [row]


# ---------------------------------------------------------------------------------------------
# The corpus


def _text_number_cases() -> list[Case]:
    cases = []
    for layout, (_, _, fields) in SEQ_PATTERNS.items():
        cases += [
            Case(f"{layout}-seq-5000-digits", f"{layout}_序号过长.txt", _seq_text(layout, HUGE),
                 r"序号“9+…”有 5,000 " + TOO_MANY_DIGITS, SPOT, fields, upload=layout in ("markdown", "flowed")),
            Case(f"{layout}-seq-eleven-digits", f"{layout} seq eleven.txt", _seq_text(layout, ELEVEN),
                 "序号“99999999999”有 11 " + TOO_MANY_DIGITS, SPOT, fields, upload=layout == "tabbed"),
            Case(f"{layout}-seq-zero", f"{layout}-序号为0.TXT", _seq_text(layout, "0"),
                 "序号”为 0，" + OUT_OF_RANGE, SPOT, fields, upload=layout == "markdown"),
        ]
    for layout, (path, fields) in WITH_NOTES.items():
        for figure in FIGURES:
            cases.append(Case(f"{layout}-{figure}-5000-digits", f"说明_{figure}_{layout}.txt",
                              _figure_text(path, figure, HUGE), TOO_MANY_DIGITS, "", fields,
                              upload=figure in ("total", "area") and layout == "markdown"))
        cases += [
            Case(f"{layout}-stated-count-eleven-digits", f"{layout}_说明事项数.txt",
                 _figure_text(path, "basic", ELEVEN), "说明所载基本履职事项数”为 99999999999，" + OUT_OF_RANGE,
                 "", fields, upload=layout == "pdftext"),
            Case(f"{layout}-area-eleven-digits", f"{layout}_面积.txt", _figure_text(path, "area", ELEVEN),
                 "区域面积（平方公里）”为 99999999999，超过上限", "", fields),
            Case(f"{layout}-population-eleven-digits", f"{layout}_人口.txt",
                 _figure_text(path, "population", ELEVEN), r"(户籍户数|户籍人口)”为 \d+，" + OUT_OF_RANGE, "", fields),
            Case(f"{layout}-villages-eleven-digits", f"{layout}_行政村.txt",
                 _figure_text(path, "villages", ELEVEN), "行政村数”为 99999999999，" + OUT_OF_RANGE, "", fields),
        ]
    return cases


def _name_cases() -> list[Case]:
    return [
        Case("markdown-long-department", "部门名称过长.txt", _edited(MARKDOWN, "| 于田县委组织部 |", f"| {LONG_DEPARTMENT} |"),
             TOO_LONG_TEXT, LINE, upload=True),
        Case("tabbed-long-department", "部门名称过长_tab.txt", _edited(TABBED, "\t市委组织部\t", f"\t{LONG_DEPARTMENT}\t"),
             TOO_LONG_TEXT, LINE),
        Case("markdown-long-second-department", "第二个部门过长.txt",
             _edited(MARKDOWN, "、于田县人力资源和社会保障局", f"、{LONG_DEPARTMENT}"), TOO_LONG_TEXT, LINE, upload=True),
        Case("markdown-long-township-in-title", "乡镇名过长.txt", _edited(MARKDOWN, "先拜巴扎镇", LONG_PLACE, everywhere=True),
             "乡镇（街道）“名称”有 197 个字，" + TOO_LONG_TEXT, "", upload=True),
        Case("markdown-long-county-option", "县名过长.txt", lambda: _bytes(MARKDOWN),
             "县/县级市/区“名称”有 200 个字，" + TOO_LONG_TEXT, "", {"county": "于" * 199 + "县"}),
        Case("flowed-long-township-option", "乡名过长.txt", lambda: _bytes(FLOWED),
             "乡镇（街道）“名称”有 197 个字", "", {**EMIN, "township": LONG_PLACE}),
        Case("docx-long-department", "部门过长.docx", _docx_text("于田县委组织部", LONG_DEPARTMENT, after="对应上级部门"),
             TOO_LONG_TEXT, SPOT, upload=True),
        Case("portal-long-county", "本门户_县名过长.xlsx", _portal_workbook(notes=_portal_place("county", "于" * 199 + "县")),
             TOO_LONG_TEXT, "", upload=True),
    ]


def _encoding_cases() -> list[Case]:
    markdown = _bytes(MARKDOWN)
    return [
        Case("nul-after-4kb", "含空字符.txt", lambda: markdown[:6000] + b"\x00" + markdown[6000:],
             "空字符", LINE, upload=True),
        Case("nul-at-end", "末尾空字符.txt", lambda: _bytes(TABBED) + b"\x00", "空字符", LINE),
        Case("nul-in-a-cell", "单元格空字符.txt", _edited(TABBED, "50\t社会保障\t", "50\t社会\x00保障\t"), "空字符", LINE),
        Case("utf16-with-bom", "utf16.txt", lambda: markdown.decode().encode("utf-16"), "二进制", "", upload=True),
        Case("utf16-be", "utf16be.txt", lambda: markdown.decode().encode("utf-16-be"), "二进制", ""),
        Case("utf32", "utf32.txt", lambda: markdown.decode().encode("utf-32"), "二进制", ""),
        Case("bom-then-gbk", "bom_gbk.txt", lambda: b"\xef\xbb\xbf" + markdown.decode().encode("gbk"), "编码", "",
             upload=True),
        Case("latin1", "latin1.txt", lambda: "Liste des tâches, été 2025\n".encode("latin-1") * 40, "编码", ""),
        Case("big5", "big5.txt", lambda: "鄉鎮履職事項清單 序號 事項類別\n".encode("big5") * 40, "(版式|编码)", ""),
        Case("empty", "空文件.txt", lambda: b"", "为空", "", upload=True),
        Case("whitespace-only", "空白.txt", lambda: b" \n\t\r\n" * 100, "为空", ""),
        Case("bom-only", "只有BOM.txt", lambda: b"\xef\xbb\xbf", "为空", ""),
        Case("bom-and-blank-lines", "BOM空行.txt", lambda: b"\xef\xbb\xbf\n\n\n", "为空", ""),
    ]


def _text_structure_cases() -> list[Case]:
    tabbed, markdown = _text(TABBED), _text(MARKDOWN)
    header_only = "序号\t事项类别\t事项名称\n"
    return [
        Case("tabbed-header-renamed", "表头错误.txt", lambda: tabbed.replace("序号", "编号").encode(), "版式", "",
             upload=True),
        Case("markdown-header-renamed", "表头错误.md", lambda: markdown.replace("序号", "编号").encode(), "版式", ""),
        Case("header-only", "只有表头.txt", lambda: header_only.encode() * 3, "版式|事项", ""),
        Case("markdown-cut-mid-row", "截断.txt", lambda: markdown[: markdown.index("| 3 | 党的建设") + 30].encode(),
             "截断|不完整|残缺", LINE, upload=True),
        Case("tabbed-cut-mid-row", "截断_tab.txt", lambda: tabbed[: tabbed.index("2\t党的建设") + 20].encode(),
             "", ""),
        Case("prose", "散文.txt", lambda: "这是一篇与履职事项清单无关的文章。\n".encode() * 500, "版式", ""),
        Case("html", "网页.txt", lambda: b"<!DOCTYPE html><html><body>" + b"<p>hello</p>" * 500 + b"</body></html>",
             "版式", ""),
        Case("json", "数据.json", lambda: b'{"items": [' + b'{"seq": 1, "name": "x"},' * 500 + b"{}]}", "版式", ""),
        Case("csv", "逗号分隔.csv", lambda: tabbed.replace("\t", ",").encode(), "版式", "", upload=True),
        Case("one-huge-line", "一行.txt", lambda: "党的建设".encode() * 600_000, "版式", "", upload=True),
        Case("huge-markdown-row", "超长行.md",
             lambda: (markdown[: markdown.index("| 1 |")] + "| 1 |" + " x |" * 400_000 + "\n").encode(), "", ""),
        Case("nested-html-cell", "嵌套.md", lambda: _replace_first(markdown, "| 1 | 党的建设 |",
                                                                   "| 1 | " + "<ol><li>" * 50_000 + " |").encode(), "", ""),
        Case("text-too-large", "过大.txt", lambda: b"a\n" * (4 * 1024 * 1024 + 1), "过大", "", upload=True),
        Case("control-characters", "控制字符.txt", lambda: bytes(range(1, 9)) * 2000, "二进制", ""),
        Case("pipes-only", "竖线.txt", lambda: b"|" * 100_000 + b"\n", "版式", ""),
        Case("tabs-only", "制表符.txt", lambda: b"\t" * 100_000 + b"x\n", "版式", ""),
    ]


def _metadata_cases() -> list[Case]:
    flowed = lambda: _bytes(FLOWED)  # noqa: E731 — the list that takes its place from metadata
    bad = [
        ("metadata-nul", "元数据空字符", "元数据文件.*空字符", b'county = "\x00"\ntownship = "x"\npublished = "2025-07"\n'),
        ("metadata-gbk", "元数据编码", "元数据文件.*UTF-8", 'county = "额敏县"\n'.encode("gbk")),
        ("metadata-syntax", "元数据语法", r"元数据文件.*第 1 行第 \d+ 列", b"county = \xe9\xa2\x9d\n"),
        ("metadata-array", "元数据数组", "元数据文件.*文字", 'county = ["额敏县", "裕民县"]\n'.encode()),
        ("metadata-table", "元数据表", "元数据文件.*文字", b"[county]\nname = 1\n"),
    ]
    return [Case(case_id, f"{stem}.txt", flowed, expect, metadata=metadata, at_fault=f"{stem}.meta.toml")
            for case_id, stem, expect, metadata in bad] + [
        Case("metadata-long-county", "元数据县名过长.txt", flowed, TOO_LONG_TEXT, "",
             metadata=(f'county = "{"额" * 199}县"\ntownship = "某乡"\npublished = "2025-07"\n').encode()),
        Case("metadata-year-zero", "元数据年份.txt", flowed, "发布月份", "",
             metadata='county = "额敏县"\ntownship = "某乡"\npublished = "0000-07"\n'.encode()),
        Case("metadata-huge-month", "元数据月份.txt", flowed, "发布月份", "",
             metadata=f'county = "额敏县"\ntownship = "某乡"\npublished = "2025-{HUGE}"\n'.encode()),
    ]


def _docx_cases() -> list[Case]:
    seq_after = "<w:t>序号</w:t>"
    return [
        Case("docx-seq-5000-digits", "序号过长.docx", _docx_text("<w:t>1</w:t>", f"<w:t>{HUGE}</w:t>", after=seq_after),
             "序号“9+…”有 5,000 " + TOO_MANY_DIGITS, SPOT, upload=True),
        Case("docx-seq-eleven-digits", "序号11位.docx", _docx_text("<w:t>1</w:t>", f"<w:t>{ELEVEN}</w:t>", after=seq_after),
             TOO_MANY_DIGITS, SPOT),
        Case("docx-seq-zero", "序号为零.docx", _docx_text("<w:t>1</w:t>", "<w:t>0</w:t>", after=seq_after),
             "序号”为 0，" + OUT_OF_RANGE, SPOT),
        Case("docx-stated-huge", "说明数字过长.docx", _docx_text("共有履职事项 255", f"共有履职事项 {HUGE}"),
             TOO_MANY_DIGITS, "", upload=True),
        Case("docx-stated-eleven", "说明数字11位.docx", _docx_text("基本履职事项 116 项", f"基本履职事项 {ELEVEN} 项"),
             OUT_OF_RANGE, ""),
        Case("docx-truncated-30", "截断30.docx", _truncated(DOCX, 0.3), "损坏", ""),
        Case("docx-truncated-95", "截断95.docx", _truncated(DOCX, 0.95), "损坏", "", upload=True),
        Case("docx-damaged-bytes", "损坏字节.docx", _flipped(DOCX, 0.5, 4096), "损坏", ""),
        Case("docx-garbage-xml", "乱码.docx", _docx_with(lambda xml: b"<w:document><<<" + xml[:100]), "(损坏|XML)", ""),
        Case("docx-no-body", "无正文.docx", _docx_with(lambda xml: re.sub(rb"<w:body>.*</w:body>", b"", xml, flags=re.S)),
             "正文|表格", ""),
        Case("docx-without-document", "缺正文.docx", lambda: zipped({"[Content_Types].xml": b"<Types/>"}), "", ""),
        Case("docx-zip-bomb", "压缩炸弹.docx", _zip_bomb, "XML 元素", "", upload=True),
        Case("docx-billion-laughs", "实体炸弹.docx", _billion_laughs, "", ""),
        Case("docx-empty-zip", "空压缩包.docx", lambda: zipped({}), "", ""),
        Case("docx-random-after-signature", "随机.docx", _garbage(50_000, prefix=b"PK\x03\x04"), "", ""),
        Case("docx-encrypted", "加密.docx", lambda: compound_file("EncryptionInfo", "EncryptedPackage"), "加密", ""),
        Case("doc-legacy", "旧格式.doc", lambda: compound_file("WordDocument"), r"\.doc", ""),
        Case("docx-table-of-prose", "无清单.docx", _docx_text("序号", "编号"), "", ""),
        # Step numbers of eleven digits in letters would be labels of billions of characters.
        Case("docx-numbering-start-eleven-digits", "编号起始值.docx", _docx_numbering(
            lambda xml: xml.replace(b'<w:start w:val="1"/>', b'<w:start w:val="99999999999"/>')
            .replace(b'w:numFmt w:val="decimal"', b'w:numFmt w:val="lowerLetter"')), ALREADY_LOADED, ""),
    ]


def _sheet_cases() -> list[Case]:
    return [
        Case("sheet-seq-5000-digits", "序号过长.xlsx", _sheet_with(_set_offset(0, 0, HUGE)), TOO_MANY_DIGITS, SPOT,
             upload=True),
        Case("sheet-seq-eleven-digits", "序号11位.xlsx", _sheet_with(_set_offset(0, 0, int(ELEVEN))), TOO_MANY_DIGITS, SPOT),
        Case("sheet-seq-zero", "序号为零.xlsx", _sheet_with(_set_offset(0, 0, 0)), "序号”为 0，" + OUT_OF_RANGE, SPOT),
        Case("sheet-seq-1e308", "序号极大.xlsx", _sheet_with(_set_offset(0, 0, 1e308)), ALREADY_LOADED, ""),
        Case("sheet-long-department", "部门过长.xlsx", _sheet_with(_department_cell(LONG_DEPARTMENT)), TOO_LONG_TEXT, SPOT),
        Case("sheet-truncated", "截断.xlsx", _truncated(SHEET, 0.6), "", "", upload=True),
        Case("sheet-damaged-bytes", "损坏字节.xlsx", _flipped(SHEET, 0.4, 2048), "", ""),
        Case("sheet-of-something-else", "账目.xlsx", workbook_without_a_list, "表格", ""),
        Case("sheet-without-styles", "无样式.xlsx", _without_member(SHEET, "xl/styles.xml"), ALREADY_LOADED, ""),
        Case("xlsm", "宏.xlsm", macro_workbook, "宏", ""),
        Case("xls-truncated", "截断.xls", _truncated(XLS, 0.5), "", "", EMIN, upload=True),
        Case("xls-damaged", "损坏.xls", _flipped(XLS, 0.3, 8192), "", "", EMIN),
        Case("xls-random-after-signature", "随机.xls", _garbage(20_000, prefix=b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
             "", ""),
        Case("portal-seq-5000-digits", "本门户_序号.xlsx", _portal_workbook(basic=_basic_row(c0=HUGE)), "序号", SPOT,
             upload=True),
        Case("portal-seq-zero", "本门户_序号零.xlsx", _portal_workbook(basic=_basic_row(c0=0)), "序号", SPOT),
        Case("portal-stated-eleven", "本门户_说明.xlsx", _portal_workbook(notes=_portal_notes("说明所载基本履职事项数", ELEVEN)),
             "(应在|数字)", ""),
        Case("portal-stated-exponent", "本门户_指数.xlsx",
             _portal_workbook(notes=_portal_notes("说明所载基本履职事项数", "1e999999999")), "数字", SPOT),
        Case("portal-year-zero", "本门户_年份.xlsx", _portal_workbook(notes=_portal_place("published", "0000-07")),
             "发布月份", ""),
    ]


def _department_cell(value: str) -> Callable:
    def edit(sheet, first) -> None:
        for row in sheet.iter_rows(min_row=first.row):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith("于田县委组织部"):
                    cell.value = value
                    return
        raise AssertionError("the corpus no longer finds a department cell: update malformed_corpus.py")
    return edit


def _other_binary_cases() -> list[Case]:
    return [
        Case("pdf-truncated-1kb", "截断1k.pdf", _truncated(PDF, 0.002), "", "", upload=True),
        Case("pdf-truncated-half", "截断一半.pdf", _truncated(PDF, 0.5), "", ""),
        Case("pdf-header-only", "只有文件头.pdf", lambda: b"%PDF-1.7\n", "", ""),
        Case("pdf-garbage", "乱码.pdf", _garbage(100_000, prefix=b"%PDF-1.4\n"), "", "", upload=True),
        Case("pdf-of-prose", "年报.pdf", lambda: text_pdf(3), "表格|页", ""),
        Case("pdf-page-count-5000-digits", "页数.pdf", lambda: _pdf_count(HUGE), "", ""),
        Case("pdf-page-count-negative", "负页数.pdf", lambda: _pdf_count("-5"), "", ""),
        Case("pdf-damaged-xref", "目录损坏.pdf", lambda: text_pdf(2).replace(b"xref", b"xyzw"), "", ""),
        Case("gif", "照片.gif", lambda: b"GIF89a\x01\x00\x01\x00" + b"\x00" * 100, "图片格式", ""),
        Case("tiff", "扫描.tif", lambda: b"II*\x00" + b"\x00" * 100, "图片格式", ""),
        Case("bmp", "位图.bmp", lambda: b"BM" + b"\x00" * 100, "图片格式", ""),
        Case("png-garbage", "坏图.png", _garbage(5_000, prefix=b"\x89PNG\r\n\x1a\n"), "", "", upload=True),
        Case("jpeg-garbage", "坏图.jpg", _garbage(5_000, prefix=b"\xff\xd8\xff\xe0"), "", ""),
        Case("random-binary", "随机.bin", _garbage(10_000), "二进制|编码", "", upload=True),
        Case("zip-of-other-files", "压缩包.docx", lambda: zipped({"readme.txt": b"hello", "a/b.xml": b"<a/>"}), "", ""),
        Case("zip-named-xlsx", "压缩包.xlsx", lambda: zipped({"data.csv": b"1,2,3"}), "", ""),
        Case("docx-renamed-pdf", "其实是Word.pdf", _truncated(DOCX, 0.5), "", ""),
        Case("elf-binary", "程序", lambda: b"\x7fELF" + bytes(2000), "二进制", ""),
    ]


def _file_name_cases() -> list[Case]:
    markdown = lambda: _seq_text("markdown", HUGE)()  # noqa: E731
    return [
        Case("name-with-spaces", "  有 空 格 .txt", markdown, TOO_MANY_DIGITS, LINE),
        Case("name-without-suffix", "清单", markdown, TOO_MANY_DIGITS, LINE),
        Case("name-long", "很长的文件名" * 12 + ".txt", markdown, TOO_MANY_DIGITS, LINE),
        Case("name-with-dots", "a.b.c..txt", markdown, TOO_MANY_DIGITS, LINE),
        Case("name-with-html", "<b>清单<b>.txt", markdown, TOO_MANY_DIGITS, LINE),
    ]


def corpus() -> list[Case]:
    """Every malformed case, in a stable order."""
    return (_text_number_cases() + _name_cases() + _encoding_cases() + _text_structure_cases()
            + _metadata_cases() + _docx_cases() + _sheet_cases() + _other_binary_cases() + _file_name_cases())
