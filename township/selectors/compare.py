"""Reads for the compare page: what can be compared, the versions chosen and their items."""

from __future__ import annotations

from django.db.models import Count, Q

from township.matching.groups import Item
from township.models import Duty, DutyList, Township
from township.selectors import latest_list_subquery, township_list


def compare_choices() -> tuple[list[Township], list[DutyList]]:
    """What the compare form offers: townships with a list, and every version of those with several.

    Two queries.
    """
    townships = [township for township in township_list() if township.latest_list_id is not None]
    several = Township.objects.annotate(versions=Count("lists")).filter(versions__gt=1)
    versions = (
        DutyList.objects.filter(township__in=several)
        .select_related("township__county")
        .order_by("township__county__name", "township__name", "-published")
    )
    return townships, list(versions)


def compare_lists(*, township_ids: list[int], list_ids: list[int]) -> list[DutyList]:
    """The versions to compare: each township's latest, then each version asked for, in one query.

    They come in the order asked, each once, with township and county joined.
    """
    latest = Township.objects.filter(pk__in=township_ids).annotate(latest=latest_list_subquery())
    found = list(
        DutyList.objects.filter(Q(pk__in=list_ids) | Q(pk__in=latest.values("latest")))
        .select_related("township__county")
    )
    by_township: dict[int, DutyList] = {}
    for duty_list in sorted(found, key=lambda duty_list: duty_list.published):
        by_township[duty_list.township_id] = duty_list  # the latest found is the township's latest
    by_id = {duty_list.pk: duty_list for duty_list in found}
    ordered = [by_township[pk] for pk in township_ids if pk in by_township]
    ordered += [by_id[pk] for pk in list_ids if pk in by_id]
    return list({duty_list.pk: duty_list for duty_list in ordered}.values())


def compare_items(*, lists: list[DutyList]) -> list[Item]:
    """Every item of the compared versions as plain values, `column` its version's place; one query."""
    column = {duty_list.pk: index for index, duty_list in enumerate(lists)}
    rows = (
        Duty.objects.filter(duty_list__in=list(column))
        .order_by("duty_list_id", "kind", "seq")
        .values_list("pk", "duty_list_id", "kind", "seq", "category__name", "category__order", "name")
    )
    return [Item(pk, column[list_id], kind, seq, category, order, name)
            for pk, list_id, kind, seq, category, order, name in rows]
