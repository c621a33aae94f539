"""The catalogue of equivalent items across townships: rebuilt whole, and kept current by imports and edits."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q, Sum
from django.utils import timezone

from township.selectors import catalogue as selectors_catalogue
from township.selectors.common import latest_list_subquery
from township.matching.clusters import CANDIDATES, MAX_POSTINGS, CatalogueItem, Cluster, bigrams, cluster_items
from township.matching.text import normalise, similarity
from township.models import (
    CatalogueBuild, CatalogueEntry, CatalogueLink, CatalogueName, CatalogueNamePair, Duty, DutyList, Township,
)

CATALOGUE_BATCH = 2000
PAIR_BATCH = 50_000
# Shown after an import (import_list, the admin's upload). Once the catalogue has been built, every
# import and edit keeps it current (catalogue_update); the command is for the first build and for
# after the matching rules change.
CATALOGUE_HINT = ("提示：事项目录（乡镇页面的“少见”标记与本县对照）已随导入更新；"
                  "如尚未生成过目录，或修改了事项匹配规则，请运行 python manage.py build_catalogue。")
# Taken by the rebuild and by every update for the rest of their transaction: two imports matching
# at once would each miss the other's new names and found the same entry twice.
CATALOGUE_LOCK = 0x6361_7461  # "cata"


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
    and the new one bulk-inserted in the same transaction, so readers see the old or the new
    one, never half of each. `progress(label)` is called after each part and after the writes.
    """
    # One transaction from the read to the writes, holding the catalogue's lock: an import
    # arriving meanwhile waits, then matches its list against the new catalogue.
    with transaction.atomic():
        _catalogue_lock()
        started = timezone.now()
        items = selectors_catalogue.catalogue_items()
        clusters = cluster_items(items, progress=progress)
        summary = CatalogueSummary(
            townships=len({item.township_id for item in items}),
            items=len(items),
            linked=sum(len(cluster.items) for cluster in clusters),
            entries_per_kind=dict(Counter(cluster.kind for cluster in clusters)),
        )
        _catalogue_clear()
        _catalogue_write(clusters)
        CatalogueBuild.objects.create(built_at=started, townships=summary.townships, items=summary.items,
                                      linked=summary.linked, entries=summary.entries)
    if progress is not None:
        progress("写入数据库")
    return summary


def _catalogue_lock() -> None:
    """Wait for any other rebuild or update of the catalogue to commit."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CATALOGUE_LOCK])


def _catalogue_write(clusters: list[Cluster]) -> None:
    """Insert an entry per cluster, a link per item and a name per normalised name, in batches."""
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
    names = CatalogueName.objects.bulk_create(
        [CatalogueName(entry=entry, kind=cluster.kind, key=key, pairs=len(bigrams(key)))
         for cluster, entry in zip(clusters, entries) for key in cluster.keys],
        batch_size=CATALOGUE_BATCH,
    )
    _pairs_write([(name.pk, name.kind, pair) for name in names for pair in sorted(bigrams(name.key))])


def _pairs_write(rows: list[tuple[int, str, str]]) -> None:
    """Insert the names' character pairs as arrays, PAIR_BATCH rows a statement.

    There are some fifteen per name: as model instances they took most of an update's time.
    """
    table = CatalogueNamePair._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(rows), PAIR_BATCH):
            batch = rows[start:start + PAIR_BATCH]
            cursor.execute(f"INSERT INTO {table} (name_id, kind, pair) "
                           "SELECT * FROM unnest(%s::bigint[], %s::text[], %s::text[])",
                           [list(column) for column in zip(*batch)])


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
        for model in (CatalogueNamePair, CatalogueName, CatalogueLink, CatalogueEntry):
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(model._meta.db_table)}")
        cursor.execute("SELECT set_config('dutylists.catalogue_rebuild', 'off', true)")


# How many names, most alike first (shared character pairs, as the rebuild proposes entries),
# each changed name is scored against when looking for the entries it may join or disturb. The
# rebuild scores CATALOGUE candidates among entries (township.matching.clusters.CANDIDATES); an
# entry has several names, so more are looked at here.
NAME_CANDIDATES = 50
# The most items an update regroups with the rebuild's own clustering, which gives exactly what a
# rebuild would. A catalogue of a few counties stays far below (the bundled lists: 1,067 items in
# all); at national scale an entry of a duty every township has holds thousands of items, and one
# new list touched 270 such entries, 660,000 items, 44 s at a million items. Past this the new
# items are matched against the existing entries instead (_join_entries), in well under a second.
REGROUP_LIMIT = 20_000
# The most names one update follows from name to matching name. A list of a few hundred items
# touches some hundreds of names on the bundled lists; past this the update regroups what it has
# found rather than crawl the catalogue, and may then group a few names differently from a rebuild.
MAX_FOLLOWED_NAMES = 5000
# The names holding each character pair, at most one past MAX_POSTINGS: one index-only scan
# per pair, whatever the planner knows of the tables.
PAIR_POSTINGS_SQL = """
SELECT wanted.kind, wanted.pair, posting.name_id
FROM unnest(%(kinds)s::text[], %(pairs)s::text[]) AS wanted(kind, pair)
CROSS JOIN LATERAL (
    SELECT indexed.name_id FROM township_cataloguenamepair AS indexed
    WHERE indexed.kind = wanted.kind AND indexed.pair = wanted.pair
    LIMIT %(postings)s + 1
) AS posting
"""


@dataclass(frozen=True)
class CatalogueUpdate:
    """What keeping the catalogue current after a change did."""

    dropped: int  # links of items no longer on a latest list, or edited
    items: int  # items regrouped
    names: int  # normalised names followed
    entries_before: int  # entries regrouped
    entries_after: int  # entries they became
    linked_change: int  # links written less links of regrouped entries deleted
    capped: bool = False  # stopped following names at MAX_FOLLOWED_NAMES
    relinked: int = 0  # items linked without regrouping: in an old version's place, or matched to an entry
    founded: int = 0  # new entries of items no existing entry took


def catalogue_update(*, township_ids: Iterable[int], edited: Iterable[int] = ()) -> CatalogueUpdate | None:
    """Regroup what a change to these townships' lists touches; call it inside the change's transaction.

    Does nothing before the catalogue is first built (build_catalogue). Links of items no longer
    on their township's latest list, and of the `edited` items, are dropped; the townships'
    latest items without a link and the entries that lost items are regrouped, together with
    every entry holding a name that matches one of theirs, and so on: the same leader
    clustering as the rebuild then runs over those entries' items alone, which no other entry
    could take. Candidate names come from the database by index (CatalogueName), never the
    whole catalogue.
    """
    build = CatalogueBuild.objects.order_by("-built_at", "-pk").first()
    if build is None:
        return None
    _catalogue_lock()
    dropped = _links_drop(set(township_ids), set(edited))
    seeds = _unlinked_items(set(township_ids))
    seeds, relinked = _relink_unchanged(seeds, dropped)
    entry_ids, names, capped = _touched_entries(seeds)
    founded = 0
    if _items_in(entry_ids) > REGROUP_LIMIT:  # a catalogue at scale: match against the entries instead
        seeds, joined, founded = _join_entries(seeds)
        relinked += joined
        entry_ids, names, capped = _touched_entries(seeds)
    items = seeds + _entry_items(entry_ids)
    clusters = cluster_items(items)
    _entries_delete(entry_ids)
    _catalogue_write(clusters)
    linked = sum(len(cluster.items) for cluster in clusters)
    update = CatalogueUpdate(dropped=len(dropped), items=len(items), names=names, entries_before=len(entry_ids),
                             entries_after=len(clusters), capped=capped, relinked=relinked, founded=founded,
                             linked_change=relinked + linked - (len(items) - len(seeds)))
    _build_restamp(build, update)
    return update


def _links_drop(township_ids: set[int], edited: set[int]) -> list[_Dropped]:
    """Delete the links of the townships' items not on their latest list, and of edited items; say which."""
    latest = Township.objects.filter(pk__in=township_ids).annotate(
        latest=latest_list_subquery()).values("latest")
    superseded = Q(township_id__in=township_ids) & ~Q(duty__duty_list__in=latest)
    # The links first, then one DELETE by id: the trigger then sees them all in one statement.
    rows = CatalogueLink.objects.filter(superseded | Q(duty_id__in=edited)).values_list(
        "pk", "entry_id", "township_id", "duty__kind", "duty__name", "duty__category_id", "duty_id",
        "entry__regroup")
    stale = [_Dropped(*row[:6], vacated=row[6] not in edited and not row[7]) for row in rows]
    if stale:
        CatalogueLink.objects.filter(pk__in=[link.pk for link in stale]).delete()
    return stale


@dataclass(frozen=True)
class _Dropped:
    """A link deleted because its item left its township's latest list (or was edited)."""

    pk: int
    entry_id: int
    township_id: int
    kind: str
    name: str
    category_id: int
    # Whether a new item may take its place: not for an edited item's old link, nor in an entry
    # already waiting to be regrouped for another reason.
    vacated: bool = True


def _relink_unchanged(seeds: list[CatalogueItem], dropped: list[_Dropped]) -> tuple[list[CatalogueItem], int]:
    """Link a new version's items straight to the entries their township's old items left; the rest to regroup.

    A re-published list mostly repeats its items word for word. Where a new item has the very
    name, category and part of an item the same township's old version had in an entry, the
    entry's townships, names and their counts are as before, so a rebuild would group it as
    before: the item takes the old one's place and the entry is not regrouped. Without this, a
    re-import at national scale regrouped every entry the township was in, each holding an item
    of thousands of townships (660,000 items and 81 s for one list at a million items). An entry
    any of whose lost items finds no such successor stays marked, and is regrouped as before.
    """
    if not seeds or not dropped:
        return seeds, 0
    vacated: dict[tuple[int, str, str, int], list[_Dropped]] = {}
    for link in (link for link in dropped if link.vacated):
        vacated.setdefault((link.township_id, link.kind, link.name, link.category_id), []).append(link)
    replaced: dict[int, list[tuple[CatalogueItem, _Dropped]]] = {}
    rest = []
    for item in seeds:
        found = vacated.get((item.township_id, item.kind, item.name, item.category_id))
        if found:
            link = found.pop()
            replaced.setdefault(link.entry_id, []).append((item, link))
        else:
            rest.append(item)
    lost = Counter(link.entry_id for link in dropped)
    whole = {entry_id for entry_id, pairs in replaced.items() if len(pairs) == lost[entry_id]}
    # Items standing in for an entry's lost items only in part go back to be regrouped with it.
    rest += [item for entry_id, pairs in replaced.items() if entry_id not in whole for item, _ in pairs]
    links = [CatalogueLink(duty_id=item.duty_id, entry_id=entry_id, township_id=item.township_id)
             for entry_id in whole for item, _ in replaced[entry_id]]
    CatalogueLink.objects.bulk_create(links, batch_size=CATALOGUE_BATCH)
    restored = sorted((entry_id, len({item.township_id for item, _ in replaced[entry_id]})) for entry_id in whole)
    if restored:
        with connection.cursor() as cursor:  # the trigger took the townships off as it marked the entries
            cursor.execute(f"UPDATE {CatalogueEntry._meta.db_table} AS entry "
                           "SET township_count = entry.township_count + back.townships, regroup = false "
                           "FROM unnest(%s::bigint[], %s::int[]) AS back(id, townships) WHERE entry.id = back.id",
                           [list(column) for column in zip(*restored)])
    return sorted(rest, key=lambda item: item.duty_id), len(links)


def _items_in(entry_ids: set[int]) -> int:
    """About how many items the entries hold (one per township each)."""
    if not entry_ids:
        return 0
    return CatalogueEntry.objects.filter(pk__in=entry_ids).aggregate(items=Sum("township_count"))["items"] or 0


def _join_entries(seeds: list[CatalogueItem]) -> tuple[list[CatalogueItem], int, int]:
    """Match new items against the existing entries, as the rebuild places a name; the rest to regroup.

    An item joins the entry of its very normalised name, or else the entry whose leader (first
    name) it matches best among the candidates its character pairs propose, as
    township.matching.clusters places a name; an entry holding an item of its township is passed
    over. Items whose name no entry takes are grouped among themselves into new entries. The
    entries themselves are not regrouped: an entry of a duty every township has holds thousands
    of items, and regrouping those for one new list took 44 s at a million items. So an update
    may group a rare name differently from a rebuild, which ranks every name by how many
    townships use it first (the rebuild stays for after the matching rules change). Items that
    would join an entry already holding their township, or an entry two of them chose, are left
    to the regrouping path.
    """
    named = [(item, key) for item in seeds if (key := normalise(item.name))]
    if not named:
        return seeds, 0, 0
    exact = {(kind, key): entry_id for kind, key, entry_id in CatalogueName.objects.filter(
        key__in={key for _, key in named}).values_list("kind", "key", "entry_id")}
    fresh = {(item.kind, key) for item, key in named if (item.kind, key) not in exact}
    leaders = _leader_matches(fresh)
    targets: dict[int, list[CatalogueItem]] = {}
    keys: dict[int, str] = {}
    unplaced = []
    for item, key in named:
        entry_id = exact.get((item.kind, key)) or leaders.get((item.kind, key))
        if entry_id is None:
            unplaced.append(item)
        else:
            targets.setdefault(entry_id, []).append(item)
            keys[item.duty_id] = key
    chosen = {entry_id: items[0] for entry_id, items in targets.items() if len(items) == 1}
    clashes = [item for items in targets.values() if len(items) > 1 for item in items]
    held = set(CatalogueLink.objects.filter(entry_id__in=list(chosen), township_id__in={
        item.township_id for item in chosen.values()}).values_list("entry_id", "township_id"))
    joining = {entry_id: item for entry_id, item in chosen.items() if (entry_id, item.township_id) not in held}
    clashes += [item for entry_id, item in chosen.items() if entry_id not in joining]
    _entries_extend(joining, keys)
    unnamed = [item for item in seeds if not normalise(item.name)]
    clusters = cluster_items(unplaced)
    _catalogue_write(clusters)
    placed = len(joining) + sum(len(cluster.items) for cluster in clusters)
    return sorted(unnamed + clashes, key=lambda item: item.duty_id), placed, len(clusters)


def _leader_matches(names: set[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """For names no entry holds: the entry whose leader each matches best, among proposed candidates."""
    if not names:
        return {}
    usable = _usable_postings(names)
    entry_of = dict(CatalogueName.objects.filter(pk__in={pk for ids in usable.values() for pk in ids}).values_list(
        "pk", "entry_id"))
    # An entry's leader is its first name, written first (_catalogue_write): the lowest id.
    leaders = {entry_id: key for entry_id, key in CatalogueName.objects.filter(entry_id__in=set(entry_of.values()))
               .order_by("entry_id", "pk").distinct("entry_id").values_list("entry_id", "key")}
    found: dict[tuple[str, str], int] = {}
    for kind, key in names:
        pairs = bigrams(key)
        shared: Counter[int] = Counter()
        for pair in pairs:
            shared.update({entry_of[pk] for pk in usable.get((kind, pair), ()) if pk in entry_of})
        dice = {entry_id: 2 * count / (len(pairs) + len(bigrams(leaders[entry_id])))
                for entry_id, count in shared.items() if entry_id in leaders}
        best, best_ratio = None, -1.0
        for entry_id in sorted(dice, key=lambda entry_id: (-dice[entry_id], entry_id))[:CANDIDATES]:
            score = similarity(key, leaders[entry_id])
            if score.is_match and score.ratio > best_ratio:
                best, best_ratio = entry_id, score.ratio
        if best is not None:
            found[(kind, key)] = best
    return found


def _entries_extend(joining: dict[int, CatalogueItem], keys: dict[int, str]) -> None:
    """Link each item to its entry, add its name to the entry's names when new, and count its township."""
    if not joining:
        return
    CatalogueLink.objects.bulk_create([CatalogueLink(duty_id=item.duty_id, entry_id=entry_id,
                                                     township_id=item.township_id)
                                       for entry_id, item in joining.items()], batch_size=CATALOGUE_BATCH)
    known = set(CatalogueName.objects.filter(key__in=set(keys.values())).values_list("kind", "key"))
    names = CatalogueName.objects.bulk_create(
        [CatalogueName(entry_id=entry_id, kind=item.kind, key=keys[item.duty_id], pairs=len(bigrams(keys[item.duty_id])))
         for entry_id, item in joining.items() if (item.kind, keys[item.duty_id]) not in known],
        batch_size=CATALOGUE_BATCH)
    _pairs_write([(name.pk, name.kind, pair) for name in names for pair in sorted(bigrams(name.key))])
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {CatalogueEntry._meta.db_table} SET township_count = township_count + 1 "
                       "WHERE id = ANY(%s)", [sorted(joining)])
    # An item worded and filed as its entry already is only adds a vote to the winners.
    current = dict((pk, (name, category)) for pk, name, category in CatalogueEntry.objects.filter(
        pk__in=list(joining)).values_list("pk", "name", "category_id"))
    _entries_rename(sorted(entry_id for entry_id, item in joining.items()
                           if current[entry_id] != (item.name, item.category_id)))


def _entries_rename(entry_ids: list[int]) -> None:
    """Name and file each entry again by its items: the wording most townships use, the commonest category.

    The rules of township.matching.clusters.Cluster (name: most townships, then shorter, then
    first in order; category: most items, then lowest id), in SQL over the entries' links.
    """
    if entry_ids:
        with connection.cursor() as cursor:
            cursor.execute(ENTRY_RENAME_SQL, [entry_ids, entry_ids])


ENTRY_RENAME_SQL = """
WITH wordings AS (
    SELECT link.entry_id, duty.name, count(DISTINCT link.township_id) AS townships
    FROM township_cataloguelink AS link JOIN township_duty AS duty ON duty.id = link.duty_id
    WHERE link.entry_id = ANY(%s) GROUP BY 1, 2
), named AS (
    SELECT DISTINCT ON (entry_id) entry_id, name FROM wordings
    ORDER BY entry_id, townships DESC, length(name), name COLLATE "C"
), filed AS (
    SELECT DISTINCT ON (link.entry_id) link.entry_id, duty.category_id
    FROM township_cataloguelink AS link JOIN township_duty AS duty ON duty.id = link.duty_id
    WHERE link.entry_id = ANY(%s) GROUP BY 1, 2 ORDER BY link.entry_id, count(*) DESC, duty.category_id
)
UPDATE township_catalogueentry AS entry SET name = named.name, category_id = filed.category_id
FROM named JOIN filed USING (entry_id) WHERE entry.id = named.entry_id
"""


def _unlinked_items(township_ids: set[int]) -> list[CatalogueItem]:
    """The townships' latest items in no entry: new, edited, or without a name."""
    latest = Township.objects.filter(pk__in=township_ids).annotate(
        latest=latest_list_subquery()).values("latest")
    rows = Duty.objects.filter(duty_list__in=latest, catalogue_link__isnull=True).order_by("pk").values_list(
        "pk", "kind", "duty_list__township_id", "category_id", "name")
    return [CatalogueItem(*row) for row in rows]


def _entry_items(entry_ids: set[int]) -> list[CatalogueItem]:
    """The items the entries hold."""
    rows = Duty.objects.filter(catalogue_link__entry_id__in=entry_ids).order_by("pk").values_list(
        "pk", "kind", "duty_list__township_id", "category_id", "name")
    return [CatalogueItem(*row) for row in rows]


def _touched_entries(seeds: list[CatalogueItem]) -> tuple[set[int], int, bool]:
    """Entries that lost items, and those whose names match the seeds' or theirs, followed to the end.

    Returns the entries, how many names were followed, and whether MAX_FOLLOWED_NAMES stopped it.
    """
    entry_ids = set(CatalogueEntry.objects.filter(regroup=True).values_list("pk", flat=True))
    frontier = {(item.kind, key) for item in seeds if (key := normalise(item.name))}
    frontier |= _names_of(entry_ids)
    followed: set[tuple[str, str]] = set()
    while frontier:
        if len(followed) + len(frontier) > MAX_FOLLOWED_NAMES:
            return entry_ids, len(followed), True
        found = _matching_entries(frontier) - entry_ids
        followed |= frontier
        entry_ids |= found
        frontier = _names_of(found) - followed
    return entry_ids, len(followed), False


def _names_of(entry_ids: set[int]) -> set[tuple[str, str]]:
    """The (kind, normalised name) pairs of the entries."""
    if not entry_ids:
        return set()
    return set(CatalogueName.objects.filter(entry_id__in=entry_ids).values_list("kind", "key"))


def _usable_postings(names: set[tuple[str, str]]) -> dict[tuple[str, str], list[int]]:
    """The ids of the names holding each character pair of `names`, pairs in more than MAX_POSTINGS names left out."""
    wanted = sorted({(kind, pair) for kind, key in names for pair in bigrams(key)})
    postings: dict[tuple[str, str], list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(PAIR_POSTINGS_SQL, {"kinds": [kind for kind, _ in wanted], "pairs": [pair for _, pair in wanted],
                                           "postings": MAX_POSTINGS})
        for kind, pair, name_id in cursor.fetchall():
            postings.setdefault((kind, pair), []).append(name_id)
    return {found: ids for found, ids in postings.items() if len(ids) <= MAX_POSTINGS}


def _matching_entries(names: set[tuple[str, str]]) -> set[int]:
    """Entries holding a name that passes the match rule with one of `names`; two queries.

    Candidates are proposed as the rebuild proposes entries (township.matching.clusters): the
    NAME_CANDIDATES names sharing most character pairs (Dice), pairs in more than MAX_POSTINGS
    names left out; the name itself is always one.
    """
    usable = _usable_postings(names)
    hit_ids = {name_id for ids in usable.values() for name_id in ids}
    known = {(kind, key): (pk, entry_id, size) for pk, kind, key, entry_id, size in CatalogueName.objects.filter(
        Q(pk__in=hit_ids) | Q(key__in={key for _, key in names})).values_list("pk", "kind", "key", "entry_id", "pairs")}
    by_id = {pk: (key, entry_id, size) for (_, key), (pk, entry_id, size) in known.items()}
    entries = set()
    for kind, key in names:
        pairs = bigrams(key)
        shared: Counter[int] = Counter()
        for pair in pairs:
            shared.update(usable.get((kind, pair), ()))
        ranked = sorted(shared, key=lambda pk: (-2 * shared[pk] / (len(pairs) + by_id[pk][2]), by_id[pk][0]))
        candidates = [by_id[pk] for pk in ranked[:NAME_CANDIDATES]]
        if (kind, key) in known:
            candidates.append(by_id[known[(kind, key)][0]])
        entries |= {entry_id for found, entry_id, _ in candidates if similarity(key, found).is_match}
    return entries


def _entries_delete(entry_ids: set[int]) -> None:
    """Delete the entries with their names and links, with one plain DELETE each (see _catalogue_clear)."""
    if not entry_ids:
        return
    ids = sorted(entry_ids)
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('dutylists.catalogue_rebuild', 'on', true)")
        # Names first, then their pairs by the names' ids: one subquery left the planner, with
        # statistics from before a rebuild, scanning every pair for each name (6 s, not 10 ms).
        cursor.execute(f"SELECT id FROM {CatalogueName._meta.db_table} WHERE entry_id = ANY(%s)", [ids])
        names = [name_id for name_id, in cursor.fetchall()]
        cursor.execute(f"DELETE FROM {CatalogueNamePair._meta.db_table} WHERE name_id = ANY(%s)", [names])
        for model, column in ((CatalogueName, "entry_id"), (CatalogueLink, "entry_id"), (CatalogueEntry, "id")):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE {column} = ANY(%s)", [ids])
        cursor.execute("SELECT set_config('dutylists.catalogue_rebuild', 'off', true)")


def _build_restamp(build: CatalogueBuild, update: CatalogueUpdate) -> None:
    """Date the last build now, so pages know the catalogue covers every list, and keep its counts.

    `townships`, which the 少见 mark is measured against, is counted again over the list
    versions (a few rows per township); entries move by what the update changed, and items and
    links by the links it wrote (the trigger of migration 0009 takes off every link deleted).
    Items without a name stay counted as the last full build found them.
    """
    townships = DutyList.objects.values("township_id").distinct().count()
    CatalogueBuild.objects.filter(pk=build.pk).update(
        built_at=timezone.now(), townships=townships,
        items=F("items") + update.linked_change, linked=F("linked") + update.linked_change,
        entries=F("entries") + update.founded + update.entries_after - update.entries_before)
