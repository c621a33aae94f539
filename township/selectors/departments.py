"""Reads of the department pages: the index by place and county, one department and its latest items."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet, Sum

from township.models import (
    CountyDepartmentSummary, Department, DepartmentSummary, Duty, DutyDepartment, DutyList, Place,
    ReclaimedMethod, ResponsibilityBlock, Step, Township,
)
from township.selectors.common import by_pinyin, latest_lists, open_flag_exists, township_order
from township.selectors.duties import department_columns, reclaimed_methods, reclaimed_work_stopped


@dataclass(frozen=True)
class DepartmentCounts:
    """A department on the index with the townships and latest items (per part) that name it."""

    department: Department
    townships: int
    coordinating: int
    reclaimed: int

    @property
    def items(self) -> int:
        return self.coordinating + self.reclaimed


def county_departments(*, county: Place) -> QuerySet[Department]:
    """A county's departments, by the pinyin of their names."""
    return Department.objects.filter(place=county).order_by(*by_pinyin())


def department_counts(*, departments: list[Department]) -> list[DepartmentCounts]:
    """Each department with its townships and items, from the summary tables in two grouped queries.

    The summaries are kept current by every import and edit, so no item is counted here.
    """
    ids = [department.pk for department in departments]
    townships = dict(DepartmentSummary.objects.filter(department_id__in=ids, items__gt=0)
                     .values("department_id").annotate(total=Count("township_id", distinct=True))
                     .order_by().values_list("department_id", "total"))
    items: dict[int, dict[str, int]] = {}
    rows = (CountyDepartmentSummary.objects.filter(department_id__in=ids)
            .values("department_id", "kind").annotate(total=Sum("items")).order_by())
    for row in rows:
        items.setdefault(row["department_id"], {})[row["kind"]] = row["total"]
    return [DepartmentCounts(department, townships.get(department.pk, 0),
                             items.get(department.pk, {}).get(Duty.Kind.COORDINATING, 0),
                             items.get(department.pk, {}).get(Duty.Kind.RECLAIMED, 0))
            for department in departments]


def department_detail(*, department_id: int) -> Department:
    """One department with its county's ancestors and its other spellings."""
    return (
        Department.objects.select_related("place__parent__parent")
        .prefetch_related("aliases")
        .get(pk=department_id)
    )


@dataclass
class TownshipDuties:
    """The items of one township's latest list that name a department, by kind."""

    township: Township
    duty_list: DutyList
    coordinating: list[DutyDepartment] = field(default_factory=list)
    reclaimed: list[DutyDepartment] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.coordinating) + len(self.reclaimed)


def _duty_structure() -> tuple[Prefetch, ...]:
    """What a department's page shows of each item: its departments, blocks with steps, methods."""
    blocks = (ResponsibilityBlock.objects.select_related("department")
              .prefetch_related(Prefetch("steps", queryset=Step.objects.order_by("position")))
              .order_by("side", "position"))
    return (
        Prefetch("duty__duty_departments", queryset=DutyDepartment.objects.select_related("department")),
        Prefetch("duty__blocks", queryset=blocks),
        Prefetch("duty__methods", queryset=ReclaimedMethod.objects.select_related("department")),
    )


def department_townships(*, department: Department) -> QuerySet[Township]:
    """The townships whose latest list names the department, by county and name, from the summaries."""
    named = DepartmentSummary.objects.filter(department=department, items__gt=0).values("township_id")
    return Township.objects.filter(pk__in=named).select_related("county").order_by(*township_order())


def department_totals(*, department: Department) -> dict[str, int]:
    """{kind: latest items naming the department} over its county, from the summaries."""
    rows = CountyDepartmentSummary.objects.filter(department=department).values_list("kind", "items")
    return {kind: sum(items for row_kind, items in rows if row_kind == kind) for kind in Duty.Kind.values}


def department_duties(*, department: Department,
                      townships: Sequence[Township] | None = None) -> list[TownshipDuties]:
    """Every latest-version item naming the department (in `townships` only, if given), by township, once per item.

    Each link carries `awaiting_review`, and what its page shows of the item (see `_describe`);
    its duty, category and township come with it.
    """
    links = DutyDepartment.objects.filter(department=department, duty__duty_list__in=latest_lists())
    if townships is not None:
        links = links.filter(duty__duty_list__township__in=[township.pk for township in townships])
    links = (
        links
        .select_related("duty__category", "duty__duty_list__township__county")
        .prefetch_related(*_duty_structure())
        .annotate(awaiting_review=open_flag_exists("duty"))
        .order_by(*township_order("duty__duty_list__township__"), "duty__kind", "duty__seq", "position")
    )
    townships: dict[int, TownshipDuties] = {}
    seen: set[int] = set()
    for link in links:
        if link.duty_id in seen:
            continue
        seen.add(link.duty_id)
        _describe(link, department=department)
        duty_list = link.duty.duty_list
        group = townships.setdefault(duty_list.township_id, TownshipDuties(duty_list.township, duty_list))
        getattr(group, link.duty.kind).append(link)
    return list(townships.values())


def _describe(link: DutyDepartment, *, department: Department) -> None:
    """Set on a link what this department does, what the township does, and how taken-back work goes on.

    `department_blocks`: the department side's blocks of THIS department (all of them when the
    item names one department only, since lists then leave the blocks unnamed);
    `township_blocks`: the township side; `methods`: this department's ways of handling a
    taken-back item (all of them when none names a department); `work_stopped`.
    """
    duty = link.duty
    only_one = len(duty.duty_departments.all()) == 1
    columns = department_columns(duty=duty)
    link.department_blocks = [block for column in columns
                              if only_one or (column.department and column.department.pk == department.pk)
                              for block in column.blocks]
    link.township_blocks = [block for block in duty.blocks.all() if block.side == ResponsibilityBlock.Side.TOWNSHIP]
    methods = reclaimed_methods(duty=duty)
    own = [method for method in methods if method.department_id == department.pk]
    link.methods = own or [method for method in methods if method.department_id is None or only_one]
    link.work_stopped = reclaimed_work_stopped(duty=duty)
