"""A scan's bytes as page images: image PDFs, PNG and JPEG photos, and what is refused."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from importers.layouts.scan import messages, pages
from importers.records import ParseError
from tests.importers.layouts.scan import drawing


def image_pdf(images: list[Image.Image], resolution: float = 150) -> bytes:
    """An image-only PDF, one picture a page, as a scanner writes it."""
    buffer = io.BytesIO()
    images[0].save(buffer, "PDF", resolution=resolution, save_all=True, append_images=images[1:])
    return buffer.getvalue()


def encoded(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def test_every_page_of_an_image_pdf_is_drawn_at_150_dpi():
    portrait = drawing.page(tables=[drawing.category_table()])
    landscape = drawing.page(drawing.A4_LANDSCAPE)
    scan = pages.scan_pages(image_pdf([portrait, landscape]), source="扫描.pdf")
    assert scan.count == 2
    drawn = list(scan.pages)
    assert [page.shape for page in drawn] == [(1754, 1241), (1241, 1754)]
    assert drawn[0].dtype.name == "uint8" and drawn[0].ndim == 2


def test_a_pdf_page_drawn_at_300_dpi_is_rendered_at_150():
    big = drawing.page((2482, 3508))
    [page] = pages.scan_pages(image_pdf([big], resolution=300), source="a.pdf").pages
    assert page.shape == (1754, 1241)


@pytest.mark.parametrize("kind", ["PNG", "JPEG"])
def test_a_photo_is_one_grayscale_page(kind):
    scan = pages.scan_pages(encoded(drawing.page(), kind), source=f"page.{kind.lower()}")
    assert scan.count == 1
    [page] = scan.pages
    assert page.shape == (1754, 1241)


def test_a_photo_is_turned_as_its_exif_orientation_says():
    exif = Image.Exif()
    exif[0x0112] = 6  # the camera was held turned: show the picture a quarter turn clockwise
    photo = encoded(drawing.page(drawing.A4_LANDSCAPE), "JPEG", exif=exif)
    [page] = pages.scan_pages(photo, source="photo.jpg").pages
    assert page.shape == (1754, 1241)


@pytest.mark.parametrize(
    "content, code, message",
    [
        pytest.param(b"hello", "scan_not_image", messages.NOT_AN_IMAGE, id="not-an-image"),
        pytest.param(b"%PDF-1.4 broken", "scan_damaged", "扫描件无法读取", id="damaged-pdf"),
        pytest.param(pages.PNG_MAGIC + b"broken", "scan_damaged", "扫描件无法读取", id="damaged-png"),
    ],
)
def test_unreadable_bytes_are_refused_naming_the_file(content, code, message):
    with pytest.raises(ParseError) as error:
        list(pages.scan_pages(content, source="坏.pdf").pages)
    assert error.value.issue.code == code
    assert error.value.issue.file == "坏.pdf"
    assert message in error.value.issue.message


def test_a_photo_above_the_pixel_limit_is_refused_before_decoding(monkeypatch):
    monkeypatch.setattr(pages, "MAX_PIXELS", 1000 * 1000)
    with pytest.raises(ParseError) as error:
        pages.scan_pages(encoded(drawing.page(), "PNG"), source="big.png")
    assert error.value.issue.code == "scan_image_too_large"
    assert "1241×1754" in error.value.issue.message


def test_a_scan_above_the_page_limit_is_refused_before_drawing(monkeypatch):
    monkeypatch.setattr(pages, "MAX_PAGES", 2)
    blank = Image.new("L", (124, 175), 255)
    with pytest.raises(ParseError) as error:
        pages.scan_pages(image_pdf([blank, blank, blank], resolution=15), source="长.pdf")
    assert error.value.issue.code == "scan_too_many_pages"
    assert "共 3 页" in error.value.issue.message


def test_a_poster_sized_pdf_page_is_refused():
    poster = Image.new("L", (2000, 3000), 255)
    with pytest.raises(ParseError) as error:
        list(pages.scan_pages(image_pdf([poster], resolution=20), source="海报.pdf").pages)
    assert error.value.issue.code == "scan_page_too_large"
