"""Scans read into the shared TableDocument with a real recogniser (RapidOCR through the test adapter)."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from importers.layouts.scan import messages
from importers.layouts.scan.read import read_scan
from importers.records import ParseError
from importers.tables.model import COVERED, Paragraph, Row, Where
from tests.importers.layouts.scan import drawing
from tests.importers.layouts.scan.drawing import TableDrawing
from tests.importers.layouts.scan.test_pages import encoded, image_pdf

PNG_MAGIC = b"\x89PNG"


def list_page(top: int = 200, title: str = "一、基本履职事项清单") -> Image.Image:
    return drawing.page(tables=[drawing.category_table(top=top)], lines=[((420, top - 80), title)])


def rows(document) -> list[Row]:
    return [block for block in document.blocks if isinstance(block, Row)]


@pytest.fixture(scope="module")
def category_document(recogniser):
    return read_scan(encoded(list_page(), "PNG"), source="清单.png", recogniser=recogniser)


def test_the_title_above_the_table_is_a_paragraph_before_its_rows(category_document):
    first, second = category_document.blocks[:2]
    assert first == Paragraph("一、基本履职事项清单", Where(page=1))
    assert second.cells == ("序号", "事项类别", "事项名称")


def test_a_category_merged_over_rows_is_given_once_then_covered(category_document):
    categories = [row.cells[1] for row in rows(category_document)[1:]]
    assert categories == ["党的建设", COVERED, COVERED, "经济发展", COVERED]


def test_a_cell_of_two_lines_joins_them_with_a_line_break(category_document):
    assert rows(category_document)[4].cells[2] == "推动产业发展\n培育市场主体"


def test_each_read_cell_keeps_its_confidence_and_image(category_document):
    row = rows(category_document)[1]
    assert row.cells[:2] == ("1", "党的建设")
    scan = row.scans[1]
    assert scan.confidence > 0.9
    assert scan.png.startswith(PNG_MAGIC)
    image = Image.open(io.BytesIO(scan.png))
    assert image.mode == "L" and image.size[0] < 210
    assert rows(category_document)[2].scans[1] is None  # covered: nothing read there


def test_a_row_merged_across_columns_gives_its_text_then_empty_cells(recogniser):
    table = TableDrawing(
        left=120, top=200, widths=[90, 300, 460], heights=[50, 44, 70],
        merges=[(0, 0, 1, 3)],
        texts={(0, 0): "配合履职事项清单", (1, 0): "序号", (1, 1): "事项名称", (1, 2): "备注", (2, 0): "1", (2, 1): "招商引资"},
    )
    document = read_scan(encoded(drawing.page(tables=[table]), "PNG"), source="a.png", recogniser=recogniser)
    assert [row.cells for row in rows(document)] == [
        ("配合履职事项清单", "", ""), ("序号", "事项名称", "备注"), ("1", "招商引资", ""),
    ]


def test_pages_of_an_image_pdf_are_read_in_order_and_progress_is_told(recogniser):
    continued = TableDrawing(left=100, top=150, widths=[90, 200, 640], heights=[80], texts={(0, 0): "6", (0, 2): "优化营商环境"})
    pdf = image_pdf([list_page(), drawing.page(), drawing.page(tables=[continued])])
    told = []
    document = read_scan(pdf, source="扫描.pdf", recogniser=recogniser, progress=lambda page, count: told.append((page, count)))
    assert told == [(1, 3), (2, 3), (3, 3)]
    last = rows(document)[-1]
    assert last.cells == ("6", "", "优化营商环境")
    assert last.where == Where(page=3) and last.starts_page
    assert not any(row.starts_page for row in rows(document)[:-1])
    assert not any(block.where.page == 2 for block in document.blocks)  # the blank page gives nothing


def test_a_page_scanned_a_quarter_turned_reads_as_if_upright(recogniser):
    upright = read_scan(encoded(list_page(), "PNG"), source="a.png", recogniser=recogniser)
    turned = read_scan(encoded(list_page().rotate(90, expand=True), "PNG"), source="a.png", recogniser=recogniser)
    assert [row.cells for row in rows(turned)] == [row.cells for row in rows(upright)]


def test_an_image_pdf_without_a_ruled_table_is_refused_naming_the_file(recogniser):
    letter = drawing.page(lines=[((150, 200 + 50 * i), "关于做好春耕生产工作的通知") for i in range(5)])
    with pytest.raises(ParseError) as error:
        read_scan(image_pdf([letter, drawing.page()]), source="通知.pdf", recogniser=recogniser)
    assert error.value.issue.code == "scan_no_tables"
    assert error.value.issue.message == messages.NO_TABLES.format(pages=2, file="通知.pdf")


def test_a_blot_is_kept_as_a_doubtful_cell_never_as_a_blank_one(recogniser):
    table = TableDrawing(left=120, top=200, widths=[90, 300, 460], heights=[44, 70], texts={(0, 0): "序号", (0, 1): "事项名称"})
    image = drawing.page(tables=[table])
    from PIL import ImageDraw

    ImageDraw.Draw(image).ellipse([240, 252, 290, 282], fill=20)  # a blot in the name cell
    [_header, row] = rows(read_scan(encoded(image, "PNG"), source="a.png", recogniser=recogniser))
    assert row.cells[0] == "" and row.scans[0] is None  # a blank cell is no doubt
    assert row.scans[1] is not None and row.scans[1].confidence < 0.5
