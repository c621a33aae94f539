"""Reads of the compare page: what can be compared, the versions chosen, their items."""

from __future__ import annotations

import pytest

from tests.republished import import_002_next_month
from township.models import Duty, DutyList, Township
from township.selectors.compare import compare_choices, compare_items, compare_lists

pytestmark = pytest.mark.django_db


def ids(*names: str) -> list[int]:
    return [Township.objects.get(name=name).pk for name in names]


# Changed on purpose: the choices were every township in the country; now one county's and those ticked.
def test_the_choices_are_a_countys_townships_with_a_list_and_the_versions_of_those_with_several(
        bundled_lists, tmp_path):
    yutian = Township.objects.get(name="先拜巴扎镇").county
    Township.objects.create(name="尚无清单乡", county=yutian)
    import_002_next_month(tmp_path)
    townships, versions = compare_choices(county=yutian)
    assert [t.name for t in townships] == ["先拜巴扎镇"]
    assert [(v.township.name, f"{v.published:%Y-%m}") for v in versions] == [
        ("先拜巴扎镇", "2026-01"), ("先拜巴扎镇", "2025-07")]


def test_the_choices_add_the_townships_ticked_in_other_counties_and_the_versions_ticked(
        bundled_lists, tmp_path, django_assert_num_queries):
    import_002_next_month(tmp_path)
    older = DutyList.objects.filter(township__name="先拜巴扎镇").earliest("published")
    county, ticked = Township.objects.select_related("county").get(name="潘津镇").county, ids("夏马勒乡")
    with django_assert_num_queries(2):
        townships, versions = compare_choices(county=county, township_ids=ticked, list_ids=[older.pk])
    assert sorted(t.name for t in townships) == ["夏马勒乡", "潘津镇"]
    assert sorted(f"{v.published:%Y-%m}" for v in versions if v.township.name == "先拜巴扎镇") == ["2025-07", "2026-01"]
    assert {v.township.name for v in versions} == {"先拜巴扎镇"}


def test_nothing_chosen_offers_nothing_without_a_query(bundled_lists, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert compare_choices() == ([], [])


def test_compared_lists_come_in_the_order_asked_each_once(bundled_lists, tmp_path):
    import_002_next_month(tmp_path)
    older = DutyList.objects.filter(township__name="先拜巴扎镇").earliest("published")
    newer = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    lists = compare_lists(township_ids=ids("夏马勒乡", "先拜巴扎镇"), list_ids=[older.pk, newer.pk])
    assert [(dl.township.name, f"{dl.published:%Y-%m}") for dl in lists] == [
        ("夏马勒乡", "2025-07"), ("先拜巴扎镇", "2026-01"), ("先拜巴扎镇", "2025-07")]


def test_compared_items_carry_their_column_and_category(bundled_lists, django_assert_num_queries):
    lists = compare_lists(township_ids=ids("先拜巴扎镇", "潘津镇"), list_ids=[])
    with django_assert_num_queries(1):
        items = compare_items(lists=lists)
    assert len(items) == Duty.objects.filter(duty_list__in=lists).count()
    assert {item.column for item in items} == {0, 1}
    first = next(item for item in items if item.column == 0 and item.kind == "coordinating" and item.seq == 1)
    assert (first.name, first.category) == ("推荐县级以上党代表工作", "党的建设")
