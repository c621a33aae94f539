"""Reads for the catalogue: the items it groups, and its marks on a township's page."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from township.matching.clusters import CatalogueItem
from township.models import CatalogueEntry, CatalogueLink, Duty, DutyList, Township
from township.selectors import latest_lists

# An item is 少见 when at most this share of the catalogue's townships have it, and at least
# one township: with the four bundled lists, the items only one of them has. With fewer than
# RARE_MIN_TOWNSHIPS townships nothing is marked: with two, every difference would be.
RARE_SHARE = 0.25
RARE_MIN_TOWNSHIPS = 3
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


@dataclass
class TownshipCatalogue:
    """What the catalogue says about one version of a township's list.

    `built` is False before build_catalogue has first run; `covers_version` is False for an
    older version, and for a version imported since the catalogue was last built.
    """

    built: bool = False
    covers_version: bool = False
    townships: int = 0
    county_townships: int = 0
    rare: dict[int, int] = field(default_factory=dict)  # item id → townships that have it
    gaps: list[CatalogueEntry] = field(default_factory=list)  # each with `present` in the county

    @property
    def rare_limit(self) -> int:
        """The most townships a rare item's entry may have (0: nothing is marked)."""
        return rare_threshold(self.townships)

    @property
    def compares_county(self) -> bool:
        """Whether the county has enough townships in the catalogue for "most of them" to mean something."""
        return self.covers_version and self.county_townships >= GAPS_MIN_TOWNSHIPS


def township_catalogue(*, township: Township, duty_list: DutyList) -> TownshipCatalogue:
    """The catalogue's marks on one version: its rare items, and the county's common duties it lacks.

    At most three queries, whatever the size of the list or of the catalogue.
    """
    county_id = township.county_id
    totals = CatalogueLink.objects.aggregate(
        townships=Count("township", distinct=True),
        county=Count("township", distinct=True, filter=Q(township__county_id=county_id)),
    )
    found = TownshipCatalogue(built=totals["townships"] > 0, townships=totals["townships"],
                              county_townships=totals["county"])
    if not found.built:
        return found
    links = CatalogueLink.objects.filter(duty__duty_list=duty_list).values_list(
        "duty_id", "entry_id", "entry__township_count")
    entries = {duty_id: (entry_id, count) for duty_id, entry_id, count in links}
    found.covers_version = bool(entries)
    found.rare = {duty_id: count for duty_id, (_, count) in entries.items() if count <= found.rare_limit}
    if found.compares_county:
        found.gaps = list(
            CatalogueEntry.objects.filter(links__township__county_id=county_id)
            .annotate(present=Count("links__township", distinct=True))
            .filter(present__gt=found.county_townships / 2)
            .exclude(pk__in={entry_id for entry_id, _ in entries.values()})
            .select_related("category")
            .order_by("kind", "category__order", "-present", "name")
        )
    return found
