"""Centred text placed back in the cells it is centred in: the one search rows and merged
categories share.

A Word table drawn by LibreOffice centres 序号 (and a merged 事项类别) vertically in its cell,
and `pdftotext -layout` keeps no rules, so the text alone does not say where a cell starts. It
does say where the centred text sits among the lines of the page: on a line (an odd number of
lines above and below it in its cell) or on a line of its own between two lines (an even
number). Measured on LibreOffice PDFs: every line of text takes the same height and the cell's
padding is the same above and below, so a cell of lines [start, end) holds its centred text at
(start + end) / 2. Positions here count lines of text: line t spans [t, t + 1), so text on it
sits at t + 0.5 and text on a line of its own just above line t sits at t.

The cells are found together, page by page, as the cuts that best centre every mark in its
cell (a shortest path over the possible cuts; each mark's cell must contain it). The caller
adds evidence of its own to each cell's cost (a cell's columns all start on its first line).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

# A cell with no centred text of its own at the top or the bottom of a page (the rest of a
# cell the page break cut) costs this much, so a page is read whole when the centring allows.
EDGE_COST = 0.5
_INFINITY = float("inf")


def centring_cost(start: float, end: float, centre: float) -> float:
    """How far text at `centre` is from the middle of a cell spanning [start, end)."""
    return abs(start + end - 2 * centre)


def best_cuts(
    centres: Sequence[float],
    cuts: Sequence[float],
    cost: Callable[[int | None, int, int], float],
) -> tuple[int, int, list[int]] | None:
    """The cuts (indices into `cuts`) that place each centre in a cell of its own.

    `cost(mark, first, last)` prices mark's cell from cuts[first] to cuts[last]; mark None is
    the cell-less stretch above the first mark's cell (first == 0) or below the last's
    (last == len(cuts) - 1). Returns (top, bottom, starts): where the first cell starts,
    where the last one ends, and each cell's start; None when the marks cannot be placed.
    """
    if not centres:
        return None
    count = len(cuts)
    # best[first] = (cost, starts so far) for the next mark's cell starting at cuts[first]
    best: dict[int, tuple[float, list[int]]] = {}
    for first in range(count - 1):
        if cuts[first] <= centres[0]:
            best[first] = (cost(None, 0, first) if first else 0.0, [first])
    for mark, centre in enumerate(centres):
        following: dict[int, tuple[float, list[int]]] = {}
        for first, (so_far, starts) in best.items():
            for last in range(first + 1, count):
                if cuts[last] <= centre:
                    continue  # the cell must contain its mark (one on a cut is the cell below's)
                if mark + 1 < len(centres) and cuts[last] > centres[mark + 1]:
                    break
                total = so_far + cost(mark, first, last)
                if total < following.get(last, (_INFINITY,))[0]:
                    following[last] = (total, starts + [last])
        best = following
    finals = [(total + (cost(None, last, count - 1) if last < count - 1 else 0.0), last, starts)
              for last, (total, starts) in best.items()]  # fmt: skip
    if not finals:
        return None
    _, bottom, starts = min(finals, key=lambda final: final[0])
    return starts[0], bottom, starts[:-1]
