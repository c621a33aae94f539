"""Tests for the category vocabulary and the mapping of damaged category cells onto it."""

from itertools import combinations
from pathlib import Path

import pytest

from importers.vocabulary import (
    DEFAULT_CATEGORIES,
    LONG_NAME_MAX_EDITS,
    SHORT_NAME_MAX_EDITS,
    SHORT_NAME_MAX_LEN,
    STOP_REMARK,
    canonical_category,
    edit_distance,
    work_stops,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"


@pytest.mark.parametrize(
    "raw, expected",
    [
        # Clean cells.
        ("党的建设", "党的建设"),
        ("应急管理及消防", "应急管理及消防"),
        # Spaces OCR (004) and markdown extraction (002) put inside the word.
        ("应急管 理及消 防", "应急管理及消防"),
        ("应急管理 及消防", "应急管理及消防"),
        ("乡村振 兴", "乡村振兴"),
        ("精神文明建 设", "精神文明建设"),
        ("文化和 旅游", "文化和旅游"),
        ("教育培训 监管", "教育培训监管"),
        ("党的建\n设", "党的建设"),
        # Cells cut off by a wrap (004 "民生服", 001 "自然资", "文化和").
        ("民生服", "民生服务"),
        ("自然资", "自然资源"),
        ("文化和", "文化和旅游"),
        ("应急管理及消", "应急管理及消防"),
        # One misread character; two in a long name.
        ("民生服物", "民生服务"),
        ("管理及消防", "应急管理及消防"),
        # Garbage from 004 and other unreadable cells.
        ("1H1 H1 1H2 1H7", None),
        ("立ル和", None),
        ("综合多", None),
        ("", None),
        ("   ", None),
        ("社会", None),
        # Equally close to 社会管理 and 社会保障: a guess either way.
        ("社会管障", None),
    ],
)
def test_canonical_category_maps_damaged_cells_and_refuses_garbage(raw, expected):
    assert canonical_category(raw, DEFAULT_CATEGORIES) == expected


def test_canonical_category_prefers_the_given_vocabulary_spelling():
    assert canonical_category("综合政务", ("综合 政务",)) == "综合 政务"


def test_canonical_category_knows_only_its_vocabulary():
    assert canonical_category("党的建设", ("民生服务",)) is None


def _allowed(name: str) -> int:
    return SHORT_NAME_MAX_EDITS if len(name) <= SHORT_NAME_MAX_LEN else LONG_NAME_MAX_EDITS


def test_thresholds_cannot_prefer_a_wrong_category():
    # A cell within its allowed edits of two entries must be a tie (and so return None):
    # entries are at least as far apart as the sum of their allowed edits.
    for first, second in combinations(DEFAULT_CATEGORIES, 2):
        assert edit_distance(first, second) >= max(_allowed(first), _allowed(second)) + 1
        if len(first) > SHORT_NAME_MAX_LEN or len(second) > SHORT_NAME_MAX_LEN:
            assert edit_distance(first, second) > _allowed(first) + _allowed(second)


@pytest.mark.parametrize(
    "a, b, distance",
    [("民生服", "民生服务", 1), ("综合多", "综合政务", 2), ("社会管理", "社会保障", 2), ("", "党的建设", 4)],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance


def _category_cells(path: Path) -> set[str]:
    """The second cell of every numbered tab-separated row."""
    cells = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        columns = line.split("\t")
        if len(columns) > 2 and columns[0].isdigit():
            cells.add(columns[1])
    return cells


@pytest.mark.parametrize("name", ["000_5d7574d3c5ca649c.txt", "004_75977ff95c5311e1.txt"])
def test_every_readable_fixture_category_is_in_the_vocabulary(name):
    garbage = {"", "1H1 H1 1H2 1H7", "立ル和", "综合多"}
    cells = _category_cells(FIXTURES / name) - garbage
    assert cells
    assert {cell: canonical_category(cell, DEFAULT_CATEGORIES) for cell in cells if
            canonical_category(cell, DEFAULT_CATEGORIES) is None} == {}


@pytest.mark.parametrize(
    "method, stops, remark_alone",
    [
        ("此项工作不再开展。", True, True),
        ("不再开展此项工作", True, True),
        ("该项工作不再开展", True, True),
        ("此项工作已取消。", True, True),
        ("不再承担此项工作。", True, True),
        ("新增就业人数任务的考核，落实党中央精简优化基层考核有关要求，不再开展此项工作", True, False),
        ("由于田县民政局负责婚姻登记工作。此项工作不再开展。", False, False),
        ("由于田县财政局对农业资金使用过程进行监督管理。", False, False),
        ("乡镇不再开展，由县民政局负责", False, False),
    ],
)
def test_work_stops_wordings_are_told_from_a_receiving_department(method, stops, remark_alone):
    assert work_stops(method) is stops
    assert bool(STOP_REMARK.match(method)) is remark_alone
