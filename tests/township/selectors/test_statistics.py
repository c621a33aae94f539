"""Statistics reads checked against counts taken straight from the tables with SQL."""

from __future__ import annotations

import pytest

from tests.township.stats_sql import expected_category_counts, expected_departments, expected_part_counts
from township.models import Department, Place
from township.selectors.statistics import statistics_summary

pytestmark = pytest.mark.django_db


def scopes() -> list[Place | None]:
    return [None, *Place.objects.filter(level="county").order_by("name")]


def test_items_per_part_equal_the_latest_versions_counted_in_sql(two_versions_of_002):
    for county in scopes():
        stats = statistics_summary(county=county)
        actual = {figures.township.name: {k: v for k, v in figures.counts.items() if v} for figures in stats.townships}
        assert actual == expected_part_counts(county), county
        assert stats.total == sum(sum(counts.values()) for counts in expected_part_counts(county).values())


def test_the_latest_version_alone_is_counted(two_versions_of_002):
    figures = next(f for f in statistics_summary(county=None).townships if f.township.name == "先拜巴扎镇")
    assert figures.latest_list_id == two_versions_of_002.pk
    assert figures.counts == {"basic": 116, "coordinating": 93, "reclaimed": 37}  # 98 - 5, 41 - 4


def test_items_per_part_and_category_equal_sql_counts(two_versions_of_002):
    for county in scopes():
        stats = statistics_summary(county=county)
        names = [figures.township.name for figures in stats.townships]
        actual = {(part.kind, row.category.name, names[column]): count
                  for part in stats.parts for row in part.rows
                  for column, count in enumerate(row.counts) if count}
        assert actual == expected_category_counts(county), county


def test_category_totals_add_up_every_townships_items_per_part_as_sql_counts_them(two_versions_of_002):
    for county in scopes():
        expected: dict[tuple[str, str], int] = {}
        for (kind, category, _), count in expected_category_counts(county).items():
            expected[(category, kind)] = expected.get((category, kind), 0) + count
        totals = statistics_summary(county=county).category_totals
        assert {(row.category.name, kind): count for row in totals for kind, count in row.counts.items()} == expected
        orders = [(row.category.order, row.category.name) for row in totals]
        assert orders == sorted(orders) and len(orders) == len({category for category, _ in expected})


def test_categories_follow_their_canonical_order(two_versions_of_002):
    for part in statistics_summary(county=None).parts:
        orders = [(row.category.order, row.category.name) for row in part.rows]
        assert orders == sorted(orders)


def test_department_ranking_equals_distinct_items_counted_in_sql(two_versions_of_002):
    for county in scopes():
        ranking = statistics_summary(county=county).departments
        assert {rank.department_id: (rank.coordinating, rank.reclaimed) for rank in ranking} == \
            expected_departments(county), county


def test_departments_are_ranked_by_total_with_ties_sharing_a_rank(two_versions_of_002):
    ranking = statistics_summary(county=None).departments
    totals = [rank.total for rank in ranking]
    assert totals == sorted(totals, reverse=True) and ranking[0].rank == 1
    for before, after in zip(ranking, ranking[1:]):
        assert after.rank == (before.rank if after.total == before.total else ranking.index(after) + 1)


def test_a_county_ranks_only_its_own_departments(two_versions_of_002):
    county = Place.objects.get(name="于田县")
    ranking = statistics_summary(county=county).departments
    assert ranking and set(Department.objects.filter(pk__in=[r.department_id for r in ranking])
                           .values_list("place_id", flat=True)) == {county.pk}


def test_a_county_without_lists_has_no_figures(db):
    county = Place.objects.create(name="空县", level="county")
    stats = statistics_summary(county=county)
    assert (stats.townships, stats.departments, stats.total) == ([], [], 0)
    assert all(part.rows == [] for part in stats.parts)
