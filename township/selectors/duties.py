"""Reads of an item's page: the item with its departments, steps and methods, and its neighbours."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch

from importers.vocabulary import STOP_REMARK
from township.models import Department, Duty, DutyDepartment, ReclaimedMethod, ResponsibilityBlock, Step
from township.selectors.common import latest_list_subquery
from township.selectors.review import open_review_flags

# How lists say a taken-back item is simply dropped; the page states it once, plainly.
STOPPED_WORK = STOP_REMARK


def duty_detail(*, duty_id: int) -> Duty:
    """One item with everything its page shows.

    Adds `latest_list_id` (its township's newest version) and `open_flags` (flags nobody
    has cleared yet).
    """
    steps = Step.objects.order_by("position")
    blocks = (
        ResponsibilityBlock.objects.select_related("department")
        .prefetch_related(Prefetch("steps", queryset=steps))
        .order_by("side", "position")
    )
    return (
        Duty.objects.select_related("category", "duty_list__township__county__parent__parent")
        .annotate(latest_list_id=latest_list_subquery("duty_list__township"))
        .defer("search_document", "name_document")
        .prefetch_related(
            Prefetch("duty_departments", queryset=DutyDepartment.objects.select_related("department")),
            Prefetch("blocks", queryset=blocks),
            Prefetch("methods", queryset=ReclaimedMethod.objects.select_related("department")),
            Prefetch("flags", queryset=open_review_flags(),
                     to_attr="open_flags"),
        )
        .get(pk=duty_id)
    )


@dataclass
class DepartmentColumn:
    """The department side's blocks that follow one department name, as the list wrote it."""

    department_name: str
    department: Department | None
    blocks: list[ResponsibilityBlock]


def department_columns(*, duty: Duty) -> list[DepartmentColumn]:
    """The department side of a coordinating item, consecutive blocks of one department merged.

    A list names the department inside the column only when several share an item; when the
    item names a single department, unnamed blocks are that department's.
    """
    links = list(duty.duty_departments.all())
    only = links[0] if len(links) == 1 else None
    columns: list[DepartmentColumn] = []
    for block in duty.blocks.all():
        if block.side != ResponsibilityBlock.Side.DEPARTMENT:
            continue
        name, department = block.department_name, block.department
        if not name and only is not None:
            name, department = only.name_as_published, only.department
        if columns and columns[-1].department_name == name:
            columns[-1].blocks.append(block)
        else:
            columns.append(DepartmentColumn(name, department, [block]))
    return columns


def township_blocks(*, duty: Duty) -> list[ResponsibilityBlock]:
    """The township side of a coordinating item, in published order."""
    return [block for block in duty.blocks.all() if block.side == ResponsibilityBlock.Side.TOWNSHIP]


def reclaimed_methods(*, duty: Duty) -> list[ReclaimedMethod]:
    """How a taken-back item is handled now, without the bare 'no longer done' remark."""
    return [method for method in duty.methods.all() if not STOPPED_WORK.match(method.text.strip())]


def reclaimed_work_stopped(*, duty: Duty) -> bool:
    """Whether the list says a taken-back item is simply no longer done."""
    return any(STOPPED_WORK.match(method.text.strip()) for method in duty.methods.all())


def duty_neighbours(*, duty: Duty) -> tuple[Duty | None, Duty | None]:
    """The items just before and after this one in its part, in one query."""
    part = Duty.objects.filter(duty_list_id=duty.duty_list_id, kind=duty.kind).only("pk", "seq", "name")
    before = part.filter(seq__lt=duty.seq).order_by("-seq")[:1]
    after = part.filter(seq__gt=duty.seq).order_by("seq")[:1]
    rows = list(before.union(after))
    previous = next((row for row in rows if row.seq < duty.seq), None)
    following = next((row for row in rows if row.seq > duty.seq), None)
    return previous, following

