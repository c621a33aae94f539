"""Layout for a PDF with a text layer, as counties publish lists: ruled tables read by pdfplumber.

`read_pdf` turns the bytes into the shared TableDocument (paragraphs and table rows, page by
page); `importers.tables.reading` turns that into items and a preamble, as for Word and Excel.
"""

from __future__ import annotations

from dataclasses import replace

from importers.layouts.pdf import messages
from importers.layouts.pdf.document import MAX_PAGES, page_ranges, read_pdf, read_pdf_pages
from importers.records import ParseIssue, Reading
from importers.tables.reading import read_document

__all__ = ["NAME", "LABEL", "DESCRIPTION", "MAX_PAGES", "detect", "parse", "read_pdf", "read_pdf_pages"]

NAME = "pdf"
LABEL = "PDF 表格"
DESCRIPTION = "带文字层的 PDF（如由 Word 导出），从带边框的表格中读取三个清单部分"

MAGIC = b"%PDF"


def detect(source) -> bool:
    """Whether the file is a PDF (its first bytes say so); its pages are not read."""
    content = getattr(source, "content", None)
    return isinstance(content, bytes) and content.startswith(MAGIC)


def parse(source) -> Reading:
    """The items and preamble a PDF holds; ParseError on a scan, an encrypted or damaged file."""
    pages = read_pdf_pages(source.content, source=source.name)
    reading = read_document(pages.document, source=source.name)
    if not pages.textless_pages:
        return reading
    remark = ParseIssue(
        file=source.name,
        line=None,
        code="pdf_textless_pages",
        message=messages.TEXTLESS_PAGES.format(pages=page_ranges(pages.textless_pages)),
    )
    return replace(reading, remarks=(*reading.remarks, remark))
