"""Reads of the place pages: the place tree with counts, one township, townships by name."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from township.models import Duty, Place, Township
from township.selectors.common import latest_list_subquery


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


def township_lookup(*, name_or_id: str) -> QuerySet[Township]:
    """Townships matching a name (or an id given as digits)."""
    if name_or_id.isdigit():
        return Township.objects.filter(pk=int(name_or_id))
    return Township.objects.filter(name=name_or_id).select_related("county")

