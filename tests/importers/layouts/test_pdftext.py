"""The pdftext layout: `pdftotext -layout` text of Word-made PDFs reads back to the items put in.

The samples in pdftext_samples/ were made by make_samples.py from part of the bundled 002 list
(python-docx → LibreOffice PDF → pdftotext -layout), so each item must match what the markdown
layout reads from 002 itself.
"""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from importers.layouts import markdown, pdftext
from importers.layouts.pdftext.columns import cut, header_block, header_labels
from importers.registry import LAYOUTS, detect_layout
from importers.tables.headers import CATEGORY, DEPARTMENT_DUTIES, DEPARTMENTS, NAME, SEQ, TOWNSHIP_DUTIES, column_role
from importers.records import PART_COORDINATING, PART_RECLAIMED, PARTS, ParseError

SAMPLES = Path(__file__).resolve().parent / "pdftext_samples"
FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
# The seqs make_samples.py put in each part (kept equal to its SELECTION).
SELECTION = {"basic": (20, 34), "coordinating": (9, 14), "reclaimed": (1, 7)}
# Styles whose steps are paragraphs without numbers: the tabbed builders keep such a cell's
# paragraphs as one step, so their steps are compared as one text.
UNNUMBERED = {"portrait_centred"}
# A duty label naming several departments ("于田县教育局、…联合会："): the tabbed builder reads
# one-department labels only (as tests/importers/tables notes), so compared without departments.
SHARED_LABELS = {13}
STYLES = ("portrait_merged", "portrait_centred", "portrait_run_on", "landscape_repeated", "landscape_two_row_header")


def _source(text: str, name: str = "list.txt"):
    return SimpleNamespace(name=name, content=text.encode(), sha256="", text=text, encoding="utf-8", is_text=True)


def _department_steps_found(got, expected) -> bool:
    """Every expected 上级部门职责 step is in the item's department duties, labels aside."""
    text = _plain("".join(step for block in got.department_duties for step in block.steps))
    return all(_plain(step) in text for block in expected.department_duties for step in block.steps)


def _plain(text: str) -> str:
    return re.sub(r"[\s。；;，,、：:]", "", text)


def _summary(part: str, item, *, whole_steps: bool) -> tuple:
    """What must come through: number, category, name, departments and steps."""
    base = (item.seq, item.category, item.name)
    if part == PART_COORDINATING:
        if whole_steps:  # department steps are checked by _department_steps_found
            return base + (item.departments, _plain("".join(s for b in item.township_duties for s in b.steps)))
        blocks = (item.department_duties, item.township_duties)
        return base + (item.departments, tuple(tuple((b.department, b.steps) for b in bs) for bs in blocks))
    if part == PART_RECLAIMED:
        # the markdown builder splits a method by department; the tabbed one keeps it whole
        return base + (item.departments, _plain("".join(m.text for m in item.methods)))
    return base


@pytest.fixture(scope="module")
def expected():
    """The 002 items the samples hold, as the markdown layout reads them."""
    path = FIXTURES / "002_fe4ab73d7f7b2358.txt"
    items = markdown.parse_text(path.read_text(encoding="utf-8"), source=path.name)
    return {part: [i for i in getattr(items, part) if low <= i.seq <= high] for part, (low, high) in SELECTION.items()}


@pytest.fixture(scope="module", params=STYLES)
def sample(request):
    """One sample's name and reading."""
    text = (SAMPLES / f"{request.param}.txt").read_text(encoding="utf-8")
    return request.param, pdftext.parse(_source(text, f"{request.param}.txt"))


@pytest.mark.parametrize("part", PARTS)
def test_every_item_comes_through_with_category_name_departments_and_steps(sample, expected, part):
    name, reading = sample
    got = getattr(reading.items, part)
    assert [item.seq for item in got] == [item.seq for item in expected[part]]
    for got_item, expected_item in zip(got, expected[part]):
        whole = name in UNNUMBERED or got_item.seq in SHARED_LABELS
        assert _summary(part, got_item, whole_steps=whole) == _summary(part, expected_item, whole_steps=whole)
        if part == PART_COORDINATING:
            assert _department_steps_found(got_item, expected_item)


def test_preamble_gives_place_month_and_stated_counts(sample):
    _, reading = sample
    assert reading.preamble.place.township == "先拜巴扎镇"
    assert reading.preamble.published == "2025-07"
    assert reading.preamble.stated.counts == {"basic": 15, "coordinating": 6, "reclaimed": 7}
    assert reading.preamble.stated.departments == {"coordinating": 37, "reclaimed": 16}


def test_items_name_the_page_they_start_on(sample):
    _, reading = sample
    items = [item for part in PARTS for item in getattr(reading.items, part)]
    assert all(re.match(r"^第 \d+ 页", item.where) for item in items)
    pages = [int(re.match(r"^第 (\d+) 页", item.where).group(1)) for item in items]
    assert pages == sorted(pages) and pages[0] >= 2  # the 说明 fills page 1


def test_coordinating_item_with_departments_and_numbered_steps():
    text = (SAMPLES / "landscape_repeated.txt").read_text(encoding="utf-8")
    item = next(i for i in pdftext.parse(_source(text)).items.coordinating if i.seq == 12)
    assert (item.category, item.name, item.departments) == ("经济发展", "防范和惩治统计造假", ("于田县统计局",))
    assert item.department_duties[0].steps[:2] == ("督促乡镇加强统计法律法规的学习宣传；", "指导乡镇开展防范和惩治统计造假；")


@pytest.mark.parametrize("style", STYLES)
def test_samples_are_detected_as_pdftext(style):
    text = (SAMPLES / f"{style}.txt").read_text(encoding="utf-8")
    assert detect_layout(_source(text)) is pdftext


@pytest.mark.parametrize(
    "fixture, layout",
    [
        ("000_5d7574d3c5ca649c.txt", "tabbed"),
        ("001_1fdc4c7ea05d9441.txt", "flowed"),
        ("002_fe4ab73d7f7b2358.txt", "markdown"),
        ("004_75977ff95c5311e1.txt", "tabbed"),
    ],
)
def test_bundled_text_lists_keep_their_layouts(fixture, layout):
    text = (FIXTURES / fixture).read_text(encoding="utf-8")
    assert not pdftext.detect_text(text)
    assert detect_layout(_source(text)).NAME == layout


def test_registry_tries_pdftext_after_markdown_and_tabbed_and_before_flowed():
    names = [layout.NAME for layout in LAYOUTS]
    assert names.index("markdown") < names.index("pdftext") < names.index("flowed")
    assert names.index("tabbed") < names.index("pdftext")


_ONE_LINE = "序号   事项类别   事项名称   对应上级部门   上级部门职责   乡镇（街道）配合职责"
# As pdftotext printed them (landscape_two_row_header, portrait_merged): the parent label
# "上级部门" overlaps its first sub-column's label; the wrapped "职责" sits under its label.
_TWO_ROWS = (
    "序号   事项类别   事项名称      上级部门                               乡镇（街道）配合职责",
    "                         部门                职责",
)
_WRAPPED = (
    "序号   事项类别    事项名称     对应上级部门      上级部门职责     乡镇（街道）配合",
    "                                                 职责",
)
_PARENT_APART = (
    "序号   事项类别   事项名称              上级部门                乡镇（街道）配合职责",
    "                      部门                       职责",
)


@pytest.mark.parametrize(
    "header, labels",
    [
        ([_ONE_LINE], ["序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责"]),
        (_TWO_ROWS, ["序号", "事项类别", "事项名称", "上级部门部门", "职责", "乡镇（街道）配合职责"]),
        (_WRAPPED, ["序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇（街道）配合职责"]),
        (_PARENT_APART, ["序号", "事项类别", "事项名称", "上级部门部门", "上级部门职责", "乡镇（街道）配合职责"]),
    ],
    ids=["one_line", "two_rows", "wrapped_label", "parent_apart"],
)
def test_header_labels_join_wrapped_labels_and_give_parents_to_sub_columns(header, labels):
    found = [label for *_, label in header_labels(list(header))]
    assert found == labels
    roles = [column_role(label) for label in found]
    assert roles == [SEQ, CATEGORY, NAME, DEPARTMENTS, DEPARTMENT_DUTIES, TOWNSHIP_DUTIES]


def test_header_block_takes_wrapped_label_lines_but_not_data():
    lines = [*_WRAPPED, "9    党的建设   “五小工程”建   于田县委组织部", "            设"]
    assert header_block(lines, 0) == (0, 2)


def _line(*cells: str) -> str:
    """A line with cells at the columns (0, 5, 12, 23), as pdftotext places them."""
    return "".join(cell.ljust(width) for cell, width in zip(cells, (5, 7, 11, 30))).rstrip()


@pytest.mark.parametrize(
    "line, cells",
    [
        (_line("1", "党的建设", "推荐县级以上", "于田县委组织部"), ["1", "党的建设", "推荐县级以上", "于田县委组织部"]),
        (_line("", "", "表工作"), ["", "", "表工作", ""]),
        # a cell that fills its column, one space before the next column's text
        (_line("2", "党的建设", "机构编制日常管理工作", "于田县委"), ["2", "党的建设", "机构编制日常管理工作", "于田县委"]),
        # a centred 事项类别 a character left of its column
        ("     " + _line("", "党的建设")[1:], ["", "党的建设", "", ""]),
    ],
    ids=["row", "continuation", "overhang", "centred"],
)
def test_cut_places_text_in_its_column_and_snaps_overhangs_at_a_space(line, cells):
    assert cut(line, (0, 5, 12, 23)) == cells


def test_text_with_no_item_table_is_a_clear_error():
    text = "某某镇履职事项清单\f序号    事项类别    事项名称\n\f— 2 —\n"
    with pytest.raises(ParseError) as raised:
        pdftext.parse(_source(text, "empty.txt"))
    assert raised.value.issue.file == "empty.txt"


def test_too_many_pages_is_refused_before_reading():
    text = "序号    事项类别    事项名称\n" + "\f" * (pdftext.MAX_PAGES + 1)
    with pytest.raises(ParseError) as raised:
        pdftext.parse(_source(text, "huge.txt"))
    assert raised.value.issue.code == "too_large"
