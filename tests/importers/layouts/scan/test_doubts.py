"""Every name the scan reader gets wrong on the committed scanned pages is doubtful: none slips by.

The pages (fixtures/documents/scans/) are skewed, specked, blurred and JPEG'd copies of pages of
the 002 list, whose expected items are known; the reader uses the layout's own engine.
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import cv2
import numpy as np
import pytest

from importers.tables.assembly import DOUBTFUL_BELOW

pytest.importorskip("rapidocr_onnxruntime")

from importers.layouts.scan import ocr  # noqa: E402
from importers.layouts.scan.read import lookalike_digits, paired_quotes, read_page  # noqa: E402
from importers.tables.model import Row  # noqa: E402

FIXTURES = Path(__file__).resolve().parents[4] / "fixtures" / "documents"
EXPECTED = json.loads((FIXTURES / "expected" / "002_xianbaibazha.json").read_text(encoding="utf-8"))

# (page image, the part its table belongs to)
PAGES = [
    ("002_p04_basic.jpg", "basic"),
    ("002_p05_turned90.jpg", "basic"),
    ("002_p10_coordinating.jpg", "coordinating"),
]
NAME_COLUMN = 2


def norm(text: str) -> str:
    """Text as the figures compare it: NFKC (punctuation width aside), no spaces or line breaks."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def named_rows(image_name: str) -> list[tuple[int, Row]]:
    """The rows of the page that open an item: (序号, row)."""
    image = cv2.imread(str(FIXTURES / "scans" / image_name), cv2.IMREAD_GRAYSCALE)
    blocks, _has_tables = read_page(image, page=1, recogniser=ocr)
    rows = [block for block in blocks if isinstance(block, Row)]
    return [(int(row.cells[0]), row) for row in rows if row.cells[0] and row.cells[0].isdigit()]


@pytest.mark.parametrize(("image_name", "part"), PAGES)
def test_every_name_read_inexactly_is_doubtful(image_name, part):
    names = {entry["seq"]: entry["name"] for entry in EXPECTED[part]}
    rows = named_rows(image_name)
    assert rows
    # The last row of a page may hold only the first lines of a name continued overleaf.
    inexact = [(seq, row) for seq, row in rows if not norm(names[seq]).startswith(norm(row.cells[NAME_COLUMN]))]
    slipped = [(seq, row.cells[NAME_COLUMN]) for seq, row in inexact
               if row.scans[NAME_COLUMN].confidence >= DOUBTFUL_BELOW]
    assert slipped == []


def test_a_character_skipped_with_full_confidence_leaves_the_line_doubtful():
    # On the turned page 5 the recogniser reads "控辍保学" as "控保学", every character at 1.00.
    rows = dict(named_rows("002_p05_turned90.jpg"))
    cell = next(row for row in rows.values() if "保学" in (row.cells[NAME_COLUMN] or ""))
    assert cell.scans[NAME_COLUMN].confidence < DOUBTFUL_BELOW


def reading(columns: list[int], text: str) -> "ocr._Reading":
    return ocr._Reading(text, np.ones(len(text)), np.array(columns))


@pytest.mark.parametrize(
    ("text", "columns", "skipped"),
    [
        ("负责控保学工作", [2, 6, 10, 17, 21, 25, 29], True),  # a character's width missing mid-line
        ("负责控辍保学工作", [2, 6, 10, 14, 18, 22, 26, 30], False),
        ("项目申报、审核工作", [2, 6, 10, 14, 17, 23, 26, 30, 34], False),  # "、" fires low left
        ("推进移风易俗", [9, 13, 17, 21, 25, 29], True),  # the first character missing
        ("APP使用指导", [2, 4, 6, 9, 13, 17, 21], False),  # Latin letters are half as wide
        ("一网统", [2, 12, 16], False),  # too short to tell a character's width
    ],
)
def test_a_hole_a_character_wide_is_found_from_the_firing_columns(text, columns, skipped):
    assert ocr._skipped(reading(columns, text)) is skipped


@pytest.mark.parametrize(
    ("read", "printed", "noted"),
    [
        ("落实惠民惠农财政补贴资金”一卡通”发放政策", "落实惠民惠农财政补贴资金“一卡通”发放政策", True),
        ('做好农村“四老"人员申报', "做好农村“四老”人员申报", True),
        ("做好耕地“非农化”“非粮化”及撂荒地整治", "做好耕地“非农化”“非粮化”及撂荒地整治", False),
        ("推进党纪学习教育常态化长效化", "推进党纪学习教育常态化长效化", False),
        ("固沙植物的管理””", "固沙植物的管理", True),  # quotes around nothing: specks
        ("“在村庄、集镇规划区内修建临时建筑物的审批", "在村庄、集镇规划区内修建临时建筑物的审批", True),
        ("修建临时建筑物的审批”", "修建临时建筑物的审批", True),
        ("“", "", True),
    ],
)
def test_double_quotes_pair_opening_then_closing_and_a_change_is_noted(read, printed, noted):
    text, notes = paired_quotes(read)
    assert text == printed
    assert bool(notes) is noted


def test_an_odd_number_of_quotes_is_kept_as_read_and_noted():
    read = "优化提升村“石榴籽服务站服务功能"
    text, notes = paired_quotes(read)
    assert text == read
    assert notes and "不成对" in notes[0]


@pytest.mark.parametrize(
    ("read", "number", "noted"),
    [
        ("i00", "100", True),
        ("i0", "10", True),
        ("1O2", "102", True),
        ("l2.", "12.", True),
        (".101", ".101", False),
        ("37", "37", False),
        ("I", "I", False),  # no digit: not a number
        ("卫生健康", "卫生健康", False),
        ("1.做好宣传", "1.做好宣传", False),
    ],
)
def test_a_number_cells_lookalike_letters_are_read_as_digits_and_noted(read, number, noted):
    text, notes = lookalike_digits(read)
    assert text == number
    assert bool(notes) is noted


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("推广农机新技术、·新产品", "推广农机新技术、新产品"),  # beside a mark: a speck
        ("科技特派员服务管理·工作", "科技特派员服务管理·工作"),  # as in a name: kept, doubtful
        ("开展“三·八”妇女节活动", "开展“三·八”妇女节活动"),  # between numerals: print
    ],
)
def test_a_middle_dot_read_surely_is_dropped_only_where_print_never_has_one(text, kept):
    assert ocr._without_unsure_marks(text, np.full(len(text), 0.97)) == kept
