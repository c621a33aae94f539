"""What the PDF layout refuses, and how: scans, encrypted, damaged, table-less and huge files."""

from __future__ import annotations

from io import BytesIO

import pypdfium2
import pytest
from PIL import Image, ImageDraw

import importers.layouts.pdf as pdf_layout
from importers.layouts.pdf import MAX_PAGES, detect, parse, read_pdf, read_pdf_pages
from importers.layouts.pdf import messages
from importers.layouts.pdf.document import HEADER_WITHIN_PAGES, has_text_layer
from importers.layouts.pdf.lines import Glyph
from importers.records import ParseError
from tests.importers.layouts.pdf import documents
from tests.importers.layouts.pdf.conftest import NEEDS_SOFFICE, source


def scanned(pages: int, *, size: tuple[int, int] = (300, 400)) -> bytes:
    """An image-only PDF, as a scanner makes: each page a picture of a ruled table."""
    images = []
    for _ in range(pages):
        image = Image.new("L", size, 255)
        draw = ImageDraw.Draw(image)
        for y in range(20, size[1] - 20, 40):
            draw.line([(20, y), (size[0] - 20, y)], fill=0)
        images.append(image)
    buffer = BytesIO()
    images[0].save(buffer, "PDF", save_all=True, append_images=images[1:], resolution=72)
    return buffer.getvalue()


def appended(first: bytes, second: bytes) -> bytes:
    """The pages of `second` after those of `first`."""
    document = pypdfium2.PdfDocument(first)
    document.import_pages(pypdfium2.PdfDocument(second))
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def refusal(content: bytes, name: str = "清单.pdf") -> ParseError:
    with pytest.raises(ParseError) as raised:
        read_pdf(content, source=name)
    assert raised.value.issue.file == name  # every refusal names the file
    return raised.value


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"%PDF-1.7\n...", True), (b"\xef\xbb\xbf%PDF", False), (b"PK\x03\x04", False), ("%PDF".encode(), True)],
)
def test_detect_looks_only_at_the_magic_bytes(content: bytes, expected: bool) -> None:
    assert detect(source("a.pdf", content)) is expected


def test_detect_ignores_text_sources() -> None:
    assert detect(source("a.txt", None)) is False


def test_scan_refused_naming_its_textless_pages() -> None:
    error = refusal(scanned(3))
    assert error.issue.code == "pdf_scanned"
    assert error.issue.message == messages.SCANNED.format(pages="1–3", total=3)
    assert "暂不支持扫描件" in str(error) and "第 1–3 页没有文字层" in str(error)


def test_parse_refuses_a_scan_before_reading_any_table() -> None:
    with pytest.raises(ParseError, match="扫描件"):
        parse(source("扫描.pdf", scanned(2)))


def test_too_many_pages_refused_from_the_page_count_before_reading() -> None:
    error = refusal(scanned(MAX_PAGES + 1, size=(8, 8)))
    assert error.issue.code == "pdf_too_long"
    assert error.issue.message == messages.TOO_MANY_PAGES.format(pages=MAX_PAGES + 1, limit=MAX_PAGES)


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(b"%PDF-1.7\n", id="header-only"),
        pytest.param(b"%PDF-1.4\n" + bytes(range(256)) * 40, id="garbage"),
        pytest.param(b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n", id="no-trailer"),
    ],
)
def test_damaged_pdf_refused(content: bytes) -> None:
    error = refusal(content)
    assert error.issue.code == "pdf_damaged"
    assert error.issue.message.startswith("PDF 文件已损坏，无法读取")


@NEEDS_SOFFICE
@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99], ids=["tenth", "half", "all-but-the-trailer"])
def test_truncated_pdf_refused(pdfs: dict[str, bytes], keep: float) -> None:
    content = pdfs["portrait_basic"]
    error = refusal(content[: int(len(content) * keep)])
    assert error.issue.code == "pdf_damaged"


@NEEDS_SOFFICE
def test_password_protected_pdf_refused(pdfs: dict[str, bytes]) -> None:
    error = refusal(pdfs["encrypted"])
    assert (error.issue.code, error.issue.message) == ("pdf_encrypted", messages.ENCRYPTED)


@NEEDS_SOFFICE
def test_copy_restricted_pdf_without_open_password_is_read(pdfs: dict[str, bytes]) -> None:
    assert read_pdf(pdfs["restricted"], source="a.pdf") == read_pdf(pdfs["portrait_basic"], source="a.pdf")


@NEEDS_SOFFICE
def test_pdf_without_tables_refused(pdfs: dict[str, bytes]) -> None:
    error = refusal(pdfs["text_two_pages"])
    assert error.issue.code == "pdf_no_tables"
    assert "未找到表格" in error.issue.message


@NEEDS_SOFFICE
def test_pdf_stops_early_when_first_pages_have_no_table_header(pdfs: dict[str, bytes]) -> None:
    error = refusal(pdfs["text_twelve_pages"])
    assert error.issue.message == messages.NO_HEADER_EARLY.format(pages=HEADER_WITHIN_PAGES)


@NEEDS_SOFFICE
def test_mostly_text_pdf_with_a_scanned_page_is_read_and_names_it(pdfs: dict[str, bytes]) -> None:
    content = appended(pdfs["portrait_basic"], scanned(1))
    reading = read_pdf_pages(content, source="a.pdf")
    total = len(pypdfium2.PdfDocument(content))
    assert reading.textless_pages == (total,)
    assert reading.document == read_pdf(pdfs["portrait_basic"], source="a.pdf")


@NEEDS_SOFFICE
def test_parse_remarks_on_the_skipped_scanned_page(pdfs: dict[str, bytes]) -> None:
    pytest.importorskip("importers.tables.reading", reason="importers.tables.reading is not merged yet")
    content = appended(pdfs["complete"], scanned(1))
    total = len(pypdfium2.PdfDocument(content))
    reading = pdf_layout.parse(source("a.pdf", content))
    remark = next(remark for remark in reading.remarks if remark.code == "pdf_textless_pages")
    assert remark.message == messages.TEXTLESS_PAGES.format(pages=str(total))
    assert len(reading.items.reclaimed) == len(documents.RECLAIMED_002)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [(["序", "号"], True), ([" ", "\n"], False), ([], False),
     (["(cid:12)", "(cid:7)", "号"], False), (["(cid:12)", "序", "号"], True)],
    ids=["text", "only-spaces", "no-glyphs", "mostly-unmapped-glyphs", "few-unmapped-glyphs"],
)
def test_has_text_layer(texts: list[str], expected: bool) -> None:
    glyphs = [Glyph(text, 0, 10, 0, 10, 10) for text in texts]
    assert has_text_layer(glyphs) is expected
