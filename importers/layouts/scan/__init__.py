"""Layout for scanned lists: image-only PDFs and PNG/JPEG photos of the printed pages, read by OCR.

`read_scan` turns the images into the shared TableDocument (each page turned upright and
straightened, its ruled tables cut into cells, each cell's lines recognised);
`importers.tables.reading` turns that into items and a preamble, as for text PDFs, and flags
every item with a cell the recogniser was unsure of, with the cell's image.
The OCR engine is `importers.layouts.scan.ocr` (its module functions are the `Recogniser`).
"""

from __future__ import annotations

from collections.abc import Callable

import pypdfium2

from importers.layouts.scan import ocr
from importers.layouts.scan.pages import MAX_PAGES, is_image
from importers.layouts.scan.read import read_scan
from importers.records import Reading
from importers.tables.reading import read_document

__all__ = ["NAME", "LABEL", "DESCRIPTION", "MAX_PAGES", "REPORTS_PAGES", "detect", "page_count", "parse", "read_scan"]

NAME = "scan"
LABEL = "扫描件（文字识别）"
DESCRIPTION = "扫描或拍照的清单（无文字层的 PDF、PNG、JPEG），识别表格线后逐格文字识别"
REPORTS_PAGES = True  # parse() takes progress(page, pages): the command line draws a bar per page
# A PDF is a scan when its first pages carry (next to) no text; a text PDF has hundreds of
# characters on each page, a scan at most a few from an OCR-less producer's stray text.
SAMPLED_PAGES = 3
TEXT_LAYER_CHARS = 20


def _pdf_without_text(content: bytes) -> bool:
    """Whether a PDF's first pages have no text layer (PDFium counts the characters, fast)."""
    try:
        document = pypdfium2.PdfDocument(content)
    except pypdfium2.PdfiumError:
        return False  # damaged or encrypted: the PDF layout says which
    try:
        for index in range(min(len(document), SAMPLED_PAGES)):
            page = document[index]
            text = page.get_textpage()
            characters = text.count_chars()
            text.close()
            page.close()
            if characters >= TEXT_LAYER_CHARS:
                return False
        return len(document) > 0
    finally:
        document.close()


def detect(source) -> bool:
    """A PNG or JPEG picture, or a PDF whose first pages have no text layer."""
    content = source.content
    if is_image(content):
        return True
    return content.startswith(b"%PDF-") and _pdf_without_text(content)


def page_count(source) -> int:
    """How many pages a scan has (a picture is one), without reading them."""
    if is_image(source.content):
        return 1
    try:
        document = pypdfium2.PdfDocument(source.content)
    except pypdfium2.PdfiumError:
        return 0
    try:
        return len(document)
    finally:
        document.close()


def parse(source, *, progress: Callable[[int, int], None] | None = None) -> Reading:
    """The items and preamble of a scanned list; ParseError when it is not one or cannot be read."""
    document = read_scan(source.content, source=source.name, recogniser=ocr, progress=progress)
    return read_document(document, source=source.name)
