"""Department upkeep: merging two spellings of one department into one."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from township.models import Department, DepartmentAlias, Duty, DutyDepartment, ReclaimedMethod, ResponsibilityBlock
from township.services.adjustments import adjustments_department_merge
from township.services.changes import lists_changed
from township.services.search_documents import duty_search_document_refresh

OTHER_COUNTY = "只能合并同一县（市、区）的部门：{names} 不属于{county}。"
NOTHING_TO_MERGE = "请至少选择一个要并入“{target}”的其他部门。"


class DepartmentMergeRefused(Exception):
    """The merge would mix counties or has nothing to do."""


@dataclass(frozen=True)
class MergeResult:
    """What a merge moved."""

    merged: list[str]
    items: int
    aliases: int


def _check(sources: list[Department], target: Department) -> None:
    if not sources:
        raise DepartmentMergeRefused(NOTHING_TO_MERGE.format(target=target.name))
    foreign = [source.name for source in sources if source.place_id != target.place_id]
    if foreign:
        raise DepartmentMergeRefused(OTHER_COUNTY.format(names="、".join(foreign), county=target.place))


@transaction.atomic
def department_merge(*, sources: list[Department], target: Department) -> MergeResult:
    """Point every reference of `sources` at `target`, keep their names as aliases, delete them.

    The published text of each item is untouched; only which department it resolves to changes.
    """
    sources = [source for source in sources if source.pk != target.pk]
    _check(sources, target)
    duty_ids: set[int] = set()
    for model in (DutyDepartment, ResponsibilityBlock, ReclaimedMethod):
        rows = model.objects.filter(department__in=sources)
        duty_ids.update(rows.values_list("duty_id", flat=True))
        rows.update(department=target)
    DepartmentAlias.objects.filter(department__in=sources).update(department=target)
    adjustments_department_merge(sources=sources, target=target)
    known = set(DepartmentAlias.objects.filter(place_id=target.place_id).values_list("name", flat=True))
    new_aliases = [DepartmentAlias(department=target, place_id=target.place_id, name=source.name)
                   for source in sources if source.name not in known and source.name != target.name]
    DepartmentAlias.objects.bulk_create(new_aliases)
    names = [source.name for source in sources]
    Department.objects.filter(pk__in=[source.pk for source in sources]).delete()
    duty_search_document_refresh(duty_ids=duty_ids)  # canonical names are part of the document
    lists_changed(township_ids=Duty.objects.filter(pk__in=duty_ids).values_list("duty_list__township_id", flat=True))
    return MergeResult(merged=names, items=len(duty_ids), aliases=len(new_aliases))
