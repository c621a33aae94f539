"""How text wraps in a printed column: widths, lines that fill their column, step marks."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

# A step ("1." "2．" "3、") or a sub-heading ("一、") opening a paragraph of a duty column.
_STEP_MARK = re.compile(r"^(\d{1,2})\s*[.．、](?!\d)")
HEADING_MARK = re.compile(r"^([一二三四五六七八九十]{1,3})、")
SENTENCE_END = "。；;.！!？?）)”"


def printed_width(text: str) -> float:
    """Printed width in full-width characters: Chinese and ambiguous-width marks 1, ASCII ½."""
    return sum(1.0 if unicodedata.east_asian_width(c) in "WFA" else 0.5 for c in text.strip())


def most_common_width(widths: list[float], default: float) -> float:
    """The most common width (whole characters; the wider on a tie), or the default."""
    counts = Counter(int(width) for width in widths)
    return float(max(counts, key=lambda w: (counts[w], w))) if counts else default


def fills(text: str, width: float, margin: float | None = None) -> bool:
    """True when a line reaches its column's edge (so the cell wraps on to the next line).

    Wrapping leaves less than one character of room; the default margin grows a little with
    the width because digits and Latin letters are narrower than half a character.
    """
    return printed_width(text) >= width - (max(0.5, width * 0.04) if margin is None else margin)


def wrapped_at(texts: list[str], width: float) -> bool:
    """True when lines could be one cell of a narrow column: all fit, all but the last fill it.

    A whole character of room is allowed: an opening bracket or a Latin word that does not
    fit moves to the next line and leaves its place empty ("拔任用、职级" / "（职员等级）晋").
    """
    fits = all(printed_width(text) <= width + 1 for text in texts)
    return bool(texts) and fits and all(fills(text, width, 1.0) for text in texts[:-1])


def odd_lines(texts: list[str], width: float) -> int:
    """How many lines wrap unusually: stopping a character short of the edge, or overrunning it."""
    short = sum(not fills(text, width) for text in texts[:-1])
    return short + sum(printed_width(text) > width + 0.5 for text in texts)


def is_mark(text: str) -> bool:
    """True when a line opens a numbered step or a sub-heading."""
    return bool(_STEP_MARK.match(text) or HEADING_MARK.match(text))


def mark_kind(text: str) -> str | None:
    """What a line opens: "first step", "step", "first heading", "heading" or None."""
    step = _STEP_MARK.match(text)
    if step:
        return "first step" if int(step.group(1)) == 1 else "step"
    heading = HEADING_MARK.match(text)
    if heading:
        return "first heading" if heading.group(1) == "一" else "heading"
    return None
