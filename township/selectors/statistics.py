"""Reads for the statistics pages: figures over the latest version of each township's list."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.urls import reverse

from township.models import Category, Duty, DutyDepartment, DutyList, Place, Township
from township.selectors.common import latest_list_subquery, latest_lists
from township.selectors.places import duty_counts_by_list

# The parts whose items name upper-level departments.
DEPARTMENT_KINDS = (Duty.Kind.COORDINATING, Duty.Kind.RECLAIMED)


@dataclass
class TownshipFigures:
    """One township's latest version and its items per part."""

    township: Township
    published: datetime.date
    latest_list_id: int
    counts: dict[str, int]

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
    """One category within one part: its items in each township (in the page's township order)."""

    category: Category
    counts: list[int]

    @property
    def total(self) -> int:
        """Items of the category over every township."""
        return sum(self.counts)


@dataclass
class PartCategories:
    """The categories of one part that at least one township uses, in canonical order."""

    kind: str
    label: str
    rows: list[CategoryRow] = field(default_factory=list)
    township_totals: list[int] = field(default_factory=list)

    @property
    def total(self) -> int:
        """Items of the part over every township."""
        return sum(self.township_totals)


@dataclass(frozen=True)
class CategoryTotals:
    """One category's items over every township shown, per part."""

    category: Category
    counts: dict[str, int]

    def count(self, kind: str) -> int:
        """Items of the category in one part (a Duty.Kind value)."""
        return self.counts.get(kind, 0)


@dataclass
class DepartmentRank:
    """A department and how many distinct latest-version items of each part name it."""

    rank: int
    department_id: int
    name: str
    county_name: str
    coordinating: int
    reclaimed: int

    @property
    def total(self) -> int:
        """Items naming the department, both parts together."""
        return self.coordinating + self.reclaimed

    @property
    def url(self) -> str:
        """The department's page."""
        return reverse("township:department", args=[self.department_id])


@dataclass
class Statistics:
    """Everything a statistics page shows, for one county or (county None) for every county."""

    county: Place | None
    townships: list[TownshipFigures]
    parts: list[PartCategories]
    departments: list[DepartmentRank]

    def part_total(self, kind: str) -> int:
        """Items in one part over every township."""
        return sum(figures.count(kind) for figures in self.townships)

    @property
    def total(self) -> int:
        """Items over every part and township."""
        return sum(figures.total for figures in self.townships)

    @property
    def category_totals(self) -> list[CategoryTotals]:
        """Each category any part uses, its items over every township per part, in canonical order."""
        totals: dict[int, CategoryTotals] = {}
        for part in self.parts:
            for row in part.rows:
                totals.setdefault(row.category.pk, CategoryTotals(row.category, {})).counts[part.kind] = row.total
        return sorted(totals.values(), key=lambda totals: (totals.category.order, totals.category.name))


def statistics_county(*, county_id: int) -> Place:
    """A county with its ancestors (for breadcrumbs); raises Place.DoesNotExist for anything else."""
    return Place.objects.select_related("parent__parent").get(pk=county_id, level=Place.Level.COUNTY)


def statistics_counties() -> QuerySet[Place]:
    """Counties with at least one imported list, for moving between statistics pages."""
    return (Place.objects.filter(level=Place.Level.COUNTY, townships__lists__isnull=False)
            .distinct().order_by("name"))


def scope_latest_lists(*, county: Place | None) -> QuerySet[DutyList]:
    """The latest version of every township's list, within one county or everywhere."""
    lists = latest_lists()
    return lists if county is None else lists.filter(township__county=county)


def township_figures(*, county: Place | None) -> list[TownshipFigures]:
    """Townships that have a list, with their latest version's items per part, in two queries."""
    townships = Township.objects.select_related("county").annotate(
        latest_list_id=latest_list_subquery(), latest_published=latest_list_subquery(field="published"),
    ).filter(latest_list_id__isnull=False).order_by("county__name", "name")
    if county is not None:
        townships = townships.filter(county=county)
    townships = list(townships)
    counts = duty_counts_by_list(list_ids=[township.latest_list_id for township in townships])
    return [TownshipFigures(township, township.latest_published, township.latest_list_id,
                            counts.get(township.latest_list_id, {})) for township in townships]


def part_categories(*, townships: list[TownshipFigures]) -> list[PartCategories]:
    """Items per part and category in each township's latest version, in two queries."""
    column = {figures.latest_list_id: index for index, figures in enumerate(townships)}
    rows = (Duty.objects.filter(duty_list_id__in=list(column)).values("kind", "category_id", "duty_list_id")
            .annotate(items=Count("pk")).order_by())
    cells: dict[tuple[str, int], list[int]] = {}
    for row in rows:
        counts = cells.setdefault((row["kind"], row["category_id"]), [0] * len(townships))
        counts[column[row["duty_list_id"]]] = row["items"]
    categories = Category.objects.filter(pk__in={category_id for _, category_id in cells}) if cells else []
    parts = []
    for kind, label in Duty.Kind.choices:
        part = PartCategories(kind, label, township_totals=[figures.count(kind) for figures in townships])
        part.rows = [CategoryRow(category, cells[kind, category.pk]) for category in categories
                     if (kind, category.pk) in cells]
        parts.append(part)
    return parts


def department_ranking(*, county: Place | None) -> list[DepartmentRank]:
    """Departments by how many distinct coordinating and taken-back latest-version items name them.

    Ties share a rank (1, 2, 2, 4). Links the importer could not resolve to a department are
    not counted: they name no department.
    """
    rows = (
        DutyDepartment.objects.filter(department__isnull=False, duty__kind__in=DEPARTMENT_KINDS,
                                      duty__duty_list__in=scope_latest_lists(county=county))
        .values("department_id", "department__name", "department__place__name")
        .annotate(**{kind: Count("duty", distinct=True, filter=Q(duty__kind=kind)) for kind in DEPARTMENT_KINDS})
        .order_by()
    )
    ranked = sorted(rows, key=lambda row: (-(row["coordinating"] + row["reclaimed"]), -row["coordinating"],
                                           row["department__place__name"], row["department__name"]))
    ranking: list[DepartmentRank] = []
    for position, row in enumerate(ranked, start=1):
        total = row["coordinating"] + row["reclaimed"]
        tied = ranking and ranking[-1].total == total
        ranking.append(DepartmentRank(
            rank=ranking[-1].rank if tied else position, department_id=row["department_id"],
            name=row["department__name"], county_name=row["department__place__name"],
            coordinating=row["coordinating"], reclaimed=row["reclaimed"]))
    return ranking


def statistics_summary(*, county: Place | None) -> Statistics:
    """The figures of one county's townships, or of every township when county is None."""
    townships = township_figures(county=county)
    return Statistics(county=county, townships=townships, parts=part_categories(townships=townships),
                      departments=department_ranking(county=county))
