"""PDF text copied side by side (`pdftotext -layout`): a table's columns next to each other.

Each line holds a piece of every column, placed by position and separated by runs of spaces; a
cell wraps over lines within its column; pages end with a form feed and a footer; the header
row repeats on each page. The text is read into a TableDocument, so the shared table reader
drops repeated headers and footers, joins rows a page break cut and builds the items.
"""

from __future__ import annotations

from importers.layouts.pdftext.columns import chunks, header_lines, is_header_line
from importers.layouts.pdftext.pages import read_pages
from importers.records import ParseError, ParseIssue, Reading
from importers.tables.reading import read_document

NAME = "pdftext"
LABEL = "PDF 复制文本（分栏）"
DESCRIPTION = "从 PDF 复制或用 pdftotext -layout 提取的文本：表格各列在同一行中以空格隔开并排，单元格在列内折行，页间有页脚与分页符"
READS_TEXT = True  # reads the decoded text of a Source

# A page is a few thousand characters; far more pages than a list has means another document.
MAX_PAGES = 2000
TOO_MANY_PAGES = "文本有 {pages} 页（上限 {limit} 页），不像一份乡镇履职事项清单"
# Header rows that set their labels two or more spaces apart: columns placed side by side.
MIN_HEADERS = 2


def detect_text(text: str) -> bool:
    """True for side-by-side text: header rows whose labels stand apart by runs of spaces,
    on a page after a form feed or repeated on several pages; no tab or pipe table cells."""
    lines = text.splitlines()
    if sum("\t" in line.strip() for line in lines) >= 3 or sum(line.lstrip().startswith("|") for line in lines) >= 3:
        return False
    headers = sum(1 for at in header_lines(lines) if "序号" not in lines[at] or _spaced_header(lines[at]))
    return headers >= MIN_HEADERS or (headers >= 1 and "\f" in text)


def _spaced_header(line: str) -> bool:
    """A header line whose labels are set apart by two or more spaces."""
    return len(chunks(line)) >= 3 and is_header_line(line)


def read_text(text: str, *, source: str) -> Reading:
    """The items and 说明 of side-by-side text."""
    pages = text.count("\f") + 1
    if pages > MAX_PAGES:
        message = TOO_MANY_PAGES.format(pages=pages, limit=MAX_PAGES)
        raise ParseError(ParseIssue(file=source, line=None, code="too_large", message=message))
    return read_document(read_pages(text), source=source)


def detect(source) -> bool:
    """True when the file is text in this layout."""
    return source.is_text and detect_text(source.text)


def parse(source) -> Reading:
    """The items of a file in this layout, with the 说明 before them."""
    return read_text(source.text, source=source.name)
