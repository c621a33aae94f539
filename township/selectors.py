"""Reads: every query the portal's pages, exports and API run lives here."""

from __future__ import annotations

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from township.models import Duty, DutyList, Place, Township


def latest_list_subquery() -> Subquery:
    """The id of a township's most recently published list version."""
    latest = DutyList.objects.filter(township=OuterRef("pk")).order_by("-published")
    return Subquery(latest.values("pk")[:1])


def township_list(*, county: Place | None = None) -> QuerySet[Township]:
    """Townships with the item counts of their latest list, by kind."""
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
    )
    for row in rows:
        counts.setdefault(row["duty_list_id"], {})[row["kind"]] = row["items"]
    return counts


def place_tree() -> list[dict]:
    """Regions → prefectures → counties → townships with counts, built from three queries."""
    places = list(Place.objects.order_by("name"))
    townships = list(township_list())
    counts = duty_counts_by_list(list_ids=[t.latest_list_id for t in townships if t.latest_list_id])
    children: dict[int | None, list[dict]] = {}
    nodes = {place.pk: {"place": place, "children": [], "townships": []} for place in places}
    for place in places:
        children.setdefault(place.parent_id, []).append(nodes[place.pk])
    for node in nodes.values():
        node["children"] = children.get(node["place"].pk, [])
    for township in townships:
        township.latest_counts = counts.get(township.latest_list_id, {})
        nodes[township.county_id]["townships"].append(township)
    return children.get(None, [])


def duty_list_versions(*, township: Township) -> QuerySet[DutyList]:
    """Every published version of a township's list, newest first."""
    return DutyList.objects.filter(township=township).order_by("-published")


def duty_list_duties(*, duty_list: DutyList) -> QuerySet[Duty]:
    """A version's items with their category, departments and open flags, in published order."""
    return (
        Duty.objects.filter(duty_list=duty_list)
        .select_related("category")
        .prefetch_related("duty_departments")
        .annotate(open_flags=Count("flags", filter=Q(flags__reviewed_at__isnull=True)))
        .order_by("kind", "seq")
    )


def duty_detail(*, duty_id: int) -> Duty:
    """One item with everything its page shows."""
    return (
        Duty.objects.select_related("category", "duty_list__township__county")
        .prefetch_related(
            "duty_departments__department",
            Prefetch("blocks__steps"),
            "methods__department",
            "flags",
        )
        .get(pk=duty_id)
    )


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


def duty_list_for_export(*, township: Township, published: str | None = None) -> DutyList | None:
    """The version to export: the month asked for, else the latest."""
    versions = duty_list_versions(township=township).select_related("township__county")
    if published:
        year, month = published.split("-")
        versions = versions.filter(published__year=int(year), published__month=int(month))
    return versions.first()
