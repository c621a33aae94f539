"""The compare page's content for the four bundled lists, built without the database."""

from __future__ import annotations

import itertools
from collections import Counter

import pytest

from importers.records import PARTS
from township.matching.comparison import PARTIAL, SHARED, STATUSES, UNIQUE, VARIANT, compare_parts
from township.matching.groups import Item
from township.textdiff import ADDED, REMOVED

ORDER = ["潘津镇", "某乡（清单未载明乡名）", "先拜巴扎镇", "夏马勒乡"]


@pytest.fixture(scope="module")
def bundled_comparison(bundled_parsed):
    """All three parts of the four bundled lists compared, in ORDER, with the items compared."""
    ids = itertools.count(1)
    items = [
        Item(next(ids), column, part, parsed_item.seq, parsed_item.category, 0, parsed_item.name)
        for column, township in enumerate(ORDER) for part in PARTS
        for parsed_item in getattr(bundled_parsed[township].items, part)
    ]
    parts = compare_parts(items=items, parts=[(part, part) for part in PARTS], columns=len(ORDER))
    return {part.kind: part for part in parts}, items


def test_all_four_have_the_party_congress_delegates_item_in_the_coordinating_part(bundled_comparison):
    parts, _ = bundled_comparison
    rows = [row for row in parts["coordinating"].rows
            if any(cell and "党代表" in cell.item.name and "推荐" in cell.item.name for cell in row.cells)]
    assert len(rows) == 1
    row = rows[0]
    assert row.status == VARIANT and row.category == "党的建设"
    assert [cell.item.name for cell in row.cells] == [
        "推荐市级以上党代表工作", "推荐县级以上党代表工作", "推荐县级以上党代表工作", "推荐县级以上党代表工作"]
    # Compared with the leftmost list (潘津镇, a 市's township), the others say 县 for 市.
    changes = [(segment.text, segment.change) for segment in row.cells[1].segments if segment.change != "same"]
    assert changes == [("市", REMOVED), ("县", ADDED)]


@pytest.mark.parametrize("part, township, unique_name", [
    ("coordinating", "潘津镇", "深化党建引领普惠金融促进产业发展工作"),
    ("coordinating", "某乡（清单未载明乡名）", "做好网络舆论引导和舆情管理工作"),
    ("coordinating", "先拜巴扎镇", "防范和惩治统计造假"),
    ("coordinating", "夏马勒乡", "收缴国有土地承包费"),
    ("basic", "先拜巴扎镇", "落实统战工作责任制，做好新时代统一战线工作"),
    ("reclaimed", "某乡（清单未载明乡名）", "收养登记"),
])
def test_each_townships_unique_items_are_listed_as_its_own(bundled_comparison, part, township, unique_name):
    parts, _ = bundled_comparison
    unique = parts[part].unique_by_column
    assert unique_name in [item.name for item in unique[ORDER.index(township)]]
    for column, items in enumerate(unique):
        if column != ORDER.index(township):
            assert unique_name not in [item.name for item in items]


def test_every_township_has_unique_items_in_every_part(bundled_comparison):
    parts, _ = bundled_comparison
    for part in parts.values():
        assert all(part.unique_by_column), part.kind


def test_every_item_appears_in_exactly_one_row_and_a_row_has_one_item_per_list(bundled_comparison):
    parts, items = bundled_comparison
    shown = [cell.item.id for part in parts.values() for row in part.rows for cell in row.present]
    assert sorted(shown) == sorted(item.id for item in items)
    for part in parts.values():
        for row in part.rows:
            assert all(cell.item.column == column for column, cell in enumerate(row.cells) if cell)


def test_row_statuses_follow_how_many_lists_have_the_duty(bundled_comparison):
    parts, _ = bundled_comparison
    for part in parts.values():
        counts = part.status_counts
        assert set(counts) == set(STATUSES) and sum(counts.values()) == len(part.rows)
        for row in part.rows:
            present = len(row.present)
            expected = {1: {UNIQUE}, 2: {PARTIAL}, 3: {PARTIAL}, 4: {SHARED, VARIANT}}[present]
            assert row.status in expected
            if row.status == SHARED:
                assert all(cell.segments is None for cell in row.present)
    assert parts["reclaimed"].status_counts[SHARED] > 0


def test_category_counts_are_each_lists_own_filing(bundled_comparison, bundled_parsed):
    parts, _ = bundled_comparison
    for kind, part in parts.items():
        for column, township in enumerate(ORDER):
            filed = Counter(item.category for item in getattr(bundled_parsed[township].items, kind))
            assert {count.name: count.counts[column] for count in part.counts if count.counts[column]} == filed
