"""From a PDF's placed characters to visual lines, and from visual lines to paragraphs.

A PDF has no paragraphs: only glyphs at positions. Lines come from glyphs sharing a vertical
band; paragraphs from where a line stops short of the text area's right edge, from punctuation
that ends a sentence, from step numbers and department labels that start one, and from spacing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from statistics import median

# A wrapped line stops short of the right edge by what is left of the width (under one glyph),
# plus one or two glyphs that Chinese line breaking moves to the next line: a character that may
# not end a line, or the one before a "，" or "”" that may not start one. Measured on
# LibreOffice PDFs: wrapped lines end up to 2 glyphs short of the fullest line in their cell.
FULL_LINE_SLACK = 2.5  # in glyph sizes
# Space after a paragraph shows as a line pitch well above the text's usual one; when a run has
# too few lines to know its usual pitch, a gap of a glyph's height between lines is a break.
PARAGRAPH_PITCH = 1.3  # times the median line pitch
PARAGRAPH_GAP = 1.0  # in glyph sizes, between one line's bottom and the next line's top
# A gap this wide between two glyphs of one line is a space the PDF did not draw as a glyph.
SPACE_GAP = 0.25  # in glyph sizes
# A glyph drawn twice at (almost) the same place is fake bold, read once.
DUPLICATE_OFFSET = 0.3  # in glyph sizes

# What starts a paragraph of its own: a step number ("1." "2、" "（一）" "(3)" "①"), not a
# decimal ("2.5 万亩"); and, after a "label: value" paragraph, a label ("工作方式：", "县委组织部：").
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


def _needs_space(previous: Glyph, glyph: Glyph, size: float) -> bool:
    """Whether the gap between two glyphs stands for a space the PDF did not draw."""
    if glyph.text.isspace() or previous.text.isspace():
        return False
    if _is_wide(glyph.text) and _is_wide(previous.text):
        return False  # justified Chinese is spread out, never spaced
    return glyph.x0 - previous.x1 > SPACE_GAP * size


def _band_text(band: list[Glyph], size: float) -> str:
    """The band's glyphs left to right, fake bold read once, gaps read as spaces."""
    parts: list[str] = []
    previous: Glyph | None = None
    for glyph in sorted(band, key=lambda glyph: glyph.x0):
        if previous is not None:
            if glyph.text == previous.text and abs(glyph.x0 - previous.x0) < DUPLICATE_OFFSET * size:
                continue
            if _needs_space(previous, glyph, size):
                parts.append(" ")
        parts.append(glyph.text)
        previous = glyph
    return re.sub(r"\s+", " ", "".join(parts)).strip()


def _line(band: list[Glyph]) -> Line | None:
    """The band's glyphs as one line, or None when they are all spaces."""
    size = median(glyph.size for glyph in band)
    text = _band_text(band, size)
    if not text:
        return None
    inked = [glyph for glyph in band if not glyph.text.isspace()]
    return Line(
        text=text,
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
    """Whether a line opens a paragraph whatever came before it: a step number."""
    return bool(_STEP_START.match(text))


def _starts_label(paragraph: str, line: Line) -> bool:
    # A label opens a paragraph after a "label: value" one ("承接部门：…" then "工作方式：…"); after
    # a full line without a colon it is the tail of a wrapped label ("于田县人力资源和社会" /
    # "保障局："), and after a short line the paragraph has ended anyway.
    return bool(_LABEL_START.match(line.text)) and any(colon in paragraph for colon in "：:")


@dataclass(frozen=True)
class _Area:
    """Where wrapped lines end and how far apart the lines of one paragraph are."""

    right: float
    pitch: float | None


def _area(lines: list[Line], right: float) -> _Area:
    # The fullest line shows the real edge when some line comes near the estimated one.
    fullest = max(line.x1 for line in lines)
    if fullest >= right - 1.5 * median(line.size for line in lines):
        right = fullest
    pitches = [line.top - previous.top for previous, line in zip(lines, lines[1:])]
    return _Area(right, median(pitches) if len(pitches) >= 2 else None)


def _spaced(previous: Line, line: Line, area: _Area) -> bool:
    if area.pitch is not None:
        return line.top - previous.top > PARAGRAPH_PITCH * area.pitch
    return line.top - previous.bottom > PARAGRAPH_GAP * max(previous.size, line.size)


def _breaks(paragraph: str, previous: Line, line: Line, area: _Area) -> bool:
    """Whether `line` starts a new paragraph after `previous`, the last line of `paragraph`."""
    return (
        starts_paragraph(line.text)
        or _starts_label(paragraph, line)
        or previous.text.endswith(_PARAGRAPH_END)
        or previous.x1 < area.right - FULL_LINE_SLACK * previous.size
        or _spaced(previous, line, area)
    )


def _joined(left: str, right: str) -> str:
    """Two pieces of a wrapped paragraph: Chinese joins without a space, Latin words with one."""
    if _ASCII_WORD.match(left[-1:]) and _ASCII_WORD.match(right[:1]):
        return f"{left} {right}"
    return left + right


def paragraphs(lines: list[Line], *, right: float) -> list[tuple[Line, str]]:
    """Lines joined into paragraphs, each with its first line, for a text area ending at `right`."""
    found: list[tuple[Line, str]] = []
    area = _area(lines, right) if lines else None
    previous: Line | None = None
    for line in lines:
        if previous is None or _breaks(found[-1][1], previous, line, area):
            found.append((line, line.text))
        else:
            first, text = found[-1]
            found[-1] = (first, _joined(text, line.text))
        previous = line
    return found
