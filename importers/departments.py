"""Resolve upper-level department names as published to one department per real department."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

# The naming tables and keys live in importers.department_names; the public ones stay importable
# from here.
from importers.department_names import (
    ABBREVIATIONS,
    BODIES_SERVED_BY_OFFICE,
    DEPARTMENT_SUFFIXES,
    EXPANSIONS,
    KNOWN_DEPARTMENTS,
    KNOWN_KEYS,
    PARTY_ORGAN_HEADS,
    PlacePrefixes,
    candidate_keys,
    department_key,
    department_suffix,
    display_form,
    looks_like_department,
    name_core,
    place_prefixes,
)
from importers.normalize import CJK

__all__ = [
    "ABBREVIATIONS", "BODIES_SERVED_BY_OFFICE", "DEPARTMENT_SUFFIXES", "KNOWN_DEPARTMENTS",
    "KNOWN_KEYS", "PARTY_ORGAN_HEADS", "Resolution", "department_key", "display_form",
    "is_typo_pair", "looks_like_department", "resolve_departments", "within_one_edit",
]  # fmt: skip

_SPACES = re.compile(r"\s+")
_MIN_TYPO_LENGTH = 5
_MIN_TAIL_LENGTH = 4


@dataclass(frozen=True)
class Resolution:
    """Published department names resolved to canonical departments, and those left unresolved."""

    canonical: dict[str, str] = field(default_factory=dict)  # published name -> display name
    aliases: dict[str, set[str]] = field(default_factory=dict)  # display name -> other spellings
    unresolved: set[str] = field(default_factory=set)  # published names that are no department

    @property
    def departments(self) -> tuple[str, ...]:
        """The distinct canonical departments, sorted."""
        return tuple(sorted(set(self.canonical.values())))


# ---------------------------------------------------------------------------------------------
# Resolving a list's names


@dataclass(frozen=True)
class _Spelling:
    """One distinct published name with what the resolver needs to know about it."""

    name: str
    display: str
    candidates: tuple[str, ...]
    had_place: bool
    count: int
    is_department: bool
    abbreviated: bool


def _spelling(name: str, count: int, places: PlacePrefixes) -> _Spelling:
    """Describe one published name."""
    core, had_place = name_core(name, places)
    candidates = candidate_keys(core)
    return _Spelling(
        name=name,
        display=display_form(name),
        candidates=candidates,
        had_place=had_place,
        count=count,
        is_department=looks_like_department(name) and bool(candidates[0]),
        abbreviated=candidates[0] not in (core, core[1:]),
    )


def _choose_keys(spellings: list[_Spelling]) -> dict[str, str]:
    """Each department spelling's key; an ambiguous short form takes the full form the list uses."""
    spelled_out = {s.candidates[0] for s in spellings if not s.abbreviated}
    return {
        s.name: next((key for key in s.candidates if key in spelled_out), s.candidates[0])
        for s in spellings
    }


def within_one_edit(first: str, second: str) -> bool:
    """True when the strings differ by at most one inserted, deleted or replaced character."""
    if abs(len(first) - len(second)) > 1:
        return False
    if len(first) > len(second):
        first, second = second, first
    start = next((i for i, (a, b) in enumerate(zip(first, second)) if a != b), len(first))
    if len(first) == len(second):
        return first[start + 1 :] == second[start + 1 :]
    return first[start:] == second[start + 1 :]


def _own_parts(first: str, second: str) -> tuple[str, str]:
    """Drop a known parent department both keys start with (公安局交警大队 → 交警大队)."""
    parents = [k for k in KNOWN_KEYS if first.startswith(k) and second.startswith(k)]
    if not parents:
        return first, second
    parent = max(parents, key=len)
    return first[len(parent):], second[len(parent):]


def is_typo_pair(first: str, second: str) -> bool:
    """Two keys that are one department spelled with a typo or an OCR error.

    One edit is allowed only between names of at least five characters (one edit ≤ 20 % of the
    name) with the same department suffix. Real departments one character apart are short core
    names whose single character carries the meaning (教育局/体育局, 民政局/财政局, 统计局/审计局,
    水利局/水务局), while slips in the long names (文化体育广播电视台和旅游局, 残联人联合会,
    机构编办委员会办公室, 生态环境分局) are one edit. Two edits would already merge real pairs
    (自然资源局/水资源局), so the threshold is one. Names both in KNOWN_DEPARTMENTS never merge,
    and a shared known parent is ignored so that sub-units (…交警大队/…刑警大队) compare on their own part.
    """
    if first == second or (first in KNOWN_KEYS and second in KNOWN_KEYS):
        return False
    own_first, own_second = _own_parts(first, second)
    return (
        min(len(own_first), len(own_second)) >= _MIN_TYPO_LENGTH
        and department_suffix(own_first) == department_suffix(own_second) != ""
        and within_one_edit(own_first, own_second)
    )


def _cut_off_from(key: str, keys: Iterable[str]) -> str | None:
    """The one longer key this key was cut from by a wrap, if unambiguous: its head lost
    (广播电视旅游局 ← 文化体育广播电视旅游局) or its last one or two characters (残疾人联 ← 残疾人联合会)."""
    if key in KNOWN_KEYS or len(key) < _MIN_TAIL_LENGTH:
        return None
    longer = [
        other
        for other in keys
        if (len(other) > len(key) + 1 and other.endswith(key))
        or (len(key) < len(other) <= len(key) + 2 and other.startswith(key))
    ]
    return longer[0] if len(longer) == 1 else None


def _cluster(key_counts: Counter) -> dict[str, str]:
    """Map every key to its cluster's key: typo pairs merge into the preferred spelling, cut-off
    tails into the name they were cut from."""
    parent = {key: key for key in key_counts}

    def find(key: str) -> str:
        while parent[key] != key:
            key = parent[key]
        return key

    def rank(key: str) -> tuple:
        return (key in KNOWN_KEYS, key_counts[key], len(key), key)

    keys = sorted(key_counts)
    for index, first in enumerate(keys):
        for second in keys[index + 1 :]:
            if is_typo_pair(first, second) and find(first) != find(second):
                loser, winner = sorted((find(first), find(second)), key=rank)
                parent[loser] = winner
    for key in keys:
        head = _cut_off_from(key, keys)
        if head and find(key) != find(head):
            parent[find(key)] = find(head)
    return {key: find(key) for key in keys}


def _complete_fragment(key: str, cluster_of: dict[str, str]) -> str | None:
    """The cluster a non-department fragment belongs to when one character was lost or misread
    (某县农业农村 → 农业农村局, 市场监督管理目 → 市场监督管理局); None otherwise."""
    if len(key) < _MIN_TAIL_LENGTH:
        return None
    near = {
        root
        for known, root in cluster_of.items()
        if len(known) >= _MIN_TYPO_LENGTH and within_one_edit(key, known)
    }
    return near.pop() if len(near) == 1 else None


def _bigrams(text: str) -> list[str]:
    """The character pairs of a key."""
    return [text[index : index + 2] for index in range(len(text) - 1)]


_KNOWN_BIGRAMS = frozenset(
    pair
    for name in KNOWN_KEYS | {key for keys in EXPANSIONS.values() for key in keys}
    for pair in _bigrams(name)
)


def _common_subsequence(first: str, second: str) -> int:
    """Length of the longest common subsequence of two short strings."""
    previous = [0] * (len(second) + 1)
    for char in first:
        current = [0]
        for index, other in enumerate(second):
            best = previous[index] + 1 if char == other else max(previous[index + 1], current[-1])
            current.append(best)
        previous = current
    return previous[-1]


def _is_damaged_copy(key: str, other_keys: Iterable[str]) -> bool:
    """A key made mostly of character pairs no department name has, resembling another
    department of the list: an OCR-mangled copy of it (尚务相上业信自业局 ~ 商务工业信息化局)."""
    if key in KNOWN_KEYS or len(key) < _MIN_TAIL_LENGTH:
        return False
    others = [other for other in other_keys if other != key]
    vocabulary = _KNOWN_BIGRAMS | {pair for other in others for pair in _bigrams(other)}
    pairs = _bigrams(key)
    if sum(pair in vocabulary for pair in pairs) * 2 >= len(pairs):
        return False
    return any(
        department_suffix(other) == department_suffix(key)
        and _common_subsequence(key, other) * 2 >= max(6, min(len(key), len(other)))
        for other in others
    )


# A list that puts its county's name in front of (nearly) every department: a bare name there
# that matches no prefixed department is not a department but a stray fragment (原公东局).
_PREFIXED_LIST_SHARE = 0.9


def resolve_departments(
    names: Iterable[str], *, county: str | None, prefecture: str | None
) -> Resolution:
    """Resolve a part's department names as published to one canonical name per department."""
    counts = Counter(name for name in names if name and name.strip())
    places = place_prefixes(county or _infer_county(counts), prefecture)
    spellings = [_spelling(name, count, places) for name, count in counts.items()]
    departments = [s for s in spellings if s.is_department]
    key_of = _choose_keys(departments)
    key_counts = Counter()
    for spelling in departments:
        key_counts[key_of[spelling.name]] += spelling.count
    cluster_of = _cluster(key_counts)
    members: dict[str, list[_Spelling]] = {}
    for spelling in departments:
        members.setdefault(cluster_of[key_of[spelling.name]], []).append(spelling)
    rejected = _reject_clusters(members, departments)
    unresolved = {s.name for spellings in rejected.values() for s in spellings}
    for spelling in spellings:
        if not spelling.is_department:
            root = _complete_fragment(spelling.candidates[0], cluster_of)
            if root in members:
                members[root].append(spelling)
            else:
                unresolved.add(spelling.name)
    return _resolution(members, unresolved, key_of)


# "某县…" at the start of names: a county-level place written before the department.
_LEADING_COUNTY = re.compile(rf"^([{CJK}]{{2,4}}?(?:县|市|区|旗))(?!场|监|容|政工|政公)")


def _infer_county(counts: Counter) -> str | None:
    """The county a list writes before its departments, when the caller does not know it."""
    found = Counter()
    for name, count in counts.items():
        match = _LEADING_COUNTY.match(_SPACES.sub("", name))
        if match:
            found[match.group(1)] += count
    if not found:
        return None
    county, seen = found.most_common(1)[0]
    return county if seen >= max(2, 0.3 * sum(counts.values())) else None


def _reject_clusters(members: dict[str, list[_Spelling]], departments: list[_Spelling]) -> dict:
    """Pull out clusters that are damage, not departments: mangled copies and stray bare names."""
    total = sum(s.count for s in departments)
    prefixed = sum(s.count for s in departments if s.had_place)
    prefixed_list = total > 0 and prefixed >= _PREFIXED_LIST_SHARE * total
    rejected: dict[str, list[_Spelling]] = {}
    for root, spellings in list(members.items()):
        one_off = sum(s.count for s in spellings) == 1
        stray = prefixed_list and not any(s.had_place for s in spellings)
        if stray or (one_off and _is_damaged_copy(root, members)):
            rejected[root] = members.pop(root)
    return rejected


def _resolution(members: dict, unresolved: set[str], key_of: dict[str, str]) -> Resolution:
    """Build the Resolution: each cluster shown by its fullest spelling."""
    canonical: dict[str, str] = {}
    aliases: dict[str, set[str]] = {}
    for root, spellings in members.items():
        display = max(spellings, key=lambda s: _fullness(s, root, key_of)).display
        aliases[display] = {s.name for s in spellings if s.name != display}
        for spelling in spellings:
            canonical[spelling.name] = display
    return Resolution(canonical=canonical, aliases=aliases, unresolved=unresolved)


def _fullness(spelling: _Spelling, root: str, key_of: dict[str, str]) -> tuple:
    """How good a spelling is to show: the correct, unabbreviated, prefixed, common one."""
    key = key_of.get(spelling.name)
    return (
        key == root,
        key in KNOWN_KEYS,
        spelling.is_department and not spelling.abbreviated,
        spelling.had_place,
        spelling.count,
        len(spelling.display),
        spelling.display,
    )
