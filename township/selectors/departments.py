"""Reads of a department's page: the department and the latest items naming it, by township."""

from __future__ import annotations

from dataclasses import dataclass, field

from township.models import Department, DutyDepartment, DutyList, Township
from township.selectors.common import latest_lists, open_flag_exists


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


def department_duties(*, department: Department) -> list[TownshipDuties]:
    """Every latest-version item naming the department, grouped by township, once per item.

    Each link carries `awaiting_review`; its duty, category and township come with it.
    """
    links = (
        DutyDepartment.objects.filter(department=department, duty__duty_list__in=latest_lists())
        .select_related("duty__category", "duty__duty_list__township__county")
        .annotate(awaiting_review=open_flag_exists("duty"))
        .order_by("duty__duty_list__township__county__name", "duty__duty_list__township__name",
                  "duty__kind", "duty__seq", "position")
    )
    townships: dict[int, TownshipDuties] = {}
    seen: set[int] = set()
    for link in links:
        if link.duty_id in seen:
            continue
        seen.add(link.duty_id)
        duty_list = link.duty.duty_list
        group = townships.setdefault(duty_list.township_id, TownshipDuties(duty_list.township, duty_list))
        getattr(group, link.duty.kind).append(link)
    return list(townships.values())

