"""Catalogue entries from the four bundled lists, built without the database."""

from __future__ import annotations

import itertools

import pytest

from importers.records import PARTS
from township.matching import clusters
from township.matching.clusters import CatalogueItem, bigrams, cluster_items


@pytest.fixture(scope="module")
def bundled_items(bundled_parsed) -> list[CatalogueItem]:
    """Every item of the four bundled lists, townships numbered 1 to 4 in file order."""
    ids = itertools.count(1)
    categories: dict[str, int] = {}
    return [
        CatalogueItem(next(ids), part, township, categories.setdefault(item.category, len(categories) + 1),
                      item.name)
        for township, parsed in enumerate(bundled_parsed.values(), start=1) for part in PARTS
        for item in getattr(parsed.items, part)
    ]


def entry_with(found, name: str):
    return next(cluster for cluster in found if any(item.name == name for item in cluster.items))


def test_the_party_congress_delegates_entry_has_all_four_townships(bundled_items):
    entry = entry_with(cluster_items(bundled_items), "推荐市级以上党代表工作")
    assert entry.kind == "coordinating"
    assert entry.name == "推荐县级以上党代表工作"  # three of the four word it so
    assert entry.township_ids == {1, 2, 3, 4}


def test_every_named_item_is_in_one_entry_and_an_entry_has_one_item_per_township(bundled_items):
    found = cluster_items(bundled_items)
    placed = [item.duty_id for cluster in found for item in cluster.items]
    named = [item.duty_id for item in bundled_items if item.name.strip()]
    assert sorted(placed) == sorted(named)
    for cluster in found:
        assert len(cluster.township_ids) == len(cluster.items), cluster.name
        assert {item.kind for item in cluster.items} == {cluster.kind}


def test_a_townships_split_items_stay_in_separate_entries(bundled_items):
    found = cluster_items(bundled_items)
    noise = entry_with(found, "噪声污染防治和监督管理工作")
    solid = entry_with(found, "固体废物污染防治和监督管理工作")
    assert noise is not solid


def test_near_misses_are_separate_entries(bundled_items):
    found = cluster_items(bundled_items)
    assert entry_with(found, "加强基层工会组织建设，维护职工合法权益") is not entry_with(
        found, "加强基层妇联组织建设，维护妇女儿童合法权益")
    assert entry_with(found, "推荐县级以上党代表工作") is not entry_with(found, "县级以上党内表彰激励")


def test_the_bigram_index_finds_the_same_entries_as_scoring_every_leader(bundled_items, monkeypatch):
    blocked = cluster_items(bundled_items)
    monkeypatch.setattr(clusters._Index, "candidates", lambda index, grams: list(index.clusters))
    every_leader = cluster_items(bundled_items)
    assert [sorted(i.duty_id for i in c.items) for c in blocked] == [
        sorted(i.duty_id for i in c.items) for c in every_leader]


@pytest.mark.parametrize("cap", [clusters.MAX_POSTINGS, 3])
def test_skipping_common_bigrams_finds_the_same_entries_as_scoring_every_leader(bundled_items, monkeypatch, cap):
    """With a cap of 3, "管理", "建设"… (in up to 64 leaders of a part) are never looked up."""
    monkeypatch.setattr(clusters._Index, "candidates", lambda index, grams: list(index.clusters))
    every_leader = [sorted(i.duty_id for i in c.items) for c in cluster_items(bundled_items)]
    monkeypatch.undo()
    monkeypatch.setattr(clusters, "MAX_POSTINGS", cap)
    assert [sorted(i.duty_id for i in c.items) for c in cluster_items(bundled_items)] == every_leader


def test_a_name_made_only_of_common_bigrams_is_looked_up_by_its_rarest(monkeypatch):
    monkeypatch.setattr(clusters, "MAX_POSTINGS", 1)
    index = clusters._Index("basic")
    for number, leader in enumerate(["安全管理", "安全监督管理", "道路管理"], start=1):
        index.place(leader, [CatalogueItem(number, "basic", 1, 1, leader)])  # one township: three entries
    # "管理" is in three leaders and "安全" in two, both over the cap; "安全" is the rarer.
    proposed = index.candidates(bigrams("管理安全"))
    assert [cluster.leader for cluster in proposed] == ["安全管理", "安全监督管理"]


def test_progress_is_reported_once_per_part_by_its_name(bundled_items):
    reported = []
    cluster_items(bundled_items, progress=reported.append)
    assert reported == ["基本履职事项", "配合履职事项", "上级部门收回事项"]


@pytest.mark.parametrize("key, grams", [
    ("党内统计", {"党内", "内统", "统计"}),
    ("党", {"党"}),
    ("", set()),
])
def test_bigrams(key, grams):
    assert bigrams(key) == frozenset(grams)


def test_an_entry_is_filed_under_the_category_most_of_its_items_have():
    items = [CatalogueItem(1, "basic", 1, 7, "做好“双拥”工作"), CatalogueItem(2, "basic", 2, 3, "做好“双拥”工作"),
             CatalogueItem(3, "basic", 3, 3, "加强“双拥”工作")]
    (entry,) = cluster_items(items)
    assert entry.category_id == 3 and entry.name == "做好“双拥”工作"
