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
at least their ratio. Thresholds, with tasks scored against the bundled lists (a list's items
make the pool):

- MATCH_SCORE 55: below it, 清单外. The tasks on no list stay far below: "请各乡镇于月底前完成辖区
  养老机构消防安全检查" scores 33 against "消防安全监督检查和消防安全举报投诉核查工作" (消防安全
  and 检查 shared, 养老机构 on no item), "组织开展全县桥梁结构安全检测" 17, and the highest of
  24 such tasks against the four bundled lists, "协助做好证券期货市场监管" / "活畜交易市场监管工作",
  46: its rare words (证券, 期货) are on no item, its common ones (市场, 监管) weigh little. The
  lowest right matches of the 60 notice tasks sit above 60: "请各乡镇落实路长制，做好乡道村道
  养护管理" / "落实路长制工作，负责乡道、村道的规划、建设、养护及村道的管理工作" (63), "协助做好
  无偿献血和应急救护培训" / another list's item naming both among five duties (61).
- HIGH_SCORE 75: the task's rare words all in one clause of the item, e.g. "请各乡镇配合做好农村
  公益电影放映工作" / "农村公益电影放映工作" (100), "请各乡镇于月底前做好双拥工作" / "落实党管武装
  要求，做好双拥、国防教育等工作" (92: 双拥 spelt out on both sides), "由镇政府负责农村宅基地审批
  管理" / "做好农村宅基地审批和建设管理工作" (86). Between 55 and 75 the page asks for a person's
  look (可信度 中).
- CLOSE_MARGIN 8: a second item within 8 points of the best is shown beside it, as when a list
  holds a duty twice: "请各乡镇开展消防安全隐患排查" scores 69 against the item on 安全生产、消防
  安全、自然灾害风险隐患排查 and 64 against "做好自建房安全隐患排查和报告工作"; "请各乡镇做好防灾减灾
  工作" 92 against "开展防灾减灾检查" and 89 against "农牧业防灾减灾工作". A person should see both.

tests/township/matching/test_admission.py holds these pairs; tests/township/selectors/test_admission.py
checks the 60 notice tasks of tests/township/matching/admission_tasks.py in PostgreSQL.
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
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
class _Wording:
    """One distinct item name of the pool and the items (of any township) that bear it."""

    pieces: tuple[str, ...]  # the canonical whole name, then each clause
    tokens: tuple[frozenset[str], ...]  # the tokens of each piece
    items: list[ListedItem]


def _tokens(text: str) -> frozenset[str]:
    return frozenset(token for token, _ in keyword_tokens(text))


@lru_cache(maxsize=65536)  # a county's lists share most of their wording; bounded for a long-running server
def _pieces(name: str) -> tuple[str, ...]:
    whole = canonical(name)
    clauses = [canonical(clause) for clause in _CLAUSES.split(name)]
    return (whole, *[clause for clause in clauses if clause and clause != whole])


class ItemPool:
    """The items of the lists checked, indexed by search token for candidate lookup.

    Items are grouped by wording: the townships of a county publish many items in the same words,
    and a task is scored once per wording, not once per township. `total` is how many items the
    lists hold, when `items` are only those sharing a token with the tasks (the database's index
    found them): the IDF of the tasks' tokens is exact either way.
    """

    def __init__(self, items: Iterable[ListedItem], *, total: int | None = None) -> None:
        by_name: dict[str, _Wording] = {}
        for item in items:
            wording = by_name.get(item.name)
            if wording is None:
                pieces = _pieces(item.name)
                wording = by_name[item.name] = _Wording(pieces, tuple(map(_tokens, pieces)), [])
            wording.items.append(item)
        self.wordings = list(by_name.values())
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.frequency: dict[str, int] = defaultdict(int)  # items (not wordings) holding each token
        for index, wording in enumerate(self.wordings):
            for token in wording.tokens[0]:
                self.postings[token].append(index)
                self.frequency[token] += len(wording.items)
        self.size = max(total or 0, sum(len(wording.items) for wording in self.wordings))

    def weight(self, token: str) -> float:
        """IDF of a token among the pooled items: rare words say more about a duty."""
        return math.log(1 + self.size / (self.frequency.get(token, 0) + 1))

    def check(self, task: str, townships: Iterable[Hashable]) -> list[Verdict]:
        """One verdict per township for one task line."""
        townships = list(townships)
        core = task_core(task)
        text = canonical(core)
        weights = {token: self.weight(token) for token in _tokens(text)}
        total = sum(weights.values())
        if not total:
            return [Verdict(task, core, township) for township in townships]
        shortlists = self._shortlists(weights, set(townships))
        scores: dict[int, tuple[int, str]] = {}  # by wording: each is scored once whatever its townships
        return [self._verdict(task, core, text, township, weights, total, shortlists.get(township, []), scores)
                for township in townships]

    def _shortlists(self, weights: dict[str, float], townships: set[Hashable]) -> dict[Hashable, list[tuple[int, ListedItem]]]:
        """The SHORTLIST items of each township with the most weighted task words in their name.

        Wordings are taken best first, each giving its items to their townships, until every
        township has its SHORTLIST: wordings shared across a county fill them all early.
        """
        shared: dict[int, float] = defaultdict(float)
        for token, weight in weights.items():
            for index in self.postings.get(token, ()):
                shared[index] += weight
        shortlists: dict[Hashable, list[tuple[int, ListedItem]]] = defaultdict(list)
        full = 0
        for index in sorted(shared, key=shared.__getitem__, reverse=True):
            for item in self.wordings[index].items:
                found = shortlists[item.township]
                if len(found) < SHORTLIST:
                    found.append((index, item))
                    full += len(found) == SHORTLIST and item.township in townships
            if full >= len(townships):
                break
        return shortlists

    def _verdict(self, task: str, core: str, text: str, township: Hashable, weights: dict[str, float],
                 total: float, shortlist: list[tuple[int, ListedItem]], scores: dict[int, tuple[int, str]]) -> Verdict:
        scored = []
        for index, item in shortlist:
            if index not in scores:
                scores[index] = self._score(text, weights, total, self.wordings[index])
            scored.append((*scores[index], item))
        scored.sort(key=lambda found: (-found[0], found[2].kind, found[2].seq))
        if not scored or scored[0][0] < MATCH_SCORE:
            return Verdict(task, core, township, nearest=_match(text, *scored[0]) if scored else None)
        close = [found for found in scored[1:2]
                 if found[0] >= MATCH_SCORE and scored[0][0] - found[0] <= CLOSE_MARGIN]
        return Verdict(task, core, township, matches=tuple(_match(text, *found) for found in (scored[0], *close)))

    @staticmethod
    def _score(text: str, weights: dict[str, float], total: float, wording: _Wording) -> tuple[int, str]:
        """(score, the piece of the name that scored best)."""
        best, best_piece = 0.0, wording.pieces[0]
        for piece, tokens in zip(wording.pieces, wording.tokens):
            recall = sum(weight for token, weight in weights.items() if token in tokens) / total
            precision = LCSseq.similarity(text, piece) / len(piece) if piece else 0.0
            value = RECALL_SHARE * recall + (1 - RECALL_SHARE) * precision
            if value > best:
                best, best_piece = value, piece
        same = match_score(text, wording.pieces[0])  # the catalogue's rule: the same duty reworded
        if same is not None and same / 100 > best:
            best, best_piece = same / 100, wording.pieces[0]
        return round(100 * best), best_piece


def _match(text: str, score: int, piece: str, item: ListedItem) -> Match:
    """A scored item as shown, with the words it shares with the task (worked out only for those shown)."""
    return Match(item, score, shared_words(text, piece))


@lru_cache(maxsize=4096)  # the same item, under the same task, in each township of a county
def shared_words(text: str, name: str) -> tuple[str, ...]:
    """The runs of at least MIN_REASON characters a task and an item name share, in task order."""
    blocks = SequenceMatcher(None, text, name, autojunk=False).get_matching_blocks()
    return tuple(text[block.a:block.a + block.size] for block in blocks if block.size >= MIN_REASON)
