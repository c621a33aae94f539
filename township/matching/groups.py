"""Lining up the items of a few lists (2 to 5): which items are the same duty in each."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property

from rapidfuzz import fuzz, process
from rapidfuzz.distance import LCSseq

from township.matching.text import CONTAINED_RATIO, CONTAINED_SHARE, EMBEDDED_LENGTH, normalise, similarity


@dataclass(frozen=True)
class Item:
    """One item of one compared list, as plain values: `column` is the list's place, from 0."""

    id: int
    column: int
    kind: str
    seq: int
    category: str
    category_order: int
    name: str

    @cached_property
    def key(self) -> str:
        """The normalised name the matching compares."""
        return normalise(self.name)


@dataclass
class Group:
    """Items that are the same duty, at most one per column."""

    members: dict[int, Item] = field(default_factory=dict)

    @property
    def columns(self) -> list[int]:
        """The columns (lists) that have the duty, left to right."""
        return sorted(self.members)

    @property
    def first(self) -> Item:
        """The member of the leftmost column: the wording others are compared with."""
        return self.members[self.columns[0]]


def _candidates(item: Item, keys: list[str]) -> dict[int, float]:
    """{index in keys: ratio} of the keys that may match an item's key, found by rapidfuzz in C.

    Those with a ratio of CONTAINED_RATIO or more, and those sharing at least EMBEDDED_LENGTH
    characters in order (the least a name found inside another needs); nothing else can
    pass the match rule (see township.matching.text).
    """
    found = {index: ratio for _, ratio, index in process.extract(
        item.key, keys, scorer=fuzz.ratio, score_cutoff=CONTAINED_RATIO, limit=None)}
    if len(item.key) >= EMBEDDED_LENGTH:
        for _, _, index in process.extract(item.key, keys, scorer=LCSseq.similarity,
                                           score_cutoff=math.ceil(CONTAINED_SHARE * EMBEDDED_LENGTH),
                                           limit=None):
            found.setdefault(index, fuzz.ratio(item.key, keys[index]))
    return found


def _ratios(items: list[Item]) -> dict[tuple[int, int], float]:
    """{(item id, item id): ratio} for the candidate pairs from different columns."""
    ratios: dict[tuple[int, int], float] = {}
    columns = sorted({item.column for item in items})
    by_column = {column: [item for item in items if item.column == column] for column in columns}
    for left in columns:
        for right in (column for column in columns if column > left):
            others = by_column[right]
            keys = [other.key for other in others]
            for item in by_column[left]:
                for index, ratio in _candidates(item, keys).items():
                    ratios[(item.id, others[index].id)] = ratios[(others[index].id, item.id)] = ratio
    return ratios


def _matching_pairs(items: list[Item], ratios: dict[tuple[int, int], float]) -> list[tuple[Item, Item]]:
    """Pairs that pass the match rule, best first; ties in column and list order."""
    by_id = {item.id: item for item in items}
    pairs = []
    for (left_id, right_id), ratio in ratios.items():
        left, right = by_id[left_id], by_id[right_id]
        if left.column < right.column and similarity(left.key, right.key).is_match:
            pairs.append((-ratio, left.column, left.seq, right.column, right.seq, left, right))
    return [(left, right) for *_, left, right in sorted(pairs, key=lambda pair: pair[:5])]


def group_items(items: list[Item]) -> list[Group]:
    """Group the items of one part of several lists: every item in exactly one group.

    Best pairs join first. Two groups merge only when they share no column (one item per list
    in a row) and every pair across them is at least a candidate (see `_candidates`), so a
    chain of near-matches cannot pull two unrelated items into one row.
    """
    ratios = _ratios(items)
    group_of: dict[int, Group] = {}
    for item in items:
        group_of[item.id] = Group({item.column: item})
    for left, right in _matching_pairs(items, ratios):
        first, second = group_of[left.id], group_of[right.id]
        if first is second or set(first.members) & set(second.members):
            continue
        if any((a.id, b.id) not in ratios for a in first.members.values() for b in second.members.values()):
            continue
        first.members.update(second.members)
        for member in second.members.values():
            group_of[member.id] = first
    unique = {id(group): group for group in group_of.values()}
    return sorted(unique.values(), key=lambda group: (group.columns[0], group.first.seq))
