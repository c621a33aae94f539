"""The catalogue of equivalent items across townships, rebuilt from every latest list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

from django.db import transaction

from township import selectors
from township.matching.clusters import cluster_items
from township.models import CatalogueEntry, CatalogueLink

CATALOGUE_BATCH = 2000


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
