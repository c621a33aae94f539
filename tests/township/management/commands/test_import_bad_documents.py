"""Bad documents through import_list: a Chinese message naming the file, a non-zero exit, nothing written.

Every input is generated here: scans, a 500-page PDF of something else, truncated and damaged
files, a macro workbook, an encrypted Office file. Each runs after a real list is loaded, and the
database must be exactly as it was.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook
from PIL import Image, ImageDraw

from tests.importers.layouts.docx.builders import compound_file
from tests.township.database import township_checksum

pytestmark = pytest.mark.django_db

DOCUMENTS = Path(__file__).resolve().parents[4] / "fixtures" / "documents"
GOOD_PDF = DOCUMENTS / "002_xianbaibazha.pdf"


def scanned_pdf(pages: int) -> bytes:
    """Page images of a ruled table and no text layer, as a scanner makes."""
    images = []
    for _ in range(pages):
        image = Image.new("L", (300, 400), 255)
        draw = ImageDraw.Draw(image)
        for y in range(20, 380, 40):
            draw.line([(20, y), (280, y)], fill=0)
        images.append(image)
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def text_pdf(pages: int) -> bytes:
    """A plain PDF of `pages` pages of prose and no table: some other document altogether."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", None,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    kids = []
    for number in range(pages):
        stream = f"BT /F1 12 Tf 72 720 Td (Annual report, page {number + 1}: nothing to import here.) Tj ET".encode()
        objects.append(b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream))
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> >> >>" % len(objects))
        kids.append(len(objects))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(b"%d 0 R" % k for k in kids), pages)
    out, offsets = io.BytesIO(), []
    out.write(b"%PDF-1.4\n")
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def zipped(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def macro_workbook() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    return zipped({**members, "xl/vbaProject.bin": b"\x00macro"})


def workbook_without_a_list() -> bytes:
    workbook = Workbook()
    workbook.active.append(["月份", "收入", "支出"])
    workbook.active.append(["2025-07", 100, 80])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


BAD_DOCUMENTS = [
    ("scan of no list", "扫描件.pdf", lambda: scanned_pdf(3), r"扫描件\.pdf: 未在扫描件中找到表格"),
    ("500-page PDF of something else", "年报.pdf", lambda: text_pdf(500), r"年报\.pdf: .*(表格|页)"),
    ("truncated PDF", "残缺.pdf", lambda: GOOD_PDF.read_bytes()[:40_000], r"残缺\.pdf: .*(损坏|不完整|无法)"),
    ("damaged docx", "损坏.docx", lambda: zipped({"word/document.xml": b"<w:document><w:body><w:p>"}),
     r"损坏\.docx: "),
    ("docx cut short", "截断.docx", lambda: (DOCUMENTS / "000_panjin.docx").read_bytes()[:5000], r"截断\.docx: .*损坏"),
    ("damaged xlsx", "损坏.xlsx", lambda: zipped({"xl/workbook.xml": b"<workbook><sheets>"}), r"损坏\.xlsx: "),
    ("xlsm", "宏.xlsm", macro_workbook, r"宏\.xlsm: .*含宏的工作簿"),
    ("encrypted Office file", "加密.docx", lambda: compound_file("EncryptionInfo", "EncryptedPackage"),
     r"加密\.docx: .*加密"),
    ("workbook of something else", "账目.xlsx", workbook_without_a_list, r"账目\.xlsx: .*表格"),
    ("image of another format", "照片.gif", lambda: b"GIF89a\x01\x00\x01\x00" + b"\x00" * 100,
     r"照片\.gif: 这种图片格式不能识别"),
]


@pytest.mark.parametrize("name, make, message", [case[1:] for case in BAD_DOCUMENTS],
                         ids=[case[0] for case in BAD_DOCUMENTS])
def test_a_bad_document_is_refused_by_name_and_writes_nothing(tmp_path, name, make, message):
    call_command("import_list", str(DOCUMENTS / "002_xianbaibazha.docx"), stdout=io.StringIO())
    before = township_checksum()
    path = tmp_path / name
    path.write_bytes(make())
    with pytest.raises(CommandError, match=message) as raised:
        call_command("import_list", str(path), stdout=io.StringIO())
    assert "数据库未作任何改动" in str(raised.value)
    assert "Traceback" not in str(raised.value)
    assert township_checksum() == before


def test_a_bad_document_among_good_ones_writes_none_of_them(tmp_path):
    bad = tmp_path / "扫描件.pdf"
    bad.write_bytes(scanned_pdf(1))
    before = township_checksum()
    with pytest.raises(CommandError, match=r"扫描件\.pdf"):
        call_command("import_list", str(DOCUMENTS / "002_xianbaibazha.docx"), str(bad), stdout=io.StringIO())
    assert township_checksum() == before
