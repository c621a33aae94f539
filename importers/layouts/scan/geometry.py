"""Page geometry before reading: turn a page the right way up and straighten a slight skew.

Orientation: text lines lie level when long runs of characters appear side by side (a quarter
turn stacks them instead); rulings cannot tell, a table has long lines both ways. Which level
way is up is left to the recogniser: upright lines read confidently, upside-down ones do not
(PP-OCR reads a quarter-turned column of characters confidently, so it cannot judge that part).
Skew is the angle that lines the ink up best into rows (rulings and text baselines alike).
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import cv2
import numpy as np

from importers.layouts.scan import grid

if TYPE_CHECKING:
    from importers.layouts.scan.recogniser import Recogniser

MAX_SKEW = 5.0  # degrees; a steeper page is a photo to be retaken, not a skewed scan
MAX_POINTS = 150_000  # ink pixels weighed for the skew: enough for a 0.05° answer, and fast
MIN_POINTS = 200  # fewer ink pixels than this: a blank page, no skew to measure
MIN_SKEW = 0.1  # degrees; below this turning blurs more than it straightens
UPRIGHT_CONFIDENCE = 0.85  # mean confidence at which the page as it lies is taken as upright
SAMPLE_LINES = 4  # text lines read to tell upright from upside down (0.99 against under 0.5)


def skew_angle(gray: np.ndarray) -> float:
    """The page's skew in degrees (positive: lines fall to the right), 0 on a blank page.

    The angle at which the ink's row profile is sharpest: rulings and text baselines then fall
    into few rows. Searched coarse then fine, on a half-size page, over at most MAX_POINTS marks.
    """
    small = cv2.resize(gray, None, fx=0.5, fy=0.5, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(grid.ink(small))
    if len(ys) < MIN_POINTS:
        return 0.0
    stride = max(1, len(ys) // MAX_POINTS)
    ys, xs = ys[::stride].astype(np.float64), xs[::stride].astype(np.float64)
    best = 0.0
    for step, reach in ((0.5, MAX_SKEW), (0.05, 0.5)):
        angles = best + np.arange(-reach, reach + step / 2, step)
        best = float(max(angles, key=lambda angle: _sharpness(ys, xs, angle)))
    return round(best, 2)


def _sharpness(ys: np.ndarray, xs: np.ndarray, angle: float) -> float:
    rows = np.round(ys - xs * math.tan(math.radians(angle))).astype(np.int64)
    counts = np.bincount(rows - rows.min())
    return float(np.dot(counts, counts))


def deskew(gray: np.ndarray) -> np.ndarray:
    """The page turned so that its long lines are level (white fills the corners)."""
    angle = skew_angle(gray)
    if abs(angle) < MIN_SKEW:
        return gray
    height, width = gray.shape
    matrix = cv2.getRotationMatrix2D((width / 2, height / 2), angle, 1.0)
    return cv2.warpAffine(gray, matrix, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def upright(gray: np.ndarray, recogniser: Recogniser) -> np.ndarray:
    """The page turned by the quarter turns that make its text lines level and readable."""
    turned = gray
    level, quarter = text_line_boxes(gray), text_line_boxes(np.ascontiguousarray(np.rot90(gray)))
    if _total_width(quarter) > _total_width(level):
        turned, level = np.ascontiguousarray(np.rot90(gray)), quarter
    if not level:
        return turned  # a blank page, or only marks: nothing tells which way is up
    upside_down = np.ascontiguousarray(np.rot90(turned, 2))
    as_lies = _reading_score(turned, level, recogniser)
    if as_lies >= UPRIGHT_CONFIDENCE:
        return turned
    height, width = turned.shape
    flipped = [(width - right, height - bottom, width - left, height - top) for left, top, right, bottom in level]
    return upside_down if _reading_score(upside_down, flipped, recogniser) > as_lies else turned


def _total_width(boxes: list[tuple[int, int, int, int]]) -> int:
    return sum(right - left for left, _top, right, _bottom in boxes)


def _reading_score(gray: np.ndarray, boxes: list[tuple[int, int, int, int]], recogniser: Recogniser) -> float:
    """Mean confidence of the recogniser over the first few text-line boxes."""
    crops = [gray[top:bottom, left:right] for left, top, right, bottom in boxes[:SAMPLE_LINES]]
    results = recogniser.recognise_lines(crops)
    return float(np.mean([confidence for _text, confidence in results])) if results else 0.0


def text_line_boxes(gray: np.ndarray) -> list[tuple[int, int, int, int]]:
    """Boxes (left, top, right, bottom) of runs of text lying level, widest usable first.

    Ink that is not ruling is smeared sideways by about a character's width; what comes out
    wide and about one character high is a text line when the page lies upright (or upside down).
    """
    marks = grid.ink(gray)
    text = cv2.bitwise_and(marks, cv2.bitwise_not(grid.rulings(marks).both))
    size = character_size(text)
    if size == 0:
        return []
    smeared = cv2.dilate(text, cv2.getStructuringElement(cv2.MORPH_RECT, (max(3, size // 2), 1)))
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(smeared, connectivity=8)
    boxes = []
    for left, top, width, height, _area in stats[1:count]:
        if 0.6 * size <= height <= 1.8 * size and width >= 4 * height:
            pad = max(2, height // 6)
            boxes.append((max(0, left - pad), max(0, top - pad), left + width + pad, top + height + pad))
    return sorted(boxes, key=lambda box: -min(box[2] - box[0], 20 * size))


def character_size(text: np.ndarray) -> int:
    """The usual height of a character on the page in pixels (0 when the page holds no text).

    A character's parts (radicals, strokes) are separate marks; the taller quarter of them spans
    the whole character. A quarter-turned page gives its characters' widths, which are the same.
    """
    count, _labels, stats, _ = cv2.connectedComponentsWithStats(text, connectivity=8)
    limit = min(text.shape) / 20
    heights = [h for _x, _y, _w, h, area in stats[1:count] if area >= 10 and h < limit]
    return int(np.percentile(heights, 75)) if len(heights) >= 5 else 0
