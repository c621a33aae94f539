"""Reads: every query the portal's pages, exports and API run lives here."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Mapping

from django.db.models import Count, Prefetch, QuerySet

from importers.vocabulary import STOP_REMARK
from township.models import (
    Category,
    Department,
    DepartmentAlias,
    Duty,
    DutyDepartment,
    DutyList,
    Place,
    ReclaimedMethod,
    ResponsibilityBlock,
    ReviewFlag,
    Step,
    Township,
)
# Re-exported: callers import these from township.selectors.
from township.selectors.common import SEARCH_ORDER, latest_list_subquery, latest_lists, open_flag_exists

if TYPE_CHECKING:
    from township.filters import DutySearchFilter

# How lists say a taken-back item is simply dropped; the page states it once, plainly.
STOPPED_WORK = STOP_REMARK


def township_list(*, county: Place | None = None) -> QuerySet[Township]:
    """Townships with their county and the id of their latest list version (`latest_list_id`)."""
    townships = Township.objects.select_related("county").annotate(latest_list_id=latest_list_subquery())
    if county is not None:
        townships = townships.filter(county=county)
    return townships.order_by("county__name", "name")


def duty_counts_by_list(*, list_ids: list[int]) -> dict[int, dict[str, int]]:
    """{list id: {kind: items}} for the given list versions, in one query."""
    counts: dict[int, dict[str, int]] = {}
    rows = (
        Duty.objects.filter(duty_list_id__in=list_ids)
        .values("duty_list_id", "kind")
        .annotate(items=Count("pk"))
        .order_by()
    )
    for row in rows:
        counts.setdefault(row["duty_list_id"], {})[row["kind"]] = row["items"]
    return counts


def place_tree() -> list[dict]:
    """Regions → prefectures → counties → townships with counts, built from three queries.

    Each township carries `latest_counts` ({kind: items}), `latest_total` and
    `latest_published` (the month of its latest version, None before any import).
    """
    places = list(Place.objects.order_by("name"))
    townships = list(township_list().annotate(latest_published=latest_list_subquery(field="published")))
    counts = duty_counts_by_list(list_ids=[t.latest_list_id for t in townships if t.latest_list_id])
    children: dict[int | None, list[dict]] = {}
    nodes = {place.pk: {"place": place, "children": [], "townships": []} for place in places}
    for place in places:
        children.setdefault(place.parent_id, []).append(nodes[place.pk])
    for node in nodes.values():
        node["children"] = children.get(node["place"].pk, [])
    for township in townships:
        township.latest_counts = counts.get(township.latest_list_id, {})
        township.latest_total = sum(township.latest_counts.values())
        nodes[township.county_id]["townships"].append(township)
    return children.get(None, [])


def township_detail(*, township_id: int) -> Township:
    """One township with its county and the county's ancestors (for breadcrumbs)."""
    return Township.objects.select_related("county__parent__parent").get(pk=township_id)


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
        .prefetch_related(
            Prefetch("duty_departments", queryset=DutyDepartment.objects.select_related("department")),
            Prefetch("blocks", queryset=blocks),
            Prefetch("methods", queryset=ReclaimedMethod.objects.select_related("department")),
            Prefetch("flags", queryset=ReviewFlag.objects.filter(reviewed_at__isnull=True),
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


def duty_list_export_duties(*, duty_list: DutyList) -> QuerySet[Duty]:
    """A version's items with everything an export writes, in a fixed number of queries."""
    return (
        Duty.objects.filter(duty_list=duty_list)
        .select_related("category")
        .prefetch_related("duty_departments", "blocks__steps", "methods", "flags")
        .order_by("kind", "seq")
    )


def township_lookup(*, name_or_id: str) -> QuerySet[Township]:
    """Townships matching a name (or an id given as digits)."""
    if name_or_id.isdigit():
        return Township.objects.filter(pk=int(name_or_id))
    return Township.objects.filter(name=name_or_id).select_related("county")


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


def duty_search(*, params: Mapping[str, str]) -> DutySearchFilter:
    """The search page's filters bound to a query string; `.qs` is the matching items, best first.

    The items come with what a result row shows (township, category) joined, and with their
    steps and methods prefetched for excerpts: a page costs the same queries however many match.
    """
    from township.filters import DutySearchFilter  # here: filters.py imports latest_lists() from us

    duties = (
        Duty.objects.select_related("category", "duty_list__township__county")
        .prefetch_related("blocks__steps", "methods")
        .defer("search_document")  # kilobytes per item that only the database needs
        .order_by(*SEARCH_ORDER)
    )
    return DutySearchFilter(params, queryset=duties)


def duty_search_export(*, duty_search: DutySearchFilter) -> QuerySet[Duty]:
    """The search page's very query (same filters, same order) plus the links an export writes."""
    return duty_search.qs.prefetch_related("duty_departments")


# Reads of the JSON API, the compare page and the catalogue live in their own modules; the names are
# re-exported here so that every caller keeps importing from township.selectors.
from township.selectors.catalogue import (  # noqa: E402
    catalogue_entry, catalogue_entry_links, catalogue_items, catalogue_status, township_catalogue,
)
from township.selectors.compare import compare_choices, compare_items, compare_lists, compare_result  # noqa: E402
from township.selectors.api import (  # noqa: E402
    category_records, department_duty_records, department_records, duty_records, township_records,
)
