"""Matching a task from a notice to the items of township lists (职责准入): pure, no database.

An `ItemPool` holds the items of the lists being checked, indexed by the search index's own
tokens (township/search.py: a bigram per pair of adjacent CJK characters, whole runs of letters
and digits). A task is scored against every item that shares a token with it, and only the few
best of each township are scored in full.

The score (0-100) is mostly recall: the share of the task's words found in the item (or in one
clause of it), each word weighted by how rare it is among the pooled items (IDF), since a task
names one duty and an item often lists several in clauses ("开展禁毒宣传教育，做好非法种植毒品
原植物强制铲除工作"). A quarter is precision: how much of that clause the task covers in order
(RapidFuzz's LCS), which prefers "动物疫病预防与控制" to a long item that merely mentions it.
Names that the catalogue's own rule (township/matching/text.py) holds to be the same duty score
at least their ratio. Thresholds, with pairs from the bundled lists:

- MATCH_SCORE 55: below it, 清单外. "开展辖区养老机构消防安全检查" scores 50 against "消防安全
  监督检查和消防安全举报投诉核查工作" (消防安全 and 检查 shared, 养老机构 on no item); a task on
  no list but in the lists' vocabulary ("组织开展全县桥梁结构安全检测") stays below 45, since its
  rare words (桥梁, 结构) are on no item and common ones (安全) weigh little. A paraphrase with
  one word changed ("做好双拥工作" for "落实党管武装要求，做好双拥、国防教育等工作") scores 70.
- HIGH_SCORE 75: the task's rare words all in one clause of the item, e.g. "请各乡镇配合做好
  农村公益电影放映工作" / "农村公益电影放映工作" (100), "由镇政府负责农村宅基地审批管理" /
  "做好农村宅基地审批和建设管理工作" (85). Between 55 and 75 the verdict is shown as 待人工确认.
- CLOSE_MARGIN 8: a second item within 8 points of the best is shown beside it. Two items of one
  list often share a duty: "做好动物疫病预防与控制工作" / "落实辖区动物疫病预防与控制，做好强制
  免疫…" score 100 and 93 for "动物疫病防控"; a person should see both.

tests/township/matching/test_admission.py holds these pairs and the 40-odd notice tasks.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from typing import Hashable, Iterable

from rapidfuzz.distance import LCSseq

from township.matching.notices import canonical, task_core
from township.matching.text import match_score
from township.search import keyword_tokens

MATCH_SCORE = 55
HIGH_SCORE = 75
CLOSE_MARGIN = 8
RECALL_SHARE = 0.75  # the rest is precision; see the module docstring
SHORTLIST = 6  # items per township scored in full, from the best by weighted recall
MIN_REASON = 2  # shortest run of shared characters named as a reason

_CLAUSES = re.compile(r"[，,；;。：:]")


@dataclass(frozen=True)
class ListedItem:
    """What matching needs of one item: its id, township, part, 序号 and name."""

    key: Hashable
    township: Hashable
    kind: str
    seq: int
    name: str


@dataclass(frozen=True)
class Match:
    """An item a task was matched to: its score and the words they share."""

    item: ListedItem
    score: int
    words: tuple[str, ...]


@dataclass(frozen=True)
class Verdict:
    """A task checked against one township: the best item(s), or none above MATCH_SCORE."""

    task: str
    core: str
    township: Hashable
    matches: tuple[Match, ...] = ()
    nearest: Match | None = None  # the best item below MATCH_SCORE, shown as the nearest

    @property
    def part(self) -> str:
        """basic, coordinating or reclaimed (the best item's part), or none."""
        return self.matches[0].item.kind if self.matches else "none"

    @property
    def best(self) -> Match | None:
        """The best match, or None for a task on no list."""
        return self.matches[0] if self.matches else None

    @property
    def score(self) -> int:
        """The best item's score, matched or nearest; 0 when no item shares a word."""
        best = self.best or self.nearest
        return best.score if best else 0

    @property
    def confident(self) -> bool:
        """Whether the best match reaches HIGH_SCORE."""
        return self.score >= HIGH_SCORE and bool(self.matches)


@dataclass
class _Entry:
    item: ListedItem
    pieces: tuple[str, ...]  # the canonical whole name, then each clause
    tokens: tuple[frozenset[str], ...]  # the tokens of each piece


def _tokens(text: str) -> frozenset[str]:
    return frozenset(token for token, _ in keyword_tokens(text))


def _pieces(name: str) -> tuple[str, ...]:
    whole = canonical(name)
    clauses = [canonical(clause) for clause in _CLAUSES.split(name)]
    return (whole, *[clause for clause in clauses if clause and clause != whole])


class ItemPool:
    """The items of the lists checked, indexed by search token for candidate lookup.

    `total` is how many items those lists hold, when `items` are only those sharing a token with
    the tasks (the database's index found them): the IDF of the tasks' tokens is exact either way.
    """

    def __init__(self, items: Iterable[ListedItem], *, total: int | None = None) -> None:
        self.entries: list[_Entry] = []
        self.postings: dict[str, list[int]] = defaultdict(list)
        for index, item in enumerate(items):
            pieces = _pieces(item.name)
            entry = _Entry(item, pieces, tuple(_tokens(piece) for piece in pieces))
            self.entries.append(entry)
            for token in entry.tokens[0]:
                self.postings[token].append(index)
        self.size = max(total or 0, len(self.entries))

    def weight(self, token: str) -> float:
        """IDF of a token among the pooled items: rare words say more about a duty."""
        return math.log(1 + self.size / (len(self.postings.get(token, ())) + 1))

    def check(self, task: str, townships: Iterable[Hashable]) -> list[Verdict]:
        """One verdict per township for one task line."""
        core = task_core(task)
        text = canonical(core)
        weights = {token: self.weight(token) for token in _tokens(text)}
        total = sum(weights.values())
        if not total:
            return [Verdict(task, core, township) for township in townships]
        shortlists = self._shortlists(weights, total)
        return [self._verdict(task, core, text, township, weights, total, shortlists.get(township, []))
                for township in townships]

    def _shortlists(self, weights: dict[str, float], total: float) -> dict[Hashable, list[int]]:
        """The SHORTLIST items of each township with the most weighted task words in their name."""
        shared: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for index in self.postings.get(token, ()):
                shared[index] += weight
        by_township: dict[Hashable, list[tuple[float, int]]] = defaultdict(list)
        for index, weight in shared.items():
            by_township[self.entries[index].item.township].append((weight, index))
        return {township: [index for _, index in heapq.nlargest(SHORTLIST, found)]
                for township, found in by_township.items()}

    def _verdict(self, task: str, core: str, text: str, township: Hashable, weights: dict[str, float],
                 total: float, shortlist: list[int]) -> Verdict:
        scored = sorted((self._match(text, weights, total, self.entries[index]) for index in shortlist),
                        key=lambda match: (-match.score, match.item.kind, match.item.seq))
        if not scored or scored[0].score < MATCH_SCORE:
            return Verdict(task, core, township, nearest=scored[0] if scored else None)
        close = [match for match in scored[1:2]
                 if match.score >= MATCH_SCORE and scored[0].score - match.score <= CLOSE_MARGIN]
        return Verdict(task, core, township, matches=(scored[0], *close))

    def _match(self, text: str, weights: dict[str, float], total: float, entry: _Entry) -> Match:
        best, best_piece = 0.0, entry.pieces[0]
        for piece, tokens in zip(entry.pieces, entry.tokens):
            recall = sum(weight for token, weight in weights.items() if token in tokens) / total
            precision = LCSseq.similarity(text, piece) / len(piece) if piece else 0.0
            value = RECALL_SHARE * recall + (1 - RECALL_SHARE) * precision
            if value > best:
                best, best_piece = value, piece
        same = match_score(text, entry.pieces[0])  # the catalogue's rule: the same duty reworded
        if same is not None and same / 100 > best:
            best, best_piece = same / 100, entry.pieces[0]
        return Match(entry.item, round(100 * best), shared_words(text, best_piece))


def shared_words(text: str, name: str) -> tuple[str, ...]:
    """The runs of at least MIN_REASON characters a task and an item name share, in task order."""
    blocks = SequenceMatcher(None, text, name, autojunk=False).get_matching_blocks()
    return tuple(text[block.a:block.a + block.size] for block in blocks if block.size >= MIN_REASON)
