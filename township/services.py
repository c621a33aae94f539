"""Writes: changes to stored township data that the importer and the editors share."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from django.contrib.postgres.search import SearchVectorField
from django.db import transaction
from django.db.models import QuerySet, Value
from django.db.models.functions import Cast

from township import selectors
from township.matching.clusters import cluster_items
from township.models import CatalogueEntry, CatalogueLink, Duty, DutyDepartment, ReclaimedMethod, Step
from township.search import WEIGHT_LABELS, WEIGHT_NAME, WEIGHT_TEXTS, document_literal

SEARCH_DOCUMENT_BATCH = 1000
CATALOGUE_BATCH = 2000


def _search_segments(duty_ids: Iterable[int] | QuerySet) -> dict[int, list[tuple[str, str]]]:
    """{item id: [(text, weight), …]} read in four queries: names, departments, steps, methods."""
    segments: dict[int, list[tuple[str, str]]] = {}
    for duty_id, name, category in Duty.objects.filter(pk__in=duty_ids).values_list(
        "pk", "name", "category__name"
    ):
        segments[duty_id] = [(name, WEIGHT_NAME), (category, WEIGHT_LABELS)]
    ids = list(segments)
    links = DutyDepartment.objects.filter(duty_id__in=ids).order_by("duty_id", "position")
    for duty_id, published, canonical in links.values_list(
        "duty_id", "name_as_published", "department__name"
    ):
        # The canonical name too, so that "县人力资源和社会保障局" finds an item published as "县人社局".
        names = [published] if canonical in (None, published) else [published, canonical]
        segments[duty_id] += [(name, WEIGHT_LABELS) for name in names]
    steps = Step.objects.filter(block__duty_id__in=ids).order_by(
        "block__duty_id", "block__side", "block__position", "position"
    )
    for duty_id, text in steps.values_list("block__duty_id", "text"):
        segments[duty_id].append((text, WEIGHT_TEXTS))
    methods = ReclaimedMethod.objects.filter(duty_id__in=ids).order_by("duty_id", "position")
    for duty_id, text in methods.values_list("duty_id", "text"):
        segments[duty_id].append((text, WEIGHT_TEXTS))
    return segments


def duty_search_document_refresh(*, duty_ids: Iterable[int] | QuerySet) -> int:
    """Recompute the search document of the given items (ids or an id queryset); return how many.

    Five queries for up to SEARCH_DOCUMENT_BATCH items: four reads and one bulk UPDATE.
    """
    documents = [
        Duty(pk=duty_id, search_document=Cast(Value(document_literal(parts)), SearchVectorField()))
        for duty_id, parts in _search_segments(duty_ids).items()
    ]
    Duty.objects.bulk_update(documents, ["search_document"], batch_size=SEARCH_DOCUMENT_BATCH)
    return len(documents)


@dataclass(frozen=True)
class CatalogueSummary:
    """What a rebuild of the catalogue produced."""

    townships: int
    items: int
    linked: int  # items without a name join no entry
    entries_per_kind: dict[str, int]

    @property
    def entries(self) -> int:
        return sum(self.entries_per_kind.values())


def catalogue_rebuild(*, progress: Callable[[str], None] | None = None) -> CatalogueSummary:
    """Replace the catalogue with one grouped afresh from every township's latest list.

    Matching runs in memory (township.matching.clusters); the old catalogue is then deleted
    and the new one bulk-inserted in one transaction, so readers see the old or the new one,
    never half of each. `progress(label)` is called after each part and after the writes.
    """
    items = selectors.catalogue_items()
    clusters = cluster_items(items, progress=progress)
    with transaction.atomic():
        CatalogueLink.objects.all().delete()
        CatalogueEntry.objects.all().delete()
        entries = CatalogueEntry.objects.bulk_create(
            [CatalogueEntry(kind=cluster.kind, name=cluster.name, category_id=cluster.category_id,
                            township_count=len(cluster.township_ids)) for cluster in clusters],
            batch_size=CATALOGUE_BATCH,
        )
        CatalogueLink.objects.bulk_create(
            [CatalogueLink(duty_id=item.duty_id, entry=entry, township_id=item.township_id)
             for cluster, entry in zip(clusters, entries) for item in cluster.items],
            batch_size=CATALOGUE_BATCH,
        )
    if progress is not None:
        progress("写入数据库")
    return CatalogueSummary(
        townships=len({item.township_id for item in items}),
        items=len(items),
        linked=sum(len(cluster.items) for cluster in clusters),
        entries_per_kind=dict(Counter(cluster.kind for cluster in clusters)),
    )
