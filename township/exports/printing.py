"""How an export sheet prints: row heights from the text, tall items over several rows, page set-up.

Spreadsheet programs store a row's height in the file and do not all recompute it: LibreOffice
and WPS print a wrapped cell of a row without a height as a single line. So every row gets a
height from its text: each cell's lines (explicit breaks, then wrapping at the column's width,
a CJK character taking two width units, an ASCII one) times a line height from the font size.
A row holds at most 409 points (Excel's limit; none of the programs splits a row over pages),
so an item taller than that is written over several rows (see `split_tall_row`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

FONT_SIZE = 11  # points: openpyxl's default font, which every body cell uses
# Points of line per point of font: CJK fonts (Noto Sans CJK, 等线, 微软雅黑) set lines about
# 1.3 to 1.45 em apart; the larger keeps the last line of a cell inside its row everywhere.
LINE_SPACING = 1.45
ROW_PADDING = 4.0  # points above and below the text
MAX_ROW_HEIGHT = 409.0  # Excel refuses taller rows
CELL_MARGIN = 1.5  # width units a cell loses to its margins
# Wrapping breaks before a word or a closing punctuation mark, not exactly at the edge: count
# each line this much fuller than its characters, so a wrapped line is never one too few.
WRAP_SLACK = 1.08
PAGE_FOOTER = "第 &P 页 共 &N 页"
PORTRAIT_MAX_WIDTH = 95  # width units that fit across portrait A4 at full size


def text_width(line: str) -> float:
    """Width units one line of text takes: ASCII one each, CJK and full-width characters two.

    Counted from the UTF-8 length (CJK characters and full-width punctuation take three bytes,
    ASCII one) so that a 15,000-row export measures its text at C speed.
    """
    return len(line) + (len(line.encode("utf-8")) - len(line)) / 2


def line_count(value: object, width: float) -> int:
    """How many lines `value` takes in a wrapped cell `width` units wide."""
    if value is None or value == "":
        return 1
    capacity = max(width - CELL_MARGIN, 1.0)
    return sum(max(1, math.ceil(text_width(line) * WRAP_SLACK / capacity)) for line in str(value).split("\n"))


def line_height(font_size: float = FONT_SIZE) -> float:
    """Points one line of text takes at this font size."""
    return font_size * LINE_SPACING


def row_height(values: Iterable[object], widths: Sequence[float], *, font_size: float = FONT_SIZE) -> float:
    """Points a row needs to show every line of its tallest cell (one line at least, 409 at most)."""
    lines = max((line_count(value, width) for value, width in zip(values, widths)), default=1)
    return min(MAX_ROW_HEIGHT, round(lines * line_height(font_size) + ROW_PADDING, 1))


def max_lines(font_size: float = FONT_SIZE) -> int:
    """The most lines one row can show."""
    return int((MAX_ROW_HEIGHT - ROW_PADDING) // line_height(font_size))


def _chunks(value: str, width: float, limit: int) -> list[str]:
    """`value` cut at line breaks into pieces of at most `limit` printed lines (a longer line stays whole)."""
    chunks: list[list[str]] = [[]]
    used = 0
    for line in value.split("\n"):
        lines = line_count(line, width)
        if chunks[-1] and used + lines > limit:
            chunks.append([])
            used = 0
        chunks[-1].append(line)
        used += lines
    return ["\n".join(chunk) for chunk in chunks]


def split_tall_row(values: Sequence[object], widths: Sequence[float], splittable: Sequence[bool],
                   *, font_size: float = FONT_SIZE) -> list[list[object]]:
    """One row, or several when it is taller than a row can be: the splittable cells continue below.

    The continuation rows leave every other cell empty (the reader joins a row without 序号,
    类别 and 名称 to the item above, with a line break), so the text is cut only at its breaks.
    """
    limit = max_lines(font_size)
    pieces = [_chunks(value, width, limit) if split and isinstance(value, str) else [value]
              for value, width, split in zip(values, widths, splittable)]
    depth = max((len(piece) for piece in pieces), default=1)
    return [[piece[index] if index < len(piece) else None for piece in pieces] for index in range(depth)]


def footer_text(text: str) -> str:
    """Text for a header or footer, its ampersands doubled (a single & starts a field code)."""
    return text.replace("&", "&&")


def is_portrait(widths: Sequence[float]) -> bool:
    """Whether the columns fit across a portrait A4 page without shrinking the text."""
    return sum(widths) <= PORTRAIT_MAX_WIDTH
