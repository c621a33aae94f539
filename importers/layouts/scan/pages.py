"""A scan's bytes as grayscale page images: an image-only PDF page by page, or one PNG/JPEG photo.

Pages are rendered one at a time (never all at once) so a long scan stays within memory, and
every size is checked before any pixel is decoded.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps

from importers.layouts.scan import messages
from importers.records import ParseError, ParseIssue

MAX_PAGES = 400
RENDER_DPI = 150  # enough for PP-OCR's 48-pixel line height on 10.5 pt text, and fast
MAX_PIXELS = 40_000_000  # a photo above this is a decompression bomb or a poster, not a page
MAX_PAGE_POINTS = 1700  # a page side above A2 (1684 pt) is not a printed list
PDF_MAGIC = b"%PDF"
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
JPEG_MAGIC = b"\xff\xd8\xff"


@dataclass(frozen=True)
class ScanPages:
    """How many pages a scan has and a way to draw them one by one, lazily."""

    count: int
    pages: Iterator[np.ndarray]  # grayscale uint8 arrays, page 1 first


def is_image(content: bytes) -> bool:
    """Whether the bytes are a PNG or JPEG picture (their first bytes say so)."""
    return content.startswith(PNG_MAGIC) or content.startswith(JPEG_MAGIC)


def scan_pages(content: bytes, *, source: str) -> ScanPages:
    """The scan's page images; ParseError naming the file when it cannot be read or is too big."""
    if content.startswith(PDF_MAGIC):
        return _pdf_pages(content, source)
    if is_image(content):
        return ScanPages(1, iter([_photo(content, source)]))
    raise _error(source, "scan_not_image", messages.NOT_AN_IMAGE)


def _pdf_pages(content: bytes, source: str) -> ScanPages:
    import pypdfium2 as pdfium  # imported here: only scans need the renderer

    try:
        pdf = pdfium.PdfDocument(content)
    except pdfium.PdfiumError as error:
        if "password" in str(error).lower():
            raise _error(source, "scan_encrypted", messages.ENCRYPTED) from None
        raise _error(source, "scan_damaged", messages.DAMAGED.format(error=error)) from None
    count = len(pdf)
    if count == 0:
        raise _error(source, "scan_no_pages", messages.NO_PAGES)
    if count > MAX_PAGES:
        raise _error(source, "scan_too_many_pages", messages.TOO_MANY_PAGES.format(pages=count, limit=MAX_PAGES))
    return ScanPages(count, _render_all(pdf, source))


def _render_all(pdf, source: str) -> Iterator[np.ndarray]:
    try:
        for index in range(len(pdf)):
            yield _render(pdf, index, source)
    finally:
        pdf.close()


def _render(pdf, index: int, source: str) -> np.ndarray:
    """One PDF page drawn in gray at RENDER_DPI, with the page's own /Rotate applied."""
    import pypdfium2 as pdfium

    try:
        page = pdf[index]
        width, height = page.get_size()
        if max(width, height) > MAX_PAGE_POINTS:
            message = messages.PAGE_TOO_LARGE.format(page=index + 1, width=round(width), height=round(height))
            raise _error(source, "scan_page_too_large", message)
        bitmap = page.render(scale=RENDER_DPI / 72, grayscale=True)
        image = np.array(bitmap.to_numpy(), dtype=np.uint8)
    except pdfium.PdfiumError as error:
        raise _error(source, "scan_damaged", messages.DAMAGED_PAGE.format(page=index + 1, error=error)) from None
    if image.ndim == 3:  # pdfium may hand back a trailing channel axis, or BGR(A) on old builds
        image = image[:, :, 0] if image.shape[2] == 1 else np.asarray(Image.fromarray(image[:, :, :3]).convert("L"))
    return image


def _photo(content: bytes, source: str) -> np.ndarray:
    """A PNG/JPEG page in gray, turned as its EXIF orientation says; its size checked first."""
    try:
        with Image.open(io.BytesIO(content)) as picture:
            width, height = picture.size  # read from the header, nothing decoded yet
            if width * height > MAX_PIXELS:
                message = messages.IMAGE_TOO_LARGE.format(width=width, height=height, limit=MAX_PIXELS)
                raise _error(source, "scan_image_too_large", message)
            picture = ImageOps.exif_transpose(picture)
            return np.asarray(picture.convert("L"), dtype=np.uint8).copy()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError) as error:
        raise _error(source, "scan_damaged", messages.DAMAGED.format(error=error)) from None


def _error(source: str, code: str, message: str) -> ParseError:
    return ParseError(ParseIssue(file=source, line=None, code=code, message=message))
