"""Layout for scanned lists: image-only PDFs and PNG/JPEG photos of the printed pages, read by OCR.

`read_scan` turns the images into the shared TableDocument (each page turned upright and
straightened, its ruled tables cut into cells, each cell's lines recognised);
`importers.tables.reading` turns that into items and a preamble, as for text PDFs.
The OCR engine is `importers.layouts.scan.ocr` (its module functions are the `Recogniser`).
"""

from __future__ import annotations

from collections.abc import Callable

from importers.layouts.scan.pages import MAX_PAGES, is_image
from importers.layouts.scan.read import read_scan
from importers.records import Reading

__all__ = ["NAME", "LABEL", "DESCRIPTION", "MAX_PAGES", "detect", "parse", "read_scan"]

NAME = "scan"
LABEL = "扫描件"
DESCRIPTION = "扫描或拍照的清单（无文字层的 PDF、PNG、JPEG），识别表格线后逐格文字识别"


def detect(source) -> bool:
    """Whether the file is a PNG or JPEG picture; scanned PDFs are handed over by the PDF layout."""
    content = getattr(source, "content", None)
    return isinstance(content, bytes) and is_image(content)


def parse(source, *, progress: Callable[[int, int], None] | None = None) -> Reading:
    """The items and preamble of a scanned list; ParseError when it is not one or cannot be read."""
    from importers.layouts.scan import ocr  # the engine loads its models on first use only
    from importers.tables.reading import read_document

    document = read_scan(source.content, source=source.name, recogniser=ocr, progress=progress)
    return read_document(document, source=source.name)
