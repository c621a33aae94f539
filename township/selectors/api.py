"""Reads of the JSON API (township/api/): whole records, a fixed number of queries per page."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from township.filters import DutySearchFilter
from township.models import (
    Category, CountyDepartmentSummary, Department, DepartmentAlias, Duty, DutyDepartment, DutyList, ReclaimedMethod,
    PlaceCategorySummary, ResponsibilityBlock, Step, Township,
)
from township.selectors.common import SEARCH_ORDER, by_pinyin, township_order
from township.selectors.review import open_review_flags


def township_records() -> QuerySet[Township]:
    """Every township with its county's ancestors and its list versions, newest first (`versions`).

    Each version carries its profile and its items per kind (`basic_count`, `coordinating_count`,
    `reclaimed_count`).
    """
    counts = {f"{kind}_count": Count("duties", filter=Q(duties__kind=kind)) for kind in Duty.Kind.values}
    versions = (
        DutyList.objects.select_related("profile")
        .defer("report")  # the import report is for editors, and can be long
        .annotate(**counts)
        .order_by("-published")
    )
    return (
        Township.objects.select_related("county__parent__parent")
        .prefetch_related(Prefetch("lists", queryset=versions, to_attr="versions"))
        .order_by(*township_order())
    )


def duty_records() -> QuerySet[Duty]:
    """Every item as a whole record, in the search page's order; DutySearchFilter narrows it.

    Departments, responsibility blocks with their steps, methods and the review flags nobody
    cleared (`open_flags`) are prefetched: a page costs the same queries however long it is.
    """
    steps = Step.objects.order_by("position")
    blocks = (
        ResponsibilityBlock.objects.select_related("department")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("side", "position")
    )
    methods = ReclaimedMethod.objects.select_related("department").order_by("position")
    open_flags = open_review_flags().order_by("reason")
    return (
        Duty.objects.select_related("category", "duty_list__township__county")
        .defer("search_document", "name_document")
        .prefetch_related(
            Prefetch("duty_departments",
                     queryset=DutyDepartment.objects.select_related("department").order_by("position")),
            Prefetch("blocks", queryset=blocks),
            Prefetch("methods", queryset=methods),
            Prefetch("flags", queryset=open_flags, to_attr="open_flags"),
        )
        .order_by(*SEARCH_ORDER)
    )


def department_duty_records(*, department: Department) -> QuerySet[Duty]:
    """The items /api/duties/?department=ID lists: whole records of the latest versions naming it."""
    return DutySearchFilter({"department": str(department.pk)}, queryset=duty_records()).qs


def department_records() -> QuerySet[Department]:
    """Every department with its place, its other spellings and `duty_count`.

    `duty_count` is how many items of the latest list versions name it, as its page lists them,
    read from the summary its county keeps (township.services.summaries): no count over every
    item link per request. Only coordinating and taken-back items name departments.
    """
    named = (CountyDepartmentSummary.objects.filter(department=OuterRef("pk")).order_by()
             .values("department").annotate(items=Sum("items")).values("items"))
    return (
        Department.objects.select_related("place")
        .prefetch_related(Prefetch("aliases", queryset=DepartmentAlias.objects.order_by("name")))
        .annotate(duty_count=Coalesce(Subquery(named), 0))
        .order_by(*by_pinyin("place__"), *by_pinyin())
    )


def category_records() -> QuerySet[Category]:
    """Every category in display order, with `duty_count`: its items in the latest list versions.

    Added up from the top-level places' summaries (a few rows per category), not from the items.
    """
    top = (PlaceCategorySummary.objects.filter(category=OuterRef("pk"), place__parent__isnull=True).order_by()
           .values("category").annotate(items=Sum("items")).values("items"))
    return Category.objects.annotate(duty_count=Coalesce(Subquery(top), 0)).order_by("order", "name")
