"""Reads for the statistics pages, one place level at a time, all from the summary tables.

A page shows the children of one place (regions at the top, then prefectures, counties, and a
county's townships), each with its figures, plus the categories and departments of the place.
Every figure comes from township.models.summaries, never from the items themselves, so a
page costs a few small queries whatever the size of the country.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.urls import reverse

from township.models import (
    Category, CategorySummary, CountyDepartmentSummary, Duty, Place, PlaceCategorySummary, PlaceSummary,
    TownshipSummary,
)
from township.pinyin import pinyin_key
from township.selectors.common import by_pinyin

# The parts whose items name upper-level departments.
DEPARTMENT_KINDS = (Duty.Kind.COORDINATING, Duty.Kind.RECLAIMED)
# Rows (and category-table columns) one page shows at most: a person reads no more, and the
# page stays small. Prefectures, counties and townships under one place are far fewer.
MAX_AREAS = 200
# Above county level the ranking adds up departments by name and shows the leading ones.
TOP_DEPARTMENTS = 20


@dataclass
class AreaFigures:
    """One row of a page: a child place with its townships' latest lists added up, or one township."""

    name: str
    url: str
    counts: dict[str, int]
    townships: int = 1  # townships with a list
    published: datetime.date | None = None  # a township's latest version

    @property
    def total(self) -> int:
        """Items over every part."""
        return sum(self.counts.values())

    def count(self, kind: str) -> int:
        """Items in one part (a Duty.Kind value)."""
        return self.counts.get(kind, 0)

    @property
    def part_counts(self) -> list[int]:
        """Items per part, in the parts' published order."""
        return [self.count(kind) for kind in Duty.Kind.values]


@dataclass
class CategoryRow:
    """One category within one part: its items in each area (in the page's row order)."""

    category: Category
    counts: list[int]

    @property
    def total(self) -> int:
        """Items of the category over every area shown."""
        return sum(self.counts)


@dataclass
class PartCategories:
    """The categories of one part that at least one area uses, in canonical order."""

    kind: str
    label: str
    rows: list[CategoryRow] = field(default_factory=list)
    area_totals: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Items of the part over every area shown."""
        return sum(self.area_totals)


@dataclass(frozen=True)
class CategoryTotals:
    """One category's items over every area shown, per part."""

    category: Category
    counts: dict[str, int]

    def count(self, kind: str) -> int:
        """Items of the category in one part (a Duty.Kind value)."""
        return self.counts.get(kind, 0)


@dataclass
class DepartmentRank:
    """A department (above county level: every department of that name) and the items naming it."""

    rank: int
    name: str
    coordinating: int
    reclaimed: int
    department_id: int | None = None  # None when departments of several counties are added up
    counties: int = 1

    @property
    def total(self) -> int:
        """Items naming the department, both parts together."""
        return self.coordinating + self.reclaimed

    @property
    def url(self) -> str:
        """The department's page, or nothing for a name added up over counties."""
        return reverse("township:department", args=[self.department_id]) if self.department_id else ""


@dataclass
class Statistics:
    """Everything a statistics page shows for one place (None: the whole country)."""

    place: Place | None
    areas: list[AreaFigures]
    hidden_areas: int  # children past MAX_AREAS, not shown
    parts: list[PartCategories]
    departments: list[DepartmentRank]
    departments_in_all: int  # how many departments (or names, above county level) the ranking has

    @property
    def is_county(self) -> bool:
        """Whether the rows are townships."""
        return self.place is not None and self.place.level == Place.Level.COUNTY

    @property
    def townships(self) -> int:
        """Townships with a list over every area shown."""
        return sum(area.townships for area in self.areas)

    def part_total(self, kind: str) -> int:
        """Items in one part over every area shown."""
        return sum(area.count(kind) for area in self.areas)

    @property
    def total(self) -> int:
        """Items over every part and area shown."""
        return sum(area.total for area in self.areas)

    @property
    def category_totals(self) -> list[CategoryTotals]:
        """Each category any part uses, its items over every area per part, in canonical order."""
        totals: dict[int, CategoryTotals] = {}
        for part in self.parts:
            for row in part.rows:
                totals.setdefault(row.category.pk, CategoryTotals(row.category, {})).counts[part.kind] = row.total
        return sorted(totals.values(), key=lambda totals: (totals.category.order, totals.category.name))


def statistics_url(place: Place | None) -> str:
    """The statistics page of a place (the county URL for a county), or of the whole country."""
    if place is None:
        return reverse("township:statistics")
    if place.level == Place.Level.COUNTY:
        return reverse("township:county_statistics", args=[place.pk])
    return reverse("township:place_statistics", args=[place.pk])


def statistics_county(*, county_id: int) -> Place:
    """A county with its ancestors (for breadcrumbs); raises Place.DoesNotExist for anything else."""
    return Place.objects.select_related("parent__parent").get(pk=county_id, level=Place.Level.COUNTY)


def statistics_place(*, place_id: int) -> Place:
    """A place of any level with its ancestors; raises Place.DoesNotExist."""
    return Place.objects.select_related("parent__parent").get(pk=place_id)


def statistics_summary(*, place: Place | None) -> Statistics:
    """The figures of one place's children (a county's townships), or of the top-level places."""
    if place is not None and place.level == Place.Level.COUNTY:
        return _county_statistics(place)
    return _place_statistics(place)


def _capped(rows: list) -> tuple[list, bool]:
    return rows[:MAX_AREAS], len(rows) > MAX_AREAS


def _parts(cells: dict[tuple[str, int], list[int]], categories: dict[int, Category],
           areas: list[AreaFigures]) -> list[PartCategories]:
    """Per part, the categories used with their items per area, in canonical order."""
    ordered = sorted(categories.values(), key=lambda category: (category.order, category.name))
    parts = []
    for kind, label in Duty.Kind.choices:
        part = PartCategories(kind, label, area_totals=[area.count(kind) for area in areas])
        part.rows = [CategoryRow(category, cells[kind, category.pk]) for category in ordered
                     if (kind, category.pk) in cells]
        parts.append(part)
    return parts


def _category_cells(rows, column: dict[int, int]) -> tuple[dict[tuple[str, int], list[int]], dict[int, Category]]:
    """Rows of (area id, kind, category id, name, order, items) as one count list per (kind, category)."""
    cells: dict[tuple[str, int], list[int]] = {}
    categories: dict[int, Category] = {}
    for area_id, kind, category_id, name, order, items in rows:
        categories.setdefault(category_id, Category(pk=category_id, name=name, order=order))
        cells.setdefault((kind, category_id), [0] * len(column))[column[area_id]] = items
    return cells, categories


def _ranked(rows: list[dict]) -> list[DepartmentRank]:
    """Departments already ordered by total, ranked; ties share a rank (1, 2, 2, 4)."""
    ranking: list[DepartmentRank] = []
    for position, row in enumerate(rows, start=1):
        rank = DepartmentRank(rank=position, **row)
        if ranking and ranking[-1].total == rank.total:
            rank.rank = ranking[-1].rank
        ranking.append(rank)
    return ranking


def _county_statistics(county: Place) -> Statistics:
    """A county's townships with a list, their categories, and every department of the county ranked."""
    in_county = TownshipSummary.objects.filter(township__county=county)
    summaries, capped = _capped(list(in_county.select_related("township")
                                     .order_by(*by_pinyin("township__"))[:MAX_AREAS + 1]))
    hidden = in_county.count() - MAX_AREAS if capped else 0
    areas = [AreaFigures(summary.township.name, summary.township.get_absolute_url(), summary.counts,
                         published=summary.published) for summary in summaries]
    column = {summary.township_id: index for index, summary in enumerate(summaries)}
    rows = (CategorySummary.objects.filter(township_id__in=list(column))
            .values_list("township_id", "kind", "category_id", "category__name", "category__order", "items"))
    cells, categories = _category_cells(rows, column)
    departments = _county_departments(county)
    return Statistics(place=county, areas=areas, hidden_areas=hidden, parts=_parts(cells, categories, areas),
                      departments=departments, departments_in_all=len(departments))


def _county_departments(county: Place) -> list[DepartmentRank]:
    """Every department of the county by the distinct latest-version items naming it (ties by pinyin)."""
    totals: dict[int, dict] = {}
    pinyin: dict[int, str] = {}
    for department_id, name, key, kind, items in (
            CountyDepartmentSummary.objects.filter(county=county)
            .values_list("department_id", "department__name", "department__pinyin_key", "kind", "items")):
        row = totals.setdefault(department_id, {"department_id": department_id, "name": name,
                                                "coordinating": 0, "reclaimed": 0})
        row[kind], pinyin[department_id] = items, key
    return _ranked(sorted(totals.values(), key=lambda row: (-(row["coordinating"] + row["reclaimed"]),
                                                            -row["coordinating"], pinyin[row["department_id"]],
                                                            row["department_id"])))


def _place_statistics(place: Place | None) -> Statistics:
    """The children of a region or prefecture (or the top-level places), from their own summary rows."""
    all_children = Place.objects.filter(parent=place) if place else Place.objects.filter(parent__isnull=True)
    children, capped = _capped(list(all_children.order_by(*by_pinyin())[:MAX_AREAS + 1]))
    hidden = all_children.count() - MAX_AREAS if capped else 0
    ids = [child.pk for child in children]
    summaries = {summary.place_id: summary for summary in PlaceSummary.objects.filter(place_id__in=ids)}
    areas = [AreaFigures(child.name, statistics_url(child), summaries[child.pk].counts if child.pk in summaries else {},
                         townships=summaries[child.pk].townships if child.pk in summaries else 0)
             for child in children]
    rows = (PlaceCategorySummary.objects.filter(place_id__in=ids)
            .values_list("place_id", "kind", "category_id", "category__name", "category__order", "items"))
    cells, categories = _category_cells(rows, {child_id: index for index, child_id in enumerate(ids)})
    departments, in_all = _departments_by_name(ids)
    return Statistics(place=place, areas=areas, hidden_areas=hidden, parts=_parts(cells, categories, areas),
                      departments=departments, departments_in_all=in_all)


# The leading department names over some places, every name tied with the last of them too, and
# (on every row) how many names there are. Ties are put in pinyin order here, not by the database:
# the summary rows keep no pinyin key, and by character code 于田 would come before 巴楚.
DEPARTMENT_NAMES = f"""
    SELECT name, coordinating, reclaimed, counties, names FROM (
        SELECT name, sum(coordinating) AS coordinating, sum(reclaimed) AS reclaimed, sum(counties) AS counties,
               count(*) OVER () AS names,
               rank() OVER (ORDER BY sum(coordinating) + sum(reclaimed) DESC, sum(coordinating) DESC) AS place
        FROM township_placedepartmentsummary WHERE place_id = ANY(%s) GROUP BY name
    ) AS ranked WHERE place <= {TOP_DEPARTMENTS}
"""


def _departments_by_name(children: list[int]) -> tuple[list[DepartmentRank], int]:
    """The leading department names over the counties under these places, and how many names in all."""
    with connection.cursor() as cursor:
        cursor.execute(DEPARTMENT_NAMES, [children])
        rows = cursor.fetchall()
    rows.sort(key=lambda row: (-(row[1] + row[2]), -row[1], pinyin_key(row[0]), row[0]))
    ranking = _ranked([{"name": name, "coordinating": coordinating, "reclaimed": reclaimed, "counties": counties}
                       for name, coordinating, reclaimed, counties, _ in rows[:TOP_DEPARTMENTS]])
    return ranking, rows[0][-1] if rows else 0
