"""Lining up the items of a few lists: one item per list in a row, best pairs first."""

from __future__ import annotations

import itertools

from township.matching.groups import Item, group_items

_ids = itertools.count(1)


def item(column: int, name: str, seq: int = 1) -> Item:
    return Item(id=next(_ids), column=column, kind="coordinating", seq=seq, category="党的建设",
                category_order=1, name=name)


def rows(groups) -> list[dict[int, str]]:
    return [{column: member.name for column, member in group.members.items()} for group in groups]


def test_the_same_duty_in_three_lists_is_one_group_and_the_rest_stay_alone():
    items = [item(0, "推荐县级以上党代表工作", 1), item(0, "党内统计工作", 2),
             item(1, "推荐市级以上党代表工作", 1), item(1, "深化党建引领普惠金融促进产业发展工作", 2),
             item(2, "推荐县级以上党代表工作", 1)]
    assert rows(group_items(items)) == [
        {0: "推荐县级以上党代表工作", 1: "推荐市级以上党代表工作", 2: "推荐县级以上党代表工作"},
        {0: "党内统计工作"},
        {1: "深化党建引领普惠金融促进产业发展工作"},
    ]


def test_every_item_is_in_exactly_one_group():
    items = [item(column, name, seq) for column, names in enumerate([
        ["机构编制日常管理", "党内统计工作", "县级以上党内表彰激励"],
        ["机构编制日常管理工作", "市级以上党内表彰激励工作", "推荐市级以上党代表工作"],
    ]) for seq, name in enumerate(names, start=1)]
    grouped = [member.id for group in group_items(items) for member in group.members.values()]
    assert sorted(grouped) == sorted(i.id for i in items)


def test_a_row_takes_one_item_per_list_the_closest_one():
    # 潘津镇 splits pollution control into an item per pollutant; another list has one item for all.
    combined = "做好大气、水、土壤、固体废物、畜禽养殖、噪声等污染防治和监督管理工作"
    items = [item(0, "噪声污染防治和监督管理工作", 1), item(0, "固体废物污染防治和监督管理工作", 2),
             item(1, combined, 1)]
    groups = group_items(items)
    assert all(len({member.column for member in g.members.values()}) == len(g.members) for g in groups)
    assert len(groups) == 2
    assert any(len(g.members) == 2 for g in groups)


def test_near_misses_stay_in_separate_rows():
    items = [item(0, "推荐县级以上党代表工作"), item(1, "县级以上党内表彰激励"),
             item(2, "加强基层工会组织建设，维护职工合法权益"), item(3, "加强基层妇联组织建设，维护妇女儿童合法权益")]
    assert all(len(group.members) == 1 for group in group_items(items))


def test_a_chain_of_matches_does_not_join_items_that_are_nothing_alike():
    # Each short item lies inside the long one, but the two short ones share nothing.
    first = item(0, "营造乡村旅游良好市场环境")
    long = item(1, "打造星级农家乐、旅游民宿，完善旅游基础配套设施，营造乡村旅游良好市场环境")
    third = item(2, "打造星级农家乐、旅游民宿，完善旅游基础配套设施")
    groups = rows(group_items([first, long, third]))
    assert {1: long.name, 2: third.name} in groups
    assert {0: first.name} in groups


def test_groups_come_in_order_of_their_leftmost_list_and_its_sequence():
    items = [item(1, "党内统计工作", 1), item(0, "机构编制日常管理", 2), item(0, "党内统计工作", 1)]
    assert [group.first.name for group in group_items(items)] == ["党内统计工作", "机构编制日常管理"]
