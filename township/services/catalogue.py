"""The catalogue of equivalent items across townships, rebuilt from every latest list."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Callable

from django.db import connection, transaction
from django.utils import timezone

from township.selectors import catalogue as selectors_catalogue
from township.matching.clusters import Cluster, cluster_items
from township.models import CatalogueBuild, CatalogueEntry, CatalogueLink

CATALOGUE_BATCH = 2000
# The catalogue is rebuilt as a whole by its own command rather than on every import: regrouping
# every township's items would make each import as slow as the whole rebuild. Shown after an
# import (import_list, the admin's upload); township pages say when the catalogue is older.
CATALOGUE_HINT = "提示：事项目录（乡镇页面的“少见”标记与本县对照）不随导入更新，请运行 python manage.py build_catalogue。"


@dataclass(frozen=True)
class CatalogueSummary:
    """What a rebuild of the catalogue produced."""

    townships: int
    items: int
    linked: int  # items without a name join no entry
    entries_per_kind: dict[str, int]

    @property
    def entries(self) -> int:
        """How many entries the rebuild produced, every part together."""
        return sum(self.entries_per_kind.values())


def catalogue_rebuild(*, progress: Callable[[str], None] | None = None) -> CatalogueSummary:
    """Replace the catalogue with one grouped afresh from every township's latest list.

    Matching runs in memory (township.matching.clusters); the old catalogue is then deleted
    and the new one bulk-inserted in one transaction, so readers see the old or the new one,
    never half of each. `progress(label)` is called after each part and after the writes.
    """
    # Stamped before reading: a list imported while the matching runs is then later than the
    # build, and pages say the catalogue may be out of date.
    started = timezone.now()
    items = selectors_catalogue.catalogue_items()
    clusters = cluster_items(items, progress=progress)
    summary = CatalogueSummary(
        townships=len({item.township_id for item in items}),
        items=len(items),
        linked=sum(len(cluster.items) for cluster in clusters),
        entries_per_kind=dict(Counter(cluster.kind for cluster in clusters)),
    )
    with transaction.atomic():
        _catalogue_clear()
        _catalogue_write(clusters)
        CatalogueBuild.objects.create(built_at=started, townships=summary.townships, items=summary.items,
                                      linked=summary.linked, entries=summary.entries)
    if progress is not None:
        progress("写入数据库")
    return summary


def _catalogue_write(clusters: list[Cluster]) -> None:
    """Insert an entry per cluster and a link per item, in batches."""
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


def _catalogue_clear() -> None:
    """Delete every link and entry with one plain DELETE each; call it inside the rebuild's transaction.

    `QuerySet.delete()` would run Django's cascade collector, which loads every entry (millions
    of rows at national scale) to look for rows depending on it. Nothing does but the links,
    deleted first. DELETE rather than TRUNCATE: TRUNCATE takes an ACCESS EXCLUSIVE lock held
    until the rebuild commits, so every township page would wait for the whole bulk insert;
    after a DELETE, pages keep reading the old catalogue until the new one is committed.
    The setting spares the trigger that keeps entries' township counts (migration 0006) from
    counting every deleted link for entries deleted next; it is switched off again at once,
    since the rebuild may run inside a longer transaction (a test's), where links deleted
    later must be counted.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('dutylists.catalogue_rebuild', 'on', true)")
        for model in (CatalogueLink, CatalogueEntry):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("SELECT set_config('dutylists.catalogue_rebuild', 'off', true)")
