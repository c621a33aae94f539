"""Reads of a township's list versions: the versions, their parts grouped by category, exports."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from township.models import Category, Duty, DutyDepartment, DutyList, Township
from township.selectors.common import open_flag_exists


def duty_list_versions(*, township: Township) -> QuerySet[DutyList]:
    """Every published version of a township's list, newest first."""
    return DutyList.objects.filter(township=township).order_by("-published")


def township_versions(*, township: Township) -> list[DutyList]:
    """Every version of a township's list, newest first, each with its profile when stated."""
    return list(duty_list_versions(township=township).select_related("profile"))


def duty_list_duties(*, duty_list: DutyList) -> QuerySet[Duty]:
    """A version's items with category, departments and `awaiting_review`, in published order."""
    links = DutyDepartment.objects.select_related("department").order_by("position")
    return (
        Duty.objects.filter(duty_list=duty_list)
        .select_related("category")
        # Only what a list page shows: a version can hold hundreds of items.
        .only("duty_list", "kind", "seq", "category", "name", "note", "category__name")
        .prefetch_related(Prefetch("duty_departments", queryset=links))
        .annotate(awaiting_review=open_flag_exists())
        .order_by("kind", "seq")
    )


@dataclass
class CategoryGroup:
    """The items of one category within one part, in published order."""

    category: Category
    anchor: str
    duties: list[Duty] = field(default_factory=list)


@dataclass
class DutyPart:
    """One part of a list version (基本, 配合 or 收回) with its items grouped by category."""

    kind: str
    label: str
    stated: int | None
    duties: list[Duty]
    groups: list[CategoryGroup]

    @property
    def count(self) -> int:
        return len(self.duties)

    @property
    def differs_from_stated(self) -> bool:
        return self.stated is not None and self.stated != self.count

    @property
    def awaiting_review(self) -> int:
        return sum(1 for duty in self.duties if duty.awaiting_review)


def category_groups(*, kind: str, duties: list[Duty]) -> list[CategoryGroup]:
    """Group one part's items by category, categories in order of first appearance."""
    groups: dict[int, CategoryGroup] = {}
    for duty in sorted(duties, key=lambda duty: duty.seq):
        if duty.category_id not in groups:
            anchor = f"{kind}-category-{duty.category_id}"
            groups[duty.category_id] = CategoryGroup(category=duty.category, anchor=anchor)
        groups[duty.category_id].duties.append(duty)
    return list(groups.values())


def duty_list_parts(*, duty_list: DutyList) -> list[DutyPart]:
    """The three parts of a version, each with its items grouped by category, in two queries."""
    duties = list(duty_list_duties(duty_list=duty_list))
    parts = []
    for kind, label in Duty.Kind.choices:
        of_kind = [duty for duty in duties if duty.kind == kind]
        parts.append(DutyPart(
            kind=kind, label=label, stated=duty_list.stated_count(kind), duties=of_kind,
            groups=category_groups(kind=kind, duties=of_kind),
        ))
    return parts


def duty_list_export_duties(*, duty_list: DutyList) -> QuerySet[Duty]:
    """A version's items with everything an export writes, in a fixed number of queries."""
    return (
        Duty.objects.filter(duty_list=duty_list)
        .select_related("category")
        .prefetch_related("duty_departments", "blocks__steps", "methods", "flags")
        .defer("search_document", "name_document")  # kilobytes per item that only the database needs
        .order_by("kind", "seq")
    )


def duty_list_for_export(*, township: Township, published: str | None = None,
                         list_id: int | None = None) -> DutyList | None:
    """The version to export: the one (or the month) asked for, else the latest."""
    versions = duty_list_versions(township=township).select_related("township__county")
    if list_id is not None:
        versions = versions.filter(pk=list_id)
    if published:
        year, month = published.split("-")
        versions = versions.filter(published__year=int(year), published__month=int(month))
    return versions.first()

