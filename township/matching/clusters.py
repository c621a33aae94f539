"""Grouping every township's items into catalogue entries: one entry per duty, per part.

Leader clustering: names are taken most widespread first; each joins the entry whose first
name (its leader) it matches best under the rule in township.matching.text, or founds a new
entry. Comparing with leaders only, never with every member, keeps a chain of small
rewordings from drifting into a different duty; and an entry takes one item per township.

It does not compare every name with every entry, which would grow with the square of the
number of names. Identical normalised names are first merged (a hundred townships publishing
"推荐县级以上党代表工作" is one name), names are only compared within one part, and an index of
character pairs (bigrams) proposes, for each name, the few entries that share most of its
bigrams: names that pass the match rule share most of their characters in order, so they share
bigrams too. Only those candidates are scored.
"""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Iterable

from township.matching.text import normalise, similarity
from township.models.duties import Duty

# How many entries sharing the most bigrams are scored for each name. A name's true entry
# is nearly always the first proposed; more candidates only guard against long leaders
# that share many common bigrams ("管理", "建设") without being alike.
CANDIDATES = 20
# Bigrams in more clusters of a part than this are not looked up when proposing candidates.
# A word like "管理" or "建设" is in a quarter of the bundled lists' basic entries; over 4,000
# townships (synthetic variants of the bundled lists, 465,000 distinct names) "管理" was in
# 4,700 entries, and every name containing it counted them all. A name and its true entry share
# most of their bigrams, rare ones too, so skipping the commonest changes little: on the bundled
# lists the grouping is the same with a cap of 3 (tests/township/matching/test_clusters.py);
# over those 4,000 townships a cap of 500 grouped them in 186 s instead of 632 s, with 1.3% more
# entries (0.2% of the names missed the entry they joined uncapped). At 500 the work per name
# stays under 500 postings per bigram however many townships there are, and a part needs some
# thousands of entries before anything but the commonest words is skipped.
MAX_POSTINGS = 500


@dataclass(frozen=True)
class CatalogueItem:
    """One item of a township's latest list, as the catalogue sees it."""

    duty_id: int
    kind: str
    township_id: int
    category_id: int
    name: str


@dataclass
class Cluster:
    """One catalogue entry in the making: its leader's normalised name and its items."""

    kind: str
    leader: str
    grams: frozenset[str]
    items: list[CatalogueItem] = field(default_factory=list)
    township_ids: set[int] = field(default_factory=set)
    keys: list[str] = field(default_factory=list)  # the normalised names it took, leader first

    def add(self, key: str, items: list[CatalogueItem]) -> None:
        """Take a name's items."""
        self.keys.append(key)
        self.items.extend(items)
        self.township_ids.update(item.township_id for item in items)

    @property
    def name(self) -> str:
        """The wording most townships use; the shorter one on a tie, then the first in order."""
        townships: dict[str, set[int]] = defaultdict(set)
        for item in self.items:
            townships[item.name].add(item.township_id)
        return min(townships, key=lambda name: (-len(townships[name]), len(name), name))

    @property
    def category_id(self) -> int:
        """The category most of its items are filed under (the lowest id on a tie)."""
        votes = Counter(item.category_id for item in self.items)
        return min(votes, key=lambda category: (-votes[category], category))


def bigrams(key: str) -> frozenset[str]:
    """The character pairs of a normalised name (the name itself when it is one character)."""
    if len(key) < 2:
        return frozenset([key]) if key else frozenset()
    return frozenset(key[index:index + 2] for index in range(len(key) - 1))


class _Index:
    """Clusters of one part and the bigram index that proposes candidates among them."""

    def __init__(self, kind: str):
        self.kind = kind
        self.clusters: list[Cluster] = []
        self.postings: dict[str, list[int]] = defaultdict(list)

    def candidates(self, grams: frozenset[str]) -> list[Cluster]:
        """Clusters sharing most bigrams with a name, by Dice coefficient, best first.

        Bigrams in more than MAX_POSTINGS clusters are not looked up (see MAX_POSTINGS); a name
        made of nothing else is looked up by its rarest bigram alone.
        """
        postings = [self.postings[gram] for gram in grams if gram in self.postings]
        usable = [numbers for numbers in postings if len(numbers) <= MAX_POSTINGS]
        if not usable and postings:
            usable = [min(postings, key=len)]
        shared: Counter[int] = Counter()
        for numbers in usable:
            shared.update(numbers)
        dice = {number: 2 * count / (len(grams) + len(self.clusters[number].grams))
                for number, count in shared.items()}
        return [self.clusters[number] for number in heapq.nsmallest(
            CANDIDATES, dice, key=lambda number: (-dice[number], number))]

    def place(self, key: str, items: list[CatalogueItem]) -> None:
        """Add a name's items to the cluster whose leader it matches best, or start one.

        A cluster already holding an item of one of the name's townships is passed over: a
        list that names two items means two duties, as when one township splits "大气、水、
        土壤…污染防治" into an item per pollutant.
        """
        grams, townships = bigrams(key), {item.township_id for item in items}
        best, best_ratio = None, -1.0
        for cluster in self.candidates(grams):
            if cluster.township_ids & townships:
                continue
            score = similarity(key, cluster.leader)
            if score.is_match and score.ratio > best_ratio:
                best, best_ratio = cluster, score.ratio
        if best is None:
            best = Cluster(self.kind, key, grams)
            for gram in grams:
                self.postings[gram].append(len(self.clusters))
            self.clusters.append(best)
        best.add(key, items)


def _names_by_spread(items: Iterable[CatalogueItem]) -> list[tuple[str, list[CatalogueItem]]]:
    """Items grouped by normalised name, the name most townships use first."""
    names: dict[str, list[CatalogueItem]] = defaultdict(list)
    for item in items:
        key = normalise(item.name)
        if key:  # an item without a name cannot be matched with anything
            names[key].append(item)
    spread = {key: len({item.township_id for item in named}) for key, named in names.items()}
    order = sorted(names, key=lambda key: (-spread[key], -len(names[key]), key))
    return [(key, names[key]) for key in order]


def cluster_items(items: Iterable[CatalogueItem], *, progress=None) -> list[Cluster]:
    """Every part's catalogue entries; `progress(label)` is called after each part with its name (基本履职事项…)."""
    by_kind: dict[str, list[CatalogueItem]] = defaultdict(list)
    for item in items:
        by_kind[item.kind].append(item)
    clusters: list[Cluster] = []
    for kind in sorted(by_kind):
        index = _Index(kind)
        for key, named in _names_by_spread(by_kind[kind]):
            index.place(key, named)
        clusters.extend(index.clusters)
        if progress is not None:
            progress(str(Duty.Kind(kind).label))
    return clusters
