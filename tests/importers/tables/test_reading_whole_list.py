"""The bundled 002 list drawn as PDF- and Word-like tables reads back to the text import's items."""

from __future__ import annotations

import re

import pytest

from importers.records import FLAG_TEXT_DAMAGED, PART_COORDINATING, PART_RECLAIMED, PARTS
from importers.tables.model import COVERED, Row
from importers.tables.reading import read_document
from tests.importers.tables.rendering import Style, draw, text_import

STYLES = {
    "pdf_portrait": Style(),
    "pdf_cut_every_break": Style(rows_per_page=9, split_every=1, footer="第 {page} 页 共 60 页"),
    "pdf_title_rows_two_row_header": Style(
        rows_per_page=12, title_rows=True, two_row_header=True, per_department_rows=True,
        departments_by_line=True, footer="- {page} -",
    ),
    "word": Style(paged=False, centred_categories=False),
    "word_one_row_per_department": Style(paged=False, per_department_rows=True, departments_by_line=True),
}  # fmt: skip

# Genuine damage in the published text (an English word left by the extraction tool).
DAMAGED_IN_SOURCE = {(PART_COORDINATING, 97)}
# Items whose duties carry a label naming several departments ("县应急管理局、县水利局：").
SHARED_LABELS = {13, 26, 29, 79, 80}
# An item whose sub-headings each stand right before a department label.
HEADINGS_BEFORE_LABELS = 7


@pytest.fixture(scope="module")
def text_list():
    """The 002 list read by the markdown layout, and its text."""
    return text_import()


def _plain(text: str) -> str:
    """Text compared without punctuation and spaces (layouts keep or drop a closing 。/；)."""
    return re.sub(r"[\s。；;，,、]", "", text)


def _summary(part: str, item) -> tuple:
    """What must come through whatever the layout: number, category, name, departments, steps."""
    base = (item.seq, item.category, item.name, item.note)
    if part == PART_COORDINATING:
        department_steps = tuple(
            (block.department, step) for block in item.department_duties for step in block.steps
        )
        township_steps = tuple(step for block in item.township_duties for step in block.steps)
        return base + (item.departments, department_steps, township_steps)
    if part == PART_RECLAIMED:
        return base + (item.departments, _plain("".join(m.text for m in item.methods)))
    return base


@pytest.fixture(scope="module", params=list(STYLES), ids=list(STYLES))
def drawn(request, text_list):
    """One drawing of the list and what reading it gives."""
    items, text = text_list
    document = draw(items, text, STYLES[request.param])
    return request.param, document, read_document(document, source="002.pdf")


@pytest.mark.parametrize("part", PARTS)
def test_every_item_comes_through_with_its_text(drawn, text_list, part):
    _, _, reading = drawn
    expected = getattr(text_list[0], part)
    got = getattr(reading.items, part)
    assert [item.seq for item in got] == [item.seq for item in expected]
    for got_item, expected_item in zip(got, expected):
        assert _summary(part, got_item) == _summary(part, expected_item)


@pytest.mark.parametrize("seq", sorted(SHARED_LABELS | {HEADINGS_BEFORE_LABELS}))
def test_labelled_blocks_are_the_text_imports_blocks(drawn, text_list, seq):
    _, _, reading = drawn
    got = next(item for item in reading.items.coordinating if item.seq == seq)
    expected = next(item for item in text_list[0].coordinating if item.seq == seq)
    assert got.department_duties == expected.department_duties


def _flag_codes(items) -> list[tuple]:
    """Each item's part, number and flag codes (the wording of a detail may differ by layout)."""
    return [(part, i.seq, sorted(f.code for f in i.flags)) for part in PARTS for i in getattr(items, part)]


def test_every_item_has_the_text_imports_flag_codes(drawn, text_list):
    _, _, reading = drawn
    assert _flag_codes(reading.items) == _flag_codes(text_list[0])


def test_drawing_exercises_merges_page_cuts_and_repeated_headers(drawn):
    name, document, _ = drawn
    rows = [block for block in document.blocks if isinstance(block, Row)]
    assert any(COVERED in row.cells[1:2] for row in rows)  # merged categories
    if STYLES[name].paged:
        assert sum(row.cells[0] == "序号" for row in rows) > 3  # header on every page
        assert any(row.cells[0] == "" for row in rows)  # rows cut by a break
    if STYLES[name].per_department_rows:
        assert any(row.cells[0] is COVERED for row in rows)  # one item over several rows


def test_preamble_gives_stated_counts_and_departments(drawn):
    _, _, reading = drawn
    stated = reading.preamble.stated
    assert stated.counts == {"basic": 116, "coordinating": 98, "reclaimed": 41}
    assert stated.departments == {"coordinating": 37, "reclaimed": 16}
    assert reading.preamble.published == "2025-07"
    assert reading.preamble.place.township == "先拜巴扎镇"
    assert reading.remarks == ()


def test_clean_drawing_raises_no_damage_flags_beyond_the_source(drawn):
    _, _, reading = drawn
    damaged = {
        (part, item.seq)
        for part in PARTS
        for item in getattr(reading.items, part)
        if any(flag.code == FLAG_TEXT_DAMAGED for flag in item.flags)
    }
    assert damaged == DAMAGED_IN_SOURCE


def test_items_know_where_they_start_and_their_row(drawn):
    name, _, reading = drawn
    items = [item for part in PARTS for item in getattr(reading.items, part)]
    lines = [item.line for item in items]
    assert lines == sorted(lines) and len(set(lines)) == len(lines) and lines[0] >= 1
    pattern = r"^第 \d+ 页第 \d+ 行$" if STYLES[name].paged else r"^第 \d+ 个表格第 \d+ 行$"
    assert all(re.match(pattern, item.where) for item in items)


def test_no_remarks_on_a_clean_drawing(drawn):
    _, _, reading = drawn
    assert reading.items.issues == ()
