"""Statistics reads per place level checked against counts taken straight from the items with SQL."""

from __future__ import annotations

import pytest

from tests.township.stats_sql import (
    expected_category_counts, expected_child_counts, expected_department_names, expected_departments,
    expected_part_counts,
)
from township.models import Department, Place, TownshipSummary
from township.pinyin import pinyin_key
from township.selectors.statistics import MAX_AREAS, TOP_DEPARTMENTS, statistics_summary

pytestmark = pytest.mark.django_db


def counties() -> list[Place]:
    return list(Place.objects.filter(level="county").order_by("name"))


def places_above_county() -> list[Place | None]:
    return [None, *Place.objects.exclude(level="county").order_by("name")]


def test_a_countys_townships_have_their_latest_versions_items_per_part_as_counted_in_sql(two_versions_of_002):
    for county in counties():
        stats = statistics_summary(place=county)
        actual = {area.name: {kind: count for kind, count in area.counts.items() if count} for area in stats.areas}
        assert actual == expected_part_counts(county), county
        assert stats.total == sum(sum(counts.values()) for counts in expected_part_counts(county).values())
        assert stats.townships == len(stats.areas)


def test_the_latest_version_alone_is_counted(two_versions_of_002):
    stats = statistics_summary(place=two_versions_of_002.township.county)
    area = next(area for area in stats.areas if area.name == "先拜巴扎镇")
    assert area.published == two_versions_of_002.published
    assert area.counts == {"basic": 116, "coordinating": 93, "reclaimed": 37}  # 98 - 5, 41 - 4


def test_a_countys_categories_per_township_equal_sql_counts(two_versions_of_002):
    for county in counties():
        stats = statistics_summary(place=county)
        names = [area.name for area in stats.areas]
        actual = {(part.kind, row.category.name, names[column]): count
                  for part in stats.parts for row in part.rows for column, count in enumerate(row.counts) if count}
        assert actual == expected_category_counts(county), county


def test_categories_follow_their_canonical_order_at_every_level(two_versions_of_002):
    for place in [*places_above_county(), *counties()]:
        for part in statistics_summary(place=place).parts:
            orders = [(row.category.order, row.category.name) for row in part.rows]
            assert orders == sorted(orders), place


def test_a_countys_department_ranking_equals_distinct_items_counted_in_sql(two_versions_of_002):
    for county in counties():
        ranking = statistics_summary(place=county).departments
        assert {rank.department_id: (rank.coordinating, rank.reclaimed) for rank in ranking} == \
            expected_departments(county), county


def test_departments_are_ranked_by_total_with_ties_sharing_a_rank(two_versions_of_002):
    for place in [None, *counties()]:
        ranking = statistics_summary(place=place).departments
        totals = [rank.total for rank in ranking]
        assert totals == sorted(totals, reverse=True) and ranking[0].rank == 1
        for position, (before, after) in enumerate(zip(ranking, ranking[1:]), start=2):
            assert after.rank == (before.rank if after.total == before.total else position)


def test_a_county_ranks_only_its_own_departments(two_versions_of_002):
    county = Place.objects.get(name="于田县")
    ranking = statistics_summary(place=county).departments
    assert ranking and set(Department.objects.filter(pk__in=[r.department_id for r in ranking])
                           .values_list("place_id", flat=True)) == {county.pk}


def test_each_child_place_adds_up_the_townships_under_it(two_versions_of_002):
    for place in places_above_county():
        stats = statistics_summary(place=place)
        children = Place.objects.filter(parent=place) if place else Place.objects.filter(parent__isnull=True)
        assert [area.name for area in stats.areas] == sorted(children.values_list("name", flat=True), key=pinyin_key)
        by_name = dict(children.values_list("name", "pk"))
        expected = expected_child_counts(place)
        assert {area.name: {k: v for k, v in area.counts.items() if v} for area in stats.areas} == \
            {name: expected.get(pk, {}) for name, pk in by_name.items()}, place


def test_above_county_level_the_categories_per_child_place_add_up_to_the_parts(two_versions_of_002):
    for place in places_above_county():
        stats = statistics_summary(place=place)
        for part in stats.parts:
            assert sum(row.total for row in part.rows) == part.total == stats.part_total(part.kind), place
            for column, area in enumerate(stats.areas):
                assert sum(row.counts[column] for row in part.rows) == area.count(part.kind), (place, area.name)


def test_above_county_level_the_leading_department_names_add_up_every_county(two_versions_of_002):
    for place in places_above_county():
        stats = statistics_summary(place=place)
        expected = expected_department_names(place)
        assert stats.departments_in_all == len(expected)
        assert len(stats.departments) == min(TOP_DEPARTMENTS, len(expected))
        for rank in stats.departments:
            assert (rank.coordinating, rank.reclaimed) == expected[rank.name] and rank.url == ""
        leading = sorted((sum(counts) for counts in expected.values()), reverse=True)[:TOP_DEPARTMENTS]
        assert [rank.total for rank in stats.departments] == leading


def test_a_county_without_lists_has_no_figures(db):
    county = Place.objects.create(name="空县", level="county")
    stats = statistics_summary(place=county)
    assert (stats.areas, stats.departments, stats.total) == ([], [], 0)
    assert all(part.rows == [] for part in stats.parts)


def test_a_region_without_lists_lists_its_children_with_zeros(db):
    region = Place.objects.create(name="空省", level="region")
    Place.objects.create(name="空县", level="county", parent=Place.objects.create(
        name="空地区", level="prefecture", parent=region))
    stats = statistics_summary(place=region)
    assert [(area.name, area.townships, area.total) for area in stats.areas] == [("空地区", 0, 0)]
    assert stats.departments == [] and all(part.rows == [] for part in stats.parts)


def test_a_place_with_more_children_than_a_page_shows_the_first_and_says_how_many_are_left(db):
    region = Place.objects.create(name="大省", level="region")
    Place.objects.bulk_create([Place(name=f"县{number:03}", level="county", parent=region)
                               for number in range(MAX_AREAS + 3)])
    stats = statistics_summary(place=region)
    assert len(stats.areas) == MAX_AREAS and stats.hidden_areas == 3
    assert stats.areas[0].name == "县000" and TownshipSummary.objects.count() == 0


def test_above_county_level_tied_department_names_are_in_pinyin_order_and_the_cut_keeps_the_first(two_versions_of_002):
    from township.models import PlaceDepartmentSummary

    top = Place.objects.filter(parent__isnull=True).order_by("pk").first()
    PlaceDepartmentSummary.objects.filter(place=top).delete()
    # Character code would put 于田 (U+4E8E) before 巴楚 (U+5DF4) and 额敏 (U+989D); pinyin puts ba, e, yu.
    names = ["于田县林业局", "巴楚县林业局", "额敏县林业局"] + [f"伊宁县第{n}局" for n in range(TOP_DEPARTMENTS)]
    PlaceDepartmentSummary.objects.bulk_create(
        [PlaceDepartmentSummary(place=top, name=name, coordinating=500, reclaimed=0, counties=1) for name in names[:3]]
        + [PlaceDepartmentSummary(place=top, name=name, coordinating=5, reclaimed=0, counties=1) for name in names[3:]])
    ranking = statistics_summary(place=None).departments  # the top-level places, `top` among them
    leading = [rank for rank in ranking if rank.total == 500]
    assert [rank.name for rank in leading] == ["巴楚县林业局", "额敏县林业局", "于田县林业局"]
    assert [rank.rank for rank in leading] == [1, 1, 1] and len(ranking) == TOP_DEPARTMENTS
    tied = [rank.name for rank in ranking if rank.total == 5]
    assert tied == sorted(tied, key=pinyin_key)  # the cut through the tied names keeps their first in pinyin order
    assert tied == sorted(names[3:], key=pinyin_key)[:len(tied)]
