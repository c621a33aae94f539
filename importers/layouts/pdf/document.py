"""Reading a whole PDF into a TableDocument, with the work bounded before it is done."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from io import BytesIO

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfminer.pdftypes import resolve1
from pdfplumber.utils.exceptions import PdfminerException

from importers.layouts.pdf import messages
from importers.layouts.pdf.lines import Glyph
from importers.layouts.pdf.page import Placed, page_blocks
from importers.records import ParseError, ParseIssue
from importers.tables.model import Row, TableDocument

logger = logging.getLogger(__name__)

# Real lists run to about 35–80 pages; a document far longer is something else, and reading it
# would take minutes. Checked from the page count before any page is read.
MAX_PAGES = 400
# A list's tables begin after at most a title page, a few pages of 说明 and a 目录.
HEADER_WITHIN_PAGES = 10
HEADER_WORDS = ("序号", "事项")
# A full A4 page of small print holds about 3,000 glyphs and a ruled table a few hundred
# border segments; far more means a drawing or a malicious file, and table finding is
# quadratic in the segments.
MAX_GLYPHS_PER_PAGE = 20_000
MAX_EDGES_PER_PAGE = 5_000


@dataclass(frozen=True)
class PdfReading:
    """A PDF's TableDocument and the pages that had no text layer (skipped)."""

    document: TableDocument
    textless_pages: tuple[int, ...] = ()


def fail(source: str, message: str, code: str = "pdf") -> ParseError:
    """A ParseError about the file `source` (the message names the page where there is one)."""
    return ParseError(ParseIssue(file=source, line=None, code=code, message=message))


def page_ranges(pages: list[int] | tuple[int, ...]) -> str:
    """Page numbers as ranges: [1, 2, 3, 7] → "1–3、7"."""
    ranges: list[list[int]] = []
    for page in sorted(pages):
        if ranges and page == ranges[-1][1] + 1:
            ranges[-1][1] = page
        else:
            ranges.append([page, page])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in ranges)


def _open(content: bytes, source: str):
    try:
        return pdfplumber.open(BytesIO(content))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError)):
            raise fail(source, messages.ENCRYPTED, code="pdf_encrypted") from None
        raise fail(source, messages.DAMAGED.format(error=_describe(cause)), code="pdf_damaged") from None
    except Exception as error:  # noqa: BLE001 — pdfminer raises many kinds on malformed input
        raise fail(source, messages.DAMAGED.format(error=_describe(error)), code="pdf_damaged") from None


def _describe(error: BaseException) -> str:
    """pdfminer's words for the log (the user's message is Chinese and names no library error)."""
    described = f"{type(error).__name__}: {error}"[:200]
    logger.info("pdfminer could not read the PDF: %s", described)
    return described


def _stated_page_count(pdf) -> int | None:
    """The page count the document states, read without loading any page; None if it states none."""
    try:
        return int(resolve1(resolve1(pdf.doc.catalog["Pages"])["Count"]))
    except (KeyError, TypeError, ValueError):
        return None


def _glyphs(page, source: str) -> list[Glyph]:
    """The page's upright glyphs (rotated ones are watermarks or stamps, not cell text)."""
    chars = page.chars
    if len(chars) > MAX_GLYPHS_PER_PAGE:
        raise fail(source, messages.PAGE_TOO_DENSE.format(
            page=page.page_number, what="字符", count=len(chars), limit=MAX_GLYPHS_PER_PAGE))
    return [Glyph.from_char(char) for char in chars if char.get("upright", True)]


def _check_edges(page, source: str) -> None:
    count = len(page.edges)
    if count > MAX_EDGES_PER_PAGE:
        raise fail(source, messages.PAGE_TOO_DENSE.format(
            page=page.page_number, what="线段", count=count, limit=MAX_EDGES_PER_PAGE))


def _has_header(placed: list[Placed]) -> bool:
    """Whether a table row on the page could be a list's header row."""
    cells = (cell or "" for item in placed if isinstance(item.block, Row) for cell in item.block.cells)
    return any(word in cell for cell in cells for word in HEADER_WORDS)


def has_text_layer(glyphs: list[Glyph]) -> bool:
    """Whether the glyphs carry text: not none, and not mostly "(cid:123)" from a font that
    does not say which character each glyph draws (as good as no text layer)."""
    inked = [glyph for glyph in glyphs if not glyph.text.isspace()]
    unknown = sum(1 for glyph in inked if glyph.text.startswith("(cid:"))
    return bool(inked) and unknown * 2 < len(inked)


def _read_page(page, source: str, *, starts_page: bool) -> list[Placed] | None:
    """The page's blocks, or None when it has no text layer."""
    try:
        glyphs = _glyphs(page, source)
        if not has_text_layer(glyphs):
            return None
        _check_edges(page, source)
        return page_blocks(page, glyphs, starts_page=starts_page)
    except ParseError:
        raise
    except Exception as error:  # noqa: BLE001 — pdfminer raises many kinds on a damaged page
        message = messages.DAMAGED_PAGE.format(page=page.page_number, error=_describe(error))
        raise fail(source, message, code="pdf_damaged") from None
    finally:
        page.close()  # drop the page's parsed objects: memory stays flat over the document


def _read_pages(pages: list, source: str) -> PdfReading:
    """Every page's blocks in order; stops when the first pages with text show no list table."""
    blocks: list = []
    textless: list[int] = []
    text_pages = 0
    header_seen = False
    for page in pages:
        placed = _read_page(page, source, starts_page=page.page_number > 1)
        if placed is None:
            textless.append(page.page_number)
            continue
        text_pages += 1
        header_seen = header_seen or _has_header(placed)
        if not header_seen and text_pages >= HEADER_WITHIN_PAGES:
            raise fail(source, messages.NO_HEADER_EARLY.format(pages=text_pages), code="pdf_no_tables")
        blocks += [item.block for item in placed]
    return PdfReading(TableDocument(tuple(blocks)), tuple(textless))


def _check_reading(reading: PdfReading, total: int, source: str) -> None:
    textless = reading.textless_pages
    if len(textless) * 2 > total:  # most pages are images: a scan, not a list with a stray page
        pages = page_ranges(textless)
        raise fail(source, messages.SCANNED.format(pages=pages, total=total), code="pdf_scanned")
    if not any(isinstance(block, Row) for block in reading.document.blocks):
        raise fail(source, messages.NO_TABLES.format(pages=total - len(textless)), code="pdf_no_tables")


def _check_page_count(count: int | None, source: str) -> None:
    if count is not None and count > MAX_PAGES:
        raise fail(source, messages.TOO_MANY_PAGES.format(pages=count, limit=MAX_PAGES), code="pdf_too_long")


def _pages(pdf, source: str) -> list:
    """The document's pages, once their number is known to be within bounds (none read yet)."""
    try:
        _check_page_count(_stated_page_count(pdf), source)  # before walking the page tree
        pages = pdf.pages
    except ParseError:
        raise
    except Exception as error:  # noqa: BLE001 — a damaged page tree fails in many ways
        raise fail(source, messages.DAMAGED.format(error=_describe(error)), code="pdf_damaged") from None
    _check_page_count(len(pages), source)  # the stated count may lie
    if not pages:
        raise fail(source, messages.NO_PAGES, code="pdf_damaged")
    return pages


def read_pdf_pages(content: bytes, *, source: str) -> PdfReading:
    """The PDF's blocks in reading order and its pages without text; ParseError on bad input."""
    with _open(content, source) as pdf:
        pages = _pages(pdf, source)
        reading = _read_pages(pages, source)
        _check_reading(reading, len(pages), source)
    return reading


def read_pdf(content: bytes, *, source: str) -> TableDocument:
    """The PDF's paragraphs and table rows in reading order; ParseError on bad input."""
    return read_pdf_pages(content, source=source).document
