"""What the recogniser should see of a page: its text, with rulings and stray specks whitened.

A speck left in a cell reads as "·", "：" or "." at the end of a line. A speck is a compact mark
much smaller than a character and away from any character (a lone 一 is long, not compact);
punctuation is as small but sits on a text line next to a character, so it stays.
"""

from __future__ import annotations

import cv2
import numpy as np

from importers.layouts.scan import geometry, grid

SPECK_AREA = 1 / 8  # of a character's square: smaller marks are specks unless beside a character
SPECK_EXTENT = 1 / 2  # of a character's size: a longer mark is a stroke (一), never a speck
REACH_ACROSS = 1.0  # in character sizes, each way: how far punctuation may sit from its character
REACH_DOWN = 1 / 2  # in character sizes, each way: a mark well above or below a line is no punctuation of it
# Of a character's square: smaller marks are specks even beside a character. Under 19-pixel
# characters at 150 dpi the smallest piece of print (a thin stroke's end the threshold parts
# from its character) covers 4 pixels (1/90 of the square), punctuation 6 or more; a third of a
# scanner's dust, blurred, covers 1 to 3 (fixtures/documents/make_scans.py, measured page 4).
TINY_AREA = 1 / 100


def text_only(gray: np.ndarray, lines: grid.Rulings) -> np.ndarray:
    """The page with its rulings and its isolated specks painted white."""
    cleaned = gray.copy()
    cleaned[cv2.dilate(lines.both, np.ones((3, 3), np.uint8)) > 0] = 255  # text touching a ruling stays
    marks = grid.ink(cleaned)
    size = geometry.character_size(marks)
    if size == 0:
        return cleaned
    count, labels, stats, _ = cv2.connectedComponentsWithStats(marks, connectivity=8)
    extent = np.maximum(stats[:, cv2.CC_STAT_WIDTH], stats[:, cv2.CC_STAT_HEIGHT])
    small = (stats[:, cv2.CC_STAT_AREA] < max(6, SPECK_AREA * size * size)) & (extent < SPECK_EXTENT * size)
    small[0] = False  # the paper
    characters = (labels > 0) & ~small[labels]
    reach = (2 * round(REACH_ACROSS * size) + 1, 2 * round(REACH_DOWN * size) + 1)  # kernel spans both ways
    near = cv2.dilate(characters.astype(np.uint8), cv2.getStructuringElement(cv2.MORPH_RECT, reach)) > 0
    beside = np.bincount(labels[near & small[labels]], minlength=count) > 0
    tiny = stats[:, cv2.CC_STAT_AREA] < TINY_AREA * size * size
    tiny[0] = False
    cleaned[(small & (tiny | ~beside))[labels]] = 255
    return cleaned
