"""What the portal's SVG charts share: text measured in pixels, labels cut to fit, legend, scale.

Charts place bars in percentages of their width and size text in pixels, so that one chart fills
a phone or a desktop column and its text stays readable (a scaled viewBox would shrink it).
Everything is laid out to read at NARROWEST px, the width of a phone less the page's margins.
"""

from __future__ import annotations

import math
import unicodedata
from typing import Sequence

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

FONT = 13  # px, as the pages' CSS sets it for svg.chart
NARROWEST = 320  # px: every chart must read at this width
PLOT = 85  # % of the width the longest bar takes; the rest holds the figure after it
LEGEND_ROW = 20
SWATCH = 12
SWATCH_GAP = 4  # px between a swatch and its name
LEGEND_GAP = 16  # px between one legend entry and the next


def text_width(text: str) -> float:
    """Roughly how wide text is drawn, in px: Han and full-width characters take a whole em."""
    wide = sum(1 for char in text if unicodedata.east_asian_width(char) in "WF")
    return (wide + 0.6 * (len(text) - wide)) * FONT


def fit_label(text: str, room: float) -> str:
    """The label, cut with an ellipsis when it would not fit in `room` px."""
    if text_width(text) <= room:
        return text
    while text and text_width(text + "…") > room:
        text = text[:-1]
    return text + "…"


def coordinate(number: float) -> str:
    """A coordinate as SVG wants it: at most two decimals."""
    return f"{number:.2f}".rstrip("0").rstrip(".")


def legend(entries: Sequence[tuple[str, str]]) -> tuple[SafeString, int]:
    """(CSS class, name) entries as swatches and names wrapped to NARROWEST; and the height taken.

    A name too long for a whole row is cut with an ellipsis (the table beside the chart has it).
    """
    items, x, row = [], 0.0, 0
    name_room = NARROWEST - SWATCH - SWATCH_GAP
    for css_class, name in entries:
        name = fit_label(name, name_room)
        width = SWATCH + SWATCH_GAP + text_width(name) + LEGEND_GAP
        if x and x + width - LEGEND_GAP > NARROWEST:
            x, row = 0.0, row + 1
        top = row * LEGEND_ROW + 2
        items.append((css_class, coordinate(x), top, coordinate(x + SWATCH + SWATCH_GAP), top + SWATCH - 1, name))
        x += width
    markup = format_html_join(
        "", '<g class="chart-legend-item"><rect class="{0}" x="{1}" y="{2}" width="12" height="12"/>'
        '<text x="{3}" y="{4}">{5}</text></g>', items)
    return markup, (row + 1) * LEGEND_ROW + 6


def nice_step(largest: int, *, most_ticks: int = 5) -> int:
    """A round axis step (1, 2 or 5 times a power of ten) giving at most `most_ticks` steps."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if largest <= most_ticks * step * factor:
                return step * factor
        step *= 10


def axis_end(largest: int) -> tuple[int, int]:
    """Where an axis of round steps ends (the first tick at or past `largest`), and its step."""
    step = nice_step(max(largest, 1))
    return step * max(1, math.ceil(largest / step)), step


def scale(largest: float, *, plot: float = PLOT) -> float:
    """Percent of the chart's width per unit, so that `largest` takes `plot` percent."""
    return plot / max(largest, 1)
