"""read_pdf on PDFs that LibreOffice printed from Word lists: rows, cells, merges, pages, paragraphs."""

from __future__ import annotations

import re
from io import BytesIO

import pdfplumber
import pypdfium2
import pytest

from importers.layouts.pdf import read_pdf
from importers.layouts.pdf.lines import starts_paragraph
from importers.tables.model import COVERED, Paragraph, Row, TableDocument
from tests.importers.layouts.pdf import documents
from tests.importers.layouts.pdf.conftest import NEEDS_SOFFICE

pytestmark = NEEDS_SOFFICE


@pytest.fixture(scope="module")
def basic(pdfs: dict[str, bytes]) -> TableDocument:
    return read_pdf(pdfs["portrait_basic"], source="basic.pdf")


@pytest.fixture(scope="module")
def landscape(pdfs: dict[str, bytes]) -> TableDocument:
    return read_pdf(pdfs["landscape_coordinating"], source="coordinating.pdf")


def rows(document: TableDocument) -> list[Row]:
    return [block for block in document.blocks if isinstance(block, Row)]


def is_header(row: Row, header: tuple[str, ...]) -> bool:
    return row.cells == header


def joined(before: str, after: str) -> str:
    """A cell cut by a page break, put back: a new line only where a paragraph starts."""
    if not after:
        return before
    if not before or starts_paragraph(after) or before.endswith(("。", "；", "：")):
        return f"{before}\n{after}" if before else after
    return before + after


def items(document: TableDocument, header: tuple[str, ...]) -> list[list[str | None]]:
    """Data rows of one table with rows cut by a page break joined back (cells as drawn)."""
    found: list[list[str | None]] = []
    after_header = False
    for row in rows(document):
        if len(row.cells) != len(header):
            continue
        if is_header(row, header):
            after_header = True
            continue
        if after_header and row.cells[0] == "" and found:
            found[-1] = [joined(a or "", b or "") for a, b in zip(found[-1], row.cells)]
        else:
            found.append(list(row.cells))
        after_header = False
    return found


def test_paragraphs_before_the_first_table_in_reading_order(basic: TableDocument) -> None:
    before = []
    for block in basic.blocks:
        if isinstance(block, Row):
            break
        before.append(block.text)
    expected = [*documents.TITLE_000, documents.MONTH, "说 明", "一、基本情况",
                documents.PROFILE_002, documents.COUNTS_002, "— 1 —", "伊犁州伊宁市潘津镇基本履职事项清单"]
    # A line wrapped at a space loses it ("98 项" → "98项"), which the 说明 reader tolerates.
    assert [text.replace(" ", "") for text in before] == [text.replace(" ", "") for text in expected]


def test_portrait_item_names_exact_across_page_breaks(basic: TableDocument) -> None:
    found = items(basic, documents.BASIC_HEADER)
    assert [(row[0], row[2]) for row in found] == [(number, name) for number, _, name in documents.BASIC_000]


def test_header_row_repeats_as_first_row_of_every_table_page(basic: TableDocument) -> None:
    table_pages = sorted({row.where.page for row in rows(basic)})
    assert len(table_pages) >= 2, "the basic table should run over several pages"
    for page in table_pages:
        first = next(row for row in rows(basic) if row.where.page == page)
        assert first.cells == documents.BASIC_HEADER


def test_starts_page_marks_each_first_table_row_after_page_one(basic: TableDocument, landscape: TableDocument) -> None:
    for document in (basic, landscape):
        seen_pages: set[int] = set()
        for row in rows(document):
            first_on_page = row.where.page not in seen_pages
            seen_pages.add(row.where.page)
            assert row.starts_page is (first_on_page and row.where.page > 1), row


def test_row_cut_by_a_page_break_continues_with_empty_number(basic: TableDocument) -> None:
    continuations = [
        row for row in rows(basic)
        if row.cells[0] == "" and row.cells[2] and not is_header(row, documents.BASIC_HEADER)
    ]
    assert continuations, "some row should break across a page"
    document_rows = rows(basic)
    for row in continuations:
        index = document_rows.index(row)
        assert document_rows[index - 1].cells == documents.BASIC_HEADER
        assert document_rows[index - 1].starts_page


def test_merged_category_text_in_first_row_covered_below(basic: TableDocument) -> None:
    by_number = {row[0]: row[1] for row in items(basic, documents.BASIC_HEADER)}
    assert (by_number["1"], by_number["20"], by_number["23"]) == ("党的建设", "经济发展", "民生服务")
    assert by_number["2"] is COVERED and by_number["21"] is COVERED and by_number["25"] is COVERED
    data = [row for row in rows(basic) if not is_header(row, documents.BASIC_HEADER)]
    for row in data:
        if row.cells[1] not in ("党的建设", "经济发展", "民生服务"):
            # Below the first row: COVERED; where a merge resumes on a new page: an empty cell.
            assert row.cells[1] is COVERED or row.cells[1] == "", row


def test_horizontally_merged_title_row_gives_text_once(landscape: TableDocument) -> None:
    assert rows(landscape)[0].cells == ("上级部门收回事项清单（一）", "", "", "")


def test_cell_paragraphs_are_lines(landscape: TableDocument) -> None:
    found = {row[0]: row for row in items(landscape, documents.RECLAIMED_HEADER)}
    for number, category, name, ways in documents.RECLAIMED_002:
        assert found[number][1:] == [category, name, "\n".join(ways)]


def test_landscape_coordinating_cells_exact_with_labels_and_steps(landscape: TableDocument) -> None:
    found = items(landscape, documents.COORDINATING_HEADER)
    expected = [
        [number, name, departments, "\n".join(upper), "\n".join(township)]
        for number, name, departments, upper, township in documents.COORDINATING_002 * 2
    ]
    assert [[row[0], *row[2:]] for row in found] == expected
    assert found[0][1] == "党的建设"
    assert all(row[1] is COVERED or row[1] == "" for row in found[1:])


def test_landscape_pages_are_read(pdfs: dict[str, bytes], landscape: TableDocument) -> None:
    with pdfplumber.open(BytesIO(pdfs["landscape_coordinating"])) as pdf:
        wide = [page.page_number for page in pdf.pages if page.width > page.height]
    assert wide, "the coordinating table should be on landscape pages"
    six_columns = {row.where.page for row in rows(landscape) if len(row.cells) == 6}
    assert six_columns == set(wide)


@pytest.mark.parametrize(
    ("document", "pattern"),
    [("basic", r"— (\d+) —"), ("landscape", r"第 (\d+) 页 共 \d+ 页")],
)
def test_page_footers_are_paragraphs_on_their_page(document: str, pattern: str, request: pytest.FixtureRequest) -> None:
    read: TableDocument = request.getfixturevalue(document)
    footers = [block for block in read.blocks if isinstance(block, Paragraph) and re.fullmatch(pattern, block.text)]
    assert footers and all(int(re.fullmatch(pattern, block.text)[1]) == block.where.page for block in footers)


def turned_into_portrait_boxes(content: bytes) -> bytes:
    """The same pages, each landscape one drawn sideways in a portrait box shown with /Rotate 90,
    as some PDF printers make landscape pages."""
    source, turned = pypdfium2.PdfDocument(content), pypdfium2.PdfDocument.new()
    for index in range(len(source)):
        width, height = source[index].get_size()
        drawing = source.page_as_xobject(index, turned).as_pageobject()
        sideways = width > height
        page = turned.new_page(height, width) if sideways else turned.new_page(width, height)
        if sideways:
            drawing.transform(pypdfium2.PdfMatrix().rotate(90, ccw=True).translate(height, 0))
        page.insert_obj(drawing)
        page.gen_content()
        if sideways:
            page.set_rotation(90)
    buffer = BytesIO()
    turned.save(buffer)
    return buffer.getvalue()


def test_landscape_page_shown_by_rotate_reads_like_a_wide_page(pdfs: dict[str, bytes], landscape: TableDocument) -> None:
    turned = turned_into_portrait_boxes(pdfs["landscape_coordinating"])
    with pdfplumber.open(BytesIO(turned)) as pdf:
        assert {page.rotation for page in pdf.pages} == {0, 90}
    assert read_pdf(turned, source="coordinating.pdf") == landscape


def test_every_block_names_its_page_in_order(landscape: TableDocument) -> None:
    pages = [block.where.page for block in landscape.blocks]
    assert None not in pages and pages == sorted(pages)
    assert str(landscape.blocks[0].where) == "第 1 页"


def test_parse_reads_a_complete_list(pdfs: dict[str, bytes]) -> None:
    pytest.importorskip("importers.tables.reading", reason="importers.tables.reading is not merged yet")
    from importers.layouts.pdf import parse
    from tests.importers.layouts.pdf.conftest import source

    reading = parse(source("先拜巴扎镇.pdf", pdfs["complete"]))
    assert [item.name for item in reading.items.basic] == [name for _, _, name in documents.BASIC_000[:6]]
    assert {item.category for item in reading.items.basic} == {"党的建设"}
    assert [item.departments for item in reading.items.coordinating][1] == (
        "政协于田县委员会机关", "于田县委组织部", "于田县委统一战线工作部")
    assert [item.seq for item in reading.items.reclaimed] == [1, 2, 3, 4]
    assert (reading.preamble.place.township, reading.preamble.published) == ("先拜巴扎镇", "2025-07")
    assert reading.items.coordinating[0].where == "第 3 页"
