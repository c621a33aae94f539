"""Reads of the place pages: each level's children with counts, one township, townships by name."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Case, Count, F, Q, QuerySet, When

from township.models import Duty, Place, Township
from township.selectors.common import by_pinyin, latest_list_subquery, township_order


def township_list(*, county: Place | None = None) -> QuerySet[Township]:
    """Townships with their county and the id of their latest list version (`latest_list_id`)."""
    townships = Township.objects.select_related("county").annotate(latest_list_id=latest_list_subquery())
    if county is not None:
        townships = townships.filter(county=county)
    return townships.order_by(*township_order())


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


@dataclass(frozen=True)
class PlaceCounts:
    """A place on a place page with how many counties and townships it holds."""

    place: Place
    counties: int
    townships: int


def _below(place: Place | None, county: str = "") -> Q:
    """Counties at or below `place` (every county for None); `county` prefixes the county's path."""
    if place is None:
        return Q()
    return (Q(**{f"{county}pk": place.pk}) | Q(**{f"{county}parent": place})
            | Q(**{f"{county}parent__parent": place}))


def _child_key(place: Place | None, county: str = "") -> Case:
    """Which child of `place` a county belongs to: itself, its parent or its grandparent.

    The tree is at most three levels deep (region → prefecture → county), so three cases do.
    """
    own, parent, grandparent = f"{county}pk", f"{county}parent", f"{county}parent__parent"
    if place is None:  # children of the root are the top-level places
        return Case(When(**{f"{parent}__isnull": True}, then=F(own)),
                    When(**{f"{grandparent}__isnull": True}, then=F(f"{parent}_id")),
                    default=F(f"{grandparent}_id"))
    return Case(When(**{parent: place}, then=F(own)),
                When(**{grandparent: place}, then=F(f"{parent}_id")),
                default=F(f"{grandparent}_id"))


def place_children(*, place: Place | None = None) -> QuerySet[Place]:
    """The places directly below a place (the top-level ones for None), by the pinyin of their names."""
    return Place.objects.filter(parent=place).order_by(*by_pinyin())


def place_counts(*, place: Place | None, children: list[Place]) -> list[PlaceCounts]:
    """Each child with its counties and townships, from two grouped queries on Place and Township.

    Only the subtree below `place` is read, never an item: these counts stay cheap at any size.
    """
    ids = [child.pk for child in children]
    counties = (Place.objects.filter(_below(place), level=Place.Level.COUNTY)
                .annotate(child=_child_key(place)).filter(child__in=ids)
                .values("child").annotate(total=Count("pk")).order_by())
    townships = (Township.objects.filter(_below(place, "county__"))
                 .annotate(child=_child_key(place, "county__")).filter(child__in=ids)
                 .values("child").annotate(total=Count("pk")).order_by())
    county_totals = {row["child"]: row["total"] for row in counties}
    township_totals = {row["child"]: row["total"] for row in townships}
    return [PlaceCounts(child, county_totals.get(child.pk, 0), township_totals.get(child.pk, 0))
            for child in children]


def county_townships(*, county: Place) -> list[Township]:
    """A county's townships, each with its latest version's month and items per part.

    Each township carries `latest_counts` ({kind: items}), `latest_total` and
    `latest_published` (None before any import): one query for the townships, one for the counts.
    """
    townships = list(township_list(county=county).annotate(
        latest_published=latest_list_subquery(field="published")))
    counts = duty_counts_by_list(list_ids=[t.latest_list_id for t in townships if t.latest_list_id])
    for township in townships:
        township.latest_counts = counts.get(township.latest_list_id, {})
        township.latest_total = sum(township.latest_counts.values())
    return townships


def place_detail(*, place_id: int) -> Place:
    """One place with its ancestors (for breadcrumbs)."""
    return Place.objects.select_related("parent__parent").get(pk=place_id)


def township_detail(*, township_id: int) -> Township:
    """One township with its county and the county's ancestors (for breadcrumbs)."""
    return Township.objects.select_related("county__parent__parent").get(pk=township_id)


def township_lookup(*, name_or_id: str) -> QuerySet[Township]:
    """Townships matching a name (or an id given as digits)."""
    if name_or_id.isdigit():
        return Township.objects.filter(pk=int(name_or_id))
    return Township.objects.filter(name=name_or_id).select_related("county")

