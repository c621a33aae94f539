"""Tests for the document-level review: categories and 序号 checks."""

import pytest

from importers.records import (
    FLAG_CATEGORY_INFERRED,
    FLAG_TEXT_DAMAGED,
    PART_BASIC,
    BasicItem,
    CoordinatingItem,
    ParsedItems,
    Place,
    Preamble,
    ReclaimedItem,
    ReviewFlag,
)
from importers.review import (
    UNCLASSIFIED,
    review_categories,
    review_items,
    sequence_issues,
)


def basic(seq: int, category: str, line: int | None = None, flags=()) -> BasicItem:
    line = line or 100 + seq
    return BasicItem(seq=seq, category=category, name=f"事项{seq}", line=line, flags=flags)


def coordinating(seq: int, category: str) -> CoordinatingItem:
    return CoordinatingItem(
        seq=seq,
        category=category,
        name=f"事项{seq}",
        line=300 + seq,
        departments=("县委组织部",),
        department_duties=(),
        township_duties=(),
    )


def reclaimed(seq: int, category: str) -> ReclaimedItem:
    return ReclaimedItem(
        seq=seq, category=category, name=f"事项{seq}", line=500 + seq, departments=(), methods=()
    )


def parsed(basic_items=(), coordinating_items=(), reclaimed_items=()) -> ParsedItems:
    return ParsedItems(
        basic=tuple(basic_items),
        coordinating=tuple(coordinating_items),
        reclaimed=tuple(reclaimed_items),
    )


def categories(items) -> list[str]:
    return [item.category for item in items]


def inferred(items) -> list[int]:
    return [item.seq for item in items if any(f.code == FLAG_CATEGORY_INFERRED for f in item.flags)]


# ---------------------------------------------------------------------------------------------
# Categories


@pytest.mark.parametrize(
    "cells, expected, flagged",
    [
        # 004 basic 1-5: an empty first cell takes the next item's; garbage between two equal
        # neighbours takes theirs.
        (
            ["", "党的建设", "党的建设", "1H1 H1 1H2 1H7", "党的建设"],
            ["党的建设"] * 5,
            [1, 4],
        ),
        # 004 basic 79-82: OCR spaces are canonical spellings (no flag); "立ル和" is garbage.
        (
            ["文化和旅游", "文化和 旅游", "立ル和", "文化和 旅游"],
            ["文化和旅游"] * 4,
            [3],
        ),
        # 004 coordinating 105-108: "综合多" sits between 综合政务 and 教育培训监管: the previous wins.
        (
            ["市场监管", "综合政务", "综合多", "教育培训监管"],
            ["市场监管", "综合政务", "综合政务", "教育培训监管"],
            [3],
        ),
        # 004 reclaimed 4-6: an empty cell between two categories takes the previous one.
        (
            ["民生服务", "", "乡村振兴"],
            ["民生服务", "民生服务", "乡村振兴"],
            [2],
        ),
        # Cut-off cells ("民生服", "应急管 理及消 防") are canonical, not inferred.
        (
            ["民生服", "应急管 理及消 防", "应急管理 及消防"],
            ["民生服务", "应急管理及消防", "应急管理及消防"],
            [],
        ),
        # A run of unreadable cells at the end takes the last readable one.
        (
            ["社会保障", "", "立ル和"],
            ["社会保障"] * 3,
            [2, 3],
        ),
        # Nothing readable at all: never blank.
        (["", "1H1 H1 1H2 1H7"], [UNCLASSIFIED] * 2, [1, 2]),
    ],
)
def test_review_categories_canonicalises_and_infers(cells, expected, flagged):
    items = tuple(basic(seq, cell) for seq, cell in enumerate(cells, start=1))
    reviewed = review_categories(items)
    assert categories(reviewed) == expected
    assert inferred(reviewed) == flagged


@pytest.mark.parametrize(
    "cell, detail",
    [
        ("1H1 H1\n1H2 1H7", "原类别“1H1 H1 1H2 1H7”无法识别，按相邻事项推定为“党的建设”"),
        ("", "原类别为空，按相邻事项推定为“党的建设”"),
    ],
)
def test_inferred_category_flag_explains_itself(cell, detail):
    reviewed = review_categories((basic(1, "党的建设"), basic(2, cell)))
    assert reviewed[1].flags == (ReviewFlag(FLAG_CATEGORY_INFERRED, detail),)


def test_review_keeps_other_flags_and_replaces_an_earlier_category_flag():
    flags = (ReviewFlag(FLAG_TEXT_DAMAGED, "OCR"), ReviewFlag(FLAG_CATEGORY_INFERRED, "guess"))
    reviewed = review_categories((basic(1, "党的建设"), basic(2, "立ル和", flags=flags)))
    assert [flag.code for flag in reviewed[1].flags] == [FLAG_TEXT_DAMAGED, FLAG_CATEGORY_INFERRED]
    assert "立ル和" in reviewed[1].flags[1].detail


def test_unchanged_items_are_returned_as_they_are():
    item = basic(1, "党的建设")
    assert review_categories((item,))[0] is item


def test_the_parts_stated_categories_break_ties():
    # "社会管障" is one edit from both 社会管理 and 社会保障; the part states only 社会保障.
    reviewed = review_categories((basic(1, "社会管障"),), stated=("社会保障",))
    assert categories(reviewed) == ["社会保障"]
    assert inferred(reviewed) == []


def test_a_repeated_unknown_category_is_kept_and_reported():
    items = parsed([basic(1, "党的建设"), basic(2, "农业农村"), basic(3, "农业 农村"), basic(4, "农业农")])
    reviewed, issues = review_items(items, preamble=Preamble(), source="list.txt")
    assert categories(reviewed.basic) == ["党的建设", "农业农村", "农业农村", "农业农村"]
    assert inferred(reviewed.basic) == []
    assert [(issue.code, issue.message) for issue in issues] == [
        ("category_unknown", "基本履职事项清单：类别“农业农村”不在类别表中，按原样保留（3 项）")
    ]


def test_review_items_reviews_every_part_and_keeps_the_rest():
    items = ParsedItems(
        basic=(basic(1, ""), basic(2, "党的建 设")),
        coordinating=(coordinating(1, "民生服"), coordinating(2, "立ル和")),
        reclaimed=(reclaimed(1, "乡村振 兴"),),
        place=Place(township="潘津镇"),
    )
    reviewed, issues = review_items(items, preamble=Preamble(), source="list.txt")
    assert categories(reviewed.basic) == ["党的建设", "党的建设"]
    assert categories(reviewed.coordinating) == ["民生服务", "民生服务"]
    assert inferred(reviewed.coordinating) == [2]
    assert categories(reviewed.reclaimed) == ["乡村振兴"]
    assert reviewed.place == Place(township="潘津镇")
    assert issues == []


# ---------------------------------------------------------------------------------------------
# 序号


@pytest.mark.parametrize(
    "rows, expected",
    [
        ([(1, 11), (2, 12), (3, 13)], []),
        ([(1, 11), (2, 12), (4, 14)], [(14, "基本履职事项清单：缺少序号 3（第 14 行的序号 4 之前）")]),
        ([(2, 12), (3, 13)], [(12, "基本履职事项清单：缺少序号 1（第 12 行的序号 2 之前）")]),
        ([(1, 11), (5, 15)], [(15, "基本履职事项清单：缺少序号 2–4（第 15 行的序号 5 之前）")]),
        (
            [(1, 11), (2, 12), (2, 20), (3, 21)],
            [(20, "基本履职事项清单：序号 2 重复（第 12 行与第 20 行）")],
        ),
        (
            [(1, 11), (3, 13), (2, 14)],
            [
                (13, "基本履职事项清单：缺少序号 2（第 13 行的序号 3 之前）"),
                (14, "基本履职事项清单：序号 2 出现在序号 3 之后（第 14 行）"),
            ],
        ),
    ],
)
def test_sequence_issues_report_gaps_duplicates_and_disorder(rows, expected):
    items = tuple(basic(seq, "党的建设", line=line) for seq, line in rows)
    issues = sequence_issues(PART_BASIC, items, source="list.txt")
    assert [(issue.line, issue.message) for issue in issues] == expected
    assert all(issue.code == "sequence" and issue.file == "list.txt" for issue in issues)


def test_each_part_numbers_from_one():
    items = parsed(
        [basic(1, "党的建设"), basic(2, "党的建设")],
        [coordinating(1, "党的建设")],
        [reclaimed(1, "民生服务")],
    )
    _, issues = review_items(items, preamble=Preamble(), source="list.txt")
    assert issues == []
