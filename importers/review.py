"""The document-level pass over parsed items: canonical categories and 序号 checks."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace
from typing import Union

from importers.records import (
    FLAG_CATEGORY_INFERRED,
    PARTS,
    PART_TITLES,
    BasicItem,
    CoordinatingItem,
    ParsedItems,
    ParseIssue,
    Preamble,
    ReclaimedItem,
    ReviewFlag,
)
from importers.vocabulary import DEFAULT_CATEGORIES, canonical_category, compact_category

Item = Union[BasicItem, CoordinatingItem, ReclaimedItem]

# When a whole part has no readable category there is nothing to infer from.
UNCLASSIFIED = "未分类"
# An unknown category written the same way on this many items is a real category of this
# list (OCR garbage does not repeat itself), so it is kept rather than overwritten.
MIN_REPEATS_FOR_NEW_CATEGORY = 2
NEW_CATEGORY_MAX_LEN = 10

CATEGORY_INFERRED = "原类别“{raw}”无法识别，按相邻事项推定为“{category}”"
CATEGORY_EMPTY_INFERRED = "原类别为空，按相邻事项推定为“{category}”"
CATEGORY_UNKNOWN = "{title}：类别“{category}”不在类别表中，按原样保留（{count} 项）"
SEQUENCE_DUPLICATE = "{title}：序号 {seq} 重复（第 {first} 行与第 {line} 行）"
SEQUENCE_GAP = "{title}：缺少序号 {missing}（第 {line} 行的序号 {seq} 之前）"
SEQUENCE_BACKWARDS = "{title}：序号 {seq} 出现在序号 {previous} 之后（第 {line} 行）"


def _part_items(items: ParsedItems) -> dict[str, tuple[Item, ...]]:
    """The items of each part, keyed by part code."""
    return {part: getattr(items, part) for part in PARTS}


def part_category(raw: str, stated: tuple[str, ...]) -> str | None:
    """The canonical category of a cell: the part's stated categories first, then the defaults."""
    return canonical_category(raw, stated) or canonical_category(raw, DEFAULT_CATEGORIES)


def _known_categories(part_items: tuple[Item, ...], stated: tuple[str, ...]) -> list[str | None]:
    """Each item's canonical category, the list's own repeated new categories, or None."""
    canonical = [part_category(item.category, stated) for item in part_items]
    repeats = Counter(
        compact_category(item.category) for item, known in zip(part_items, canonical) if not known
    )
    own = tuple(raw for raw, count in repeats.items() if _is_new_category(raw, count))
    # The list's own categories are damaged like the others ("农业农" for 农业农村).
    return [
        known or canonical_category(item.category, own)
        for item, known in zip(part_items, canonical)
    ]


def _is_new_category(raw: str, repeats: int) -> bool:
    """Whether an unrecognised category reads as a real word the list uses more than once."""
    is_chinese = bool(raw) and all("\u3400" <= char <= "\u9fff" for char in raw)
    short_enough = len(raw) <= NEW_CATEGORY_MAX_LEN
    return is_chinese and short_enough and repeats >= MIN_REPEATS_FOR_NEW_CATEGORY


def infer_category(known: list[str | None], index: int) -> str | None:
    """The category an unreadable item most likely has: its neighbours' (previous wins a tie)."""
    previous = next((c for c in reversed(known[:index]) if c), None)
    following = next((c for c in known[index + 1:] if c), None)
    return previous or following


def _with_category(item: Item, category: str, inferred: bool) -> Item:
    """The item with its category set; an inferred one carries a FLAG_CATEGORY_INFERRED flag."""
    if not inferred:
        return item if item.category == category else replace(item, category=category)
    raw = " ".join(item.category.split())  # as published, only its line breaks tidied
    detail = (
        CATEGORY_INFERRED.format(raw=raw, category=category)
        if raw
        else CATEGORY_EMPTY_INFERRED.format(category=category)
    )
    flags = tuple(flag for flag in item.flags if flag.code != FLAG_CATEGORY_INFERRED)
    flag = ReviewFlag(FLAG_CATEGORY_INFERRED, detail)
    return replace(item, category=category, flags=flags + (flag,))


def review_categories(
    part_items: tuple[Item, ...], stated: tuple[str, ...] = ()
) -> tuple[Item, ...]:
    """Give every item of one part a canonical category; infer unreadable ones from neighbours."""
    known = _known_categories(part_items, stated)
    reviewed = []
    for index, item in enumerate(part_items):
        if known[index]:
            reviewed.append(_with_category(item, known[index], inferred=False))
        else:
            category = infer_category(known, index) or UNCLASSIFIED
            reviewed.append(_with_category(item, category, inferred=True))
    return tuple(reviewed)


def _new_category_issues(
    part: str, reviewed: tuple[Item, ...], stated: tuple[str, ...], source: str
) -> list[ParseIssue]:
    """One report line per category kept as published because no vocabulary entry matched."""
    unknown = Counter(
        item.category
        for item in reviewed
        if item.category != UNCLASSIFIED and part_category(item.category, stated) is None
    )
    return [
        ParseIssue(
            file=source,
            line=None,
            code="category_unknown",
            message=CATEGORY_UNKNOWN.format(
                title=PART_TITLES[part], category=category, count=count
            ),
        )
        for category, count in unknown.items()
    ]


def sequence_issues(part: str, part_items: tuple[Item, ...], *, source: str) -> list[ParseIssue]:
    """Gaps, duplicates and backward steps in one part's 序号 column, with line numbers."""
    issues, first_line, previous = [], {}, 0
    title = PART_TITLES[part]
    for item in part_items:
        if item.seq in first_line:
            first = first_line[item.seq]
            message = SEQUENCE_DUPLICATE.format(
                title=title, seq=item.seq, first=first, line=item.line
            )
        elif item.seq < previous:
            message = SEQUENCE_BACKWARDS.format(
                title=title, seq=item.seq, previous=previous, line=item.line
            )
        elif item.seq > previous + 1:
            missing = _span(previous + 1, item.seq - 1)
            message = SEQUENCE_GAP.format(
                title=title, missing=missing, line=item.line, seq=item.seq
            )
        else:
            message = None
        if message:
            issues.append(ParseIssue(file=source, line=item.line, code="sequence", message=message))
        first_line.setdefault(item.seq, item.line)
        previous = max(previous, item.seq)
    return issues


def _span(first: int, last: int) -> str:
    """'5' or '5–7' for a run of missing numbers."""
    return str(first) if first == last else f"{first}–{last}"


def review_items(
    items: ParsedItems, *, preamble: Preamble, source: str
) -> tuple[ParsedItems, list[ParseIssue]]:
    """Canonical (or inferred, flagged) categories for every item, plus 序号 issues for the report."""
    reviewed: dict[str, tuple[Item, ...]] = {}
    issues: list[ParseIssue] = []
    for part, part_items in _part_items(items).items():
        stated = tuple(preamble.stated.categories.get(part, ()))
        reviewed[part] = review_categories(part_items, stated)
        issues += _new_category_issues(part, reviewed[part], stated, source)
        issues += sequence_issues(part, part_items, source=source)
    return replace(items, **reviewed), issues
