"""Reads for the compare page and its export: what can be compared, and the chosen versions lined up."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from django.db.models import Count, Q

from township.matching.comparison import Cell, CategoryRows, PartComparison, Row, compare_parts
from township.matching.groups import Item
from township.models import Duty, DutyList, Place, Township
from township.selectors.common import latest_list_subquery, township_order
from township.selectors.places import township_list


def compare_choices(*, county: Place | None = None, township_ids: Sequence[int] = (),
                    list_ids: Sequence[int] = ()) -> tuple[list[Township], list[DutyList]]:
    """What the compare form offers: the county's townships with a list and those already ticked,
    and every version of those of them, or of a ticked version's township, that have several.

    Bounded by one county and the boxes ticked, never by the country. Two queries; none when
    nothing is chosen.
    """
    if county is None and not township_ids and not list_ids:
        return [], []
    offered = Q(pk__in=township_ids)
    if county is not None:
        offered |= Q(county=county)
    townships = list(township_list().filter(offered, latest_list_id__isnull=False))
    owners = Q(pk__in=[township.pk for township in townships]) | Q(
        pk__in=DutyList.objects.filter(pk__in=list_ids).values("township"))
    several = Township.objects.filter(owners).annotate(versions=Count("lists")).filter(versions__gt=1)
    versions = (
        DutyList.objects.filter(township__in=several)
        .select_related("township__county")
        .order_by(*township_order("township__"), "-published")
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


def column_labels(lists: list[DutyList]) -> list[str]:
    """A short name per compared version: county and township, with the month for a township's versions.

    Two unnamed townships of different counties share a name ("某乡（清单未载明乡名）"), so the
    county is always said; the month only tells apart versions of one township.
    """
    versions = Counter(duty_list.township_id for duty_list in lists)
    labels = []
    for duty_list in lists:
        label = f"{duty_list.township.county.name}{duty_list.township.name}"
        labels.append(f"{label}（{duty_list.published:%Y年%-m月}）" if versions[duty_list.township_id] > 1 else label)
    return labels


@dataclass
class ComparedPart:
    """One part of the comparison, with the compared lists' short names for its table cells."""

    part: PartComparison
    labels: list[str]

    @property
    def unique(self) -> list[tuple[str, list[Item]]]:
        """(list's short name, its items no other compared list has) for each list."""
        return list(zip(self.labels, self.part.unique_by_column))

    @property
    def count_rows(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """Items per category as table rows: (category, [(list's short name, items)])."""
        return [(count.name, list(zip(self.labels, count.counts))) for count in self.part.counts]

    @property
    def category_rows(self) -> list[tuple[CategoryRows, list[tuple[Row, list[tuple[str, Cell | None]]]]]]:
        """Each category with its rows, each cell beside its list's short name (a phone shows it)."""
        return [(category, [(row, list(zip(self.labels, row.cells))) for row in category.rows])
                for category in self.part.categories]

    @property
    def totals(self) -> list[int]:
        """Each list's items in this part."""
        return [sum(column) for column in zip(*(count.counts for count in self.part.counts))] or [0] * len(self.labels)


@dataclass(frozen=True)
class ComparedList:
    """One column of the comparison: a version, its short name, and (part label, items) per part."""

    duty_list: DutyList
    label: str
    totals: tuple[tuple[str, int], ...]


@dataclass
class Comparison:
    """The versions compared (the columns, in order), their short names and each part lined up."""

    lists: list[DutyList]
    labels: list[str]
    parts: list[ComparedPart]

    @property
    def columns(self) -> list[ComparedList]:
        """Each compared version with its short name and its items per part, for the summary table."""
        return [
            ComparedList(duty_list, label,
                         tuple((compared.part.label, compared.totals[index]) for compared in self.parts))
            for index, (duty_list, label) in enumerate(zip(self.lists, self.labels))
        ]


def compare_result(*, township_ids: list[int], list_ids: list[int]) -> Comparison:
    """The chosen versions lined up part by part, item by item; the page and the export show this."""
    lists = compare_lists(township_ids=township_ids, list_ids=list_ids)
    labels = column_labels(lists)
    parts = compare_parts(items=compare_items(lists=lists), parts=list(Duty.Kind.choices), columns=len(lists))
    return Comparison(lists, labels, [ComparedPart(part, labels) for part in parts])
