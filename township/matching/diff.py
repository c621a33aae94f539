"""How one wording of a duty differs from another, character by character."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

SAME = "same"
ADDED = "added"
REMOVED = "removed"


@dataclass(frozen=True)
class Segment:
    """A run of text that both wordings share, or that only one of them has."""

    text: str
    change: str  # SAME, ADDED (only in the other wording) or REMOVED (only in the reference)


def wording_diff(reference: str, other: str) -> list[Segment]:
    """`other` as runs shared with `reference`, added to it, or missing from it.

    A single shared character between two changes is folded into them: "县级以上" against
    "市级以上" reads better as one change than as scattered letters.
    """
    runs: list[tuple[str, str, str]] = []  # (tag, reference text, other text)
    for op in Levenshtein.opcodes(reference, other):
        runs.append((op.tag, reference[op.src_start:op.src_end], other[op.dest_start:op.dest_end]))
    return _segments(_fold_lone_characters(runs))


def _fold_lone_characters(runs: list[tuple[str, str, str]]) -> list[tuple[str, str, str]]:
    folded: list[tuple[str, str, str]] = []
    for index, (tag, old, new) in enumerate(runs):
        between_changes = 0 < index < len(runs) - 1 and folded and folded[-1][0] != "equal"
        if tag == "equal" and len(old) == 1 and between_changes and runs[index + 1][0] != "equal":
            tag = "replace"
        if folded and tag != "equal" and folded[-1][0] != "equal":
            _, old_before, new_before = folded.pop()
            tag, old, new = "replace", old_before + old, new_before + new
        folded.append((tag, old, new))
    return folded


def _segments(runs: list[tuple[str, str, str]]) -> list[Segment]:
    segments: list[Segment] = []
    for tag, old, new in runs:
        if tag == "equal":
            segments.append(Segment(new, SAME))
            continue
        if old:
            segments.append(Segment(old, REMOVED))
        if new:
            segments.append(Segment(new, ADDED))
    return segments
