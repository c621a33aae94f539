"""Reads for the catalogue: the items it groups, its marks on a township's page, an entry's townships."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery
from django.urls import reverse

from township.matching.clusters import CatalogueItem
from township.models import CatalogueBuild, CatalogueEntry, CatalogueLink, Duty, DutyList, Township
from township.selectors.common import latest_list_subquery, latest_lists, township_order

# An item is 少见 when at most this share of the catalogue's townships have it, and at least one.
RARE_SHARE = 0.25
# Below this many townships in the catalogue nothing is marked 少见. With the four bundled lists
# a quarter of 潘津镇's items (71 of 255) were "only this township": between a handful of lists,
# what one lacks is mostly a difference of wording, not a duty few townships take on. Ten is
# about one county's townships, and the first count at which 少见 means "at most two of them".
RARE_MIN_TOWNSHIPS = 10
RARE_SUPPRESSED = "目录中的乡镇少于 {minimum} 个，不标注“少见”事项（乡镇太少时，一个乡镇独有的事项多半只是写法不同）。"
# "本县多数乡镇有" needs at least this many townships of the county in the catalogue: with two,
# "most" would mean "the other one".
GAPS_MIN_TOWNSHIPS = 3


def catalogue_items() -> list[CatalogueItem]:
    """Every item of every township's latest list, as the catalogue groups them; one query."""
    rows = Duty.objects.filter(duty_list__in=latest_lists()).order_by("pk").values_list(
        "pk", "kind", "duty_list__township_id", "category_id", "name"
    )
    return [CatalogueItem(*row) for row in rows]


def rare_threshold(townships: int) -> int:
    """The most townships an entry may have for its items to be marked 少见 (0: none are)."""
    if townships < RARE_MIN_TOWNSHIPS:
        return 0
    return max(1, int(RARE_SHARE * townships))


@dataclass(frozen=True)
class CatalogueStatus:
    """The last build of the catalogue: when, over how many townships, and whether lists changed since.

    `stale`: a list was imported or an item corrected after the build.
    """

    built_at: datetime.datetime | None = None
    townships: int = 0
    stale: bool = False


def catalogue_status() -> CatalogueStatus:
    """The last build against the last import and the last correction; one query, each an index lookup."""
    last_import = DutyList.objects.order_by("-imported_at").values("imported_at")[:1]
    last_correction = (Duty.objects.filter(corrected_at__isnull=False).order_by("-corrected_at")
                       .values("corrected_at")[:1])
    build = (CatalogueBuild.objects.order_by("-built_at")
             .annotate(last_import=Subquery(last_import), last_correction=Subquery(last_correction))
             .values("built_at", "townships", "last_import", "last_correction").first())
    if build is None:
        return CatalogueStatus()
    changes = [build[name] for name in ("last_import", "last_correction") if build[name] is not None]
    return CatalogueStatus(build["built_at"], build["townships"],
                           stale=any(changed > build["built_at"] for changed in changes))


@dataclass(frozen=True)
class RareMark:
    """A 少见 item's entry, and how many townships' lists have it."""

    entry_id: int
    townships: int

    def get_absolute_url(self) -> str:
        return reverse("township:catalogue_entry", args=[self.entry_id])


@dataclass
class TownshipCatalogue:
    """What the catalogue says about one version of a township's list.

    `built` is False before build_catalogue has first run; `covers_version` is False for an
    older version, and for a version imported since the catalogue was last built. `stale`:
    a list was imported or an item corrected since the build, so the marks may be out of date.
    """

    built: bool = False
    built_at: datetime.datetime | None = None
    stale: bool = False
    covers_version: bool = False
    townships: int = 0  # in the last build
    county_townships: int = 0  # with items in the catalogue now
    rare: dict[int, RareMark] = field(default_factory=dict)  # item id → its mark
    gaps: list[CatalogueEntry] = field(default_factory=list)  # each with `present` in the county

    @property
    def rare_limit(self) -> int:
        """The most townships a rare item's entry may have (0: nothing is marked)."""
        return rare_threshold(self.townships)

    @property
    def rare_suppressed(self) -> str:
        """Why no item is marked 少见 (too few townships in the catalogue), or "" when they are marked."""
        if self.rare_limit:
            return ""
        return RARE_SUPPRESSED.format(minimum=RARE_MIN_TOWNSHIPS)

    @property
    def compares_county(self) -> bool:
        """Whether the county has enough townships in the catalogue for "most of them" to mean something."""
        return self.covers_version and self.county_townships >= GAPS_MIN_TOWNSHIPS


def township_catalogue(*, township: Township, duty_list: DutyList) -> TownshipCatalogue:
    """The catalogue's marks on one version: its rare items, and the county's common duties it lacks.

    Both count the catalogue's links as they are now: a version deleted or replaced since the
    build counts neither in an entry's `township_count` (kept by a trigger, see CatalogueEntry)
    nor in the county. At most four queries, whatever the size of the list or of the catalogue.
    """
    status = catalogue_status()
    found = TownshipCatalogue(built=status.built_at is not None, built_at=status.built_at, stale=status.stale,
                              townships=status.townships)
    if not found.built:
        return found
    entries = _version_entries(township=township, duty_list=duty_list)
    found.covers_version = bool(entries)
    if not found.covers_version:
        return found
    found.rare = {duty_id: mark for duty_id, mark in entries.items() if mark.townships <= found.rare_limit}
    found.county_townships = Township.objects.filter(
        county_id=township.county_id).filter(Exists(CatalogueLink.objects.filter(township=OuterRef("pk")))).count()
    if found.compares_county:
        found.gaps = _county_gaps(county_id=township.county_id, county_townships=found.county_townships,
                                  present={mark.entry_id for mark in entries.values()})
    return found


def _version_entries(*, township: Township, duty_list: DutyList) -> dict[int, RareMark]:
    """{item id: its entry and the townships that have it}, when `duty_list` is the township's latest version."""
    latest = DutyList.objects.filter(township=township).order_by("-published").values("pk")[:1]
    links = (CatalogueLink.objects.filter(duty__duty_list=duty_list).filter(duty__duty_list=Subquery(latest))
             .values_list("duty_id", "entry_id", "entry__township_count"))
    return {duty_id: RareMark(entry_id, townships) for duty_id, entry_id, townships in links}


def _county_gaps(*, county_id: int, county_townships: int, present: set[int]) -> list[CatalogueEntry]:
    """Entries more than half the county's catalogued townships have, other than `present`, each with `present`."""
    return list(
        CatalogueEntry.objects.filter(links__township__county_id=county_id)
        .annotate(present=Count("links__township", distinct=True))
        .filter(present__gt=county_townships / 2)
        .exclude(pk__in=present)
        .select_related("category")
        .order_by("kind", "category__order", "-present", "name")
    )


def catalogue_entry(*, entry_id: int) -> CatalogueEntry:
    """One catalogue entry with its category."""
    return CatalogueEntry.objects.select_related("category").get(pk=entry_id)


def catalogue_entry_links(*, entry: CatalogueEntry) -> QuerySet[CatalogueLink]:
    """The townships that have an entry, by county and name: each link with its item, list version and township.

    `latest_list_id` tells whether the item's version is still its township's latest.
    """
    return (
        CatalogueLink.objects.filter(entry=entry)
        .select_related("duty__duty_list", "township__county")
        .annotate(latest_list_id=latest_list_subquery(township="township_id"))
        .order_by(*township_order("township__"))
    )
