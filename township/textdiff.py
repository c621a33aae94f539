"""Inline text differences for Chinese: which characters (or Latin words) changed between two texts.

One engine serves the version diff, the compare page and the admin's revision diffs: `diff`
gives one sequence of segments (kept, added, removed), and `inline_diff` projects it onto the
old and the new side.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

# A Latin word or a number is one token; every other character (each Han character, each
# punctuation mark) is a token of its own, so Chinese text is compared character by character.
TOKEN = re.compile(r"[A-Za-z0-9]+(?:[.,][0-9]+)*|\s+|.", re.S)
# An unchanged run this short between two changes is noise ("的", "、"): showing it as kept
# splits one rewritten phrase into fragments nobody can read.
NOISE_TOKENS = 1


SAME = "same"
ADDED = "added"  # only the new (or compared) text has it
REMOVED = "removed"  # only the old (or reference) text has it


@dataclass(frozen=True)
class Segment:
    """A run of text both sides share (SAME), or that only the new (ADDED) or the old (REMOVED) has."""

    text: str
    change: str = SAME

    @property
    def changed(self) -> bool:
        """Whether only one side has this text."""
        return self.change != SAME


@dataclass(frozen=True)
class Line:
    """One line of one side: `status` is same, changed (some segments differ), removed or added."""

    status: str
    segments: tuple[Segment, ...]


def tokens(text: str) -> list[str]:
    """Split text into the units a difference is measured in."""
    return TOKEN.findall(text)


def _opcodes(old: list[str], new: list[str]) -> list[tuple[str, int, int, int, int]]:
    """SequenceMatcher's opcodes, with noise-sized equal runs between changes folded into them."""
    codes = SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
    merged: list[list] = []
    for index, (tag, i1, i2, j1, j2) in enumerate(codes):
        between_changes = 0 < index < len(codes) - 1
        if tag == "equal" and between_changes and i2 - i1 <= NOISE_TOKENS:
            tag = "replace"
        if merged and tag != "equal" and merged[-1][0] != "equal":
            merged[-1][0], merged[-1][2], merged[-1][4] = "replace", i2, j2
        else:
            merged.append([tag, i1, i2, j1, j2])
    return [tuple(code) for code in merged]


def _segments(parts: list[Segment]) -> tuple[Segment, ...]:
    """Join neighbouring runs with the same change into one segment; drop empty runs."""
    segments: list[Segment] = []
    for part in parts:
        if not part.text:
            continue
        if segments and segments[-1].change == part.change:
            segments[-1] = Segment(segments[-1].text + part.text, part.change)
        else:
            segments.append(part)
    return tuple(segments)


def diff(old: str, new: str) -> tuple[Segment, ...]:
    """Both texts as one run of segments: kept, removed (only in `old`), added (only in `new`).

    A rewritten run reads as what was removed followed by what replaced it. The old text is the
    segments that are not ADDED, the new text those that are not REMOVED.
    """
    old_tokens, new_tokens = tokens(old), tokens(new)
    parts: list[Segment] = []
    for tag, i1, i2, j1, j2 in _opcodes(old_tokens, new_tokens):
        if tag == "equal":
            parts.append(Segment("".join(old_tokens[i1:i2]), SAME))
            continue
        parts.append(Segment("".join(old_tokens[i1:i2]), REMOVED))
        parts.append(Segment("".join(new_tokens[j1:j2]), ADDED))
    return _segments(parts)


def inline_diff(old: str, new: str) -> tuple[tuple[Segment, ...], tuple[Segment, ...]]:
    """Both sides of a text change as segments: the old side (kept and REMOVED), the new (kept and ADDED)."""
    merged = diff(old, new)
    before = _segments([segment for segment in merged if segment.change != ADDED])
    after = _segments([segment for segment in merged if segment.change != REMOVED])
    return before, after


def _whole(text: str, status: str) -> Line:
    """A line only one side has, all of it marked."""
    return Line(status, (Segment(text, status),) if text else ())


def _replaced_lines(old: list[str], new: list[str]) -> tuple[list[Line], list[Line]]:
    """Lines rewritten in place: paired in order and compared inline; any surplus is whole."""
    before, after = [], []
    for index in range(max(len(old), len(new))):
        if index >= len(new):
            before.append(_whole(old[index], REMOVED))
        elif index >= len(old):
            after.append(_whole(new[index], ADDED))
        else:
            old_segments, new_segments = inline_diff(old[index], new[index])
            before.append(Line("changed", old_segments))
            after.append(Line("changed", new_segments))
    return before, after


def lines_diff(old: list[str], new: list[str]) -> tuple[list[Line], list[Line]]:
    """Both sides of a multi-line text: lines matched first, then changed lines compared inline."""
    before: list[Line] = []
    after: list[Line] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            before += [Line(SAME, (Segment(text),)) for text in old[i1:i2]]
            after += [Line(SAME, (Segment(text),)) for text in new[j1:j2]]
        else:
            removed, added = _replaced_lines(old[i1:i2], new[j1:j2])
            before += removed
            after += added
    return before, after
