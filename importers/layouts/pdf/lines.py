"""From a PDF's placed characters to visual lines, and from visual lines to paragraphs.

A PDF has no paragraphs: only glyphs at positions. Lines come from glyphs sharing a vertical
band; paragraphs from where a line stops short of the text area's right edge, from punctuation
that ends a sentence, from step numbers and department labels that start one, and from spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

# A wrapped line stops within about one glyph of the right edge: Chinese line breaking moves a
# character that may not end a line (or one before a "，" that may not start one) to the next line.
FULL_LINE_SLACK = 1.6  # in glyph sizes
# Word and LibreOffice add space after a paragraph, never between the lines of one.
PARAGRAPH_GAP = 0.5  # in glyph sizes, between one line's bottom and the next line's top
# A gap this wide between two glyphs of one line is a space the PDF did not draw as a glyph.
SPACE_GAP = 0.25  # in glyph sizes
# A glyph drawn twice at (almost) the same place is fake bold, read once.
DUPLICATE_OFFSET = 0.3  # in glyph sizes

# What starts a paragraph of its own inside a cell: a step number ("1." "2、" "（一）" "(3)" "①"),
# not a decimal ("2.5 万亩"), or a department label ("于田县委组织部：", "承接部门：").
_STEP_START = re.compile(
    r"^\s*(?:\d{1,2}\s*[.．、](?!\d)|[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]"
    r"|[一二三四五六七八九十]{1,3}\s*、|[\u2460-\u2473])"
)
_LABEL_START = re.compile(r"^\s*[^\s，。；、：:,;]{2,24}[：:]")
# A line ending like this ends its paragraph even when it reaches the right edge.
_PARAGRAPH_END = ("。", "；", "：", ";", ":")
_ASCII_WORD = re.compile(r"[A-Za-z0-9]")


@dataclass(frozen=True)
class Glyph:
    """One character as pdfplumber places it (page coordinates, top-down)."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float

    @classmethod
    def from_char(cls, char: dict) -> Glyph:
        """A Glyph from one of pdfplumber's `page.chars`."""
        size = char.get("size") or (char["bottom"] - char["top"])
        return cls(char["text"], char["x0"], char["x1"], char["top"], char["bottom"], size)

    @property
    def middle(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Line:
    """One visual line of text: its text read left to right and where it sits."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float


def _bands(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs grouped top to bottom: a glyph whose middle lies within a band's height joins it."""
    bands: list[list[Glyph]] = []
    top = bottom = 0.0
    for glyph in sorted(glyphs, key=lambda glyph: (glyph.top, glyph.x0)):
        if bands and top <= glyph.middle <= bottom:
            bands[-1].append(glyph)
            bottom = max(bottom, glyph.bottom)
        else:
            bands.append([glyph])
            top, bottom = glyph.top, glyph.bottom
    return bands


def _is_wide(text: str) -> bool:
    """A CJK ideograph or full-width punctuation: such glyphs are never separated by spaces."""
    return ord(text[:1] or " ") >= 0x2E80


def _line(band: list[Glyph]) -> Line | None:
    """The band's glyphs as one line, with spaces where the PDF left a gap instead of a glyph."""
    size = median(glyph.size for glyph in band)
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in sorted(band, key=lambda glyph: glyph.x0):
        if previous is not None:
            gap = glyph.x0 - previous.x1
            if glyph.text == previous.text and abs(glyph.x0 - previous.x0) < DUPLICATE_OFFSET * size:
                continue
            spaced = glyph.text.isspace() or previous.text.isspace()
            if gap > SPACE_GAP * size and not spaced and not (_is_wide(glyph.text) and _is_wide(previous.text)):
                parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    text = "".join(parts).strip()
    if not text:
        return None
    inked = [glyph for glyph in band if not glyph.text.isspace()]
    return Line(
        text=re.sub(r"\s+", " ", text),
        x0=min(glyph.x0 for glyph in inked),
        x1=max(glyph.x1 for glyph in inked),
        top=min(glyph.top for glyph in band),
        bottom=max(glyph.bottom for glyph in band),
        size=size,
    )


def text_lines(glyphs: list[Glyph]) -> list[Line]:
    """The visual lines the glyphs form, top to bottom."""
    return [line for band in _bands(glyphs) if (line := _line(band)) is not None]


def starts_paragraph(text: str) -> bool:
    """Whether a line opens a paragraph whatever came before: a step number or a label."""
    return bool(_STEP_START.match(text) or _LABEL_START.match(text))


def _breaks(previous: Line, line: Line, right: float) -> bool:
    """Whether `line` starts a new paragraph after `previous` in a text area ending at `right`."""
    size = max(previous.size, line.size)
    return (
        starts_paragraph(line.text)
        or previous.text.endswith(_PARAGRAPH_END)
        or previous.x1 < right - FULL_LINE_SLACK * size
        or line.top - previous.bottom > PARAGRAPH_GAP * size
    )


def _joined(left: str, right: str) -> str:
    """Two pieces of a wrapped paragraph: Chinese joins without a space, Latin words with one."""
    if _ASCII_WORD.match(left[-1:]) and _ASCII_WORD.match(right[:1]):
        return f"{left} {right}"
    return left + right


def paragraphs(lines: list[Line], *, right: float) -> list[tuple[Line, str]]:
    """Lines joined into paragraphs, each with its first line, for a text area ending at `right`."""
    found: list[tuple[Line, str]] = []
    previous: Line | None = None
    for line in lines:
        if previous is None or _breaks(previous, line, right):
            found.append((line, line.text))
        else:
            first, text = found[-1]
            found[-1] = (first, _joined(text, line.text))
        previous = line
    return found
