"""Cut a table cell's image into its text lines, which is what the recogniser reads."""

from __future__ import annotations

import cv2
import numpy as np

# Connected ink smaller than this many pixels is a speck of dust, not print: at 150 dpi the
# smallest mark a list prints (the dot of "1.") covers about 6 pixels.
MIN_INK_AREA = 4

# A pixel darker than this is ink. A cap on Otsu's threshold, so that a blank cell (whose
# histogram is all paper and noise) does not turn its noise into ink.
MAX_INK_LEVEL = 170

# Rows between a character's own strokes can be blank ("三", "二、"): pieces of ink at most this
# many character heights tall when joined are one line.
JOIN_RATIO = 1.35

# Angles (degrees) tried to level a cell's lines: a scanner's skew is a degree or two at most.
SKEW_ANGLES = tuple(np.round(np.arange(-2.5, 2.51, 0.25), 2))

# Lines of a cell follow one another about this many character heights apart.
LINE_PITCH = 1.15

# A band of ink less than this share of a line's height is not a line of text.
MIN_LINE_SHARE = 0.4

# White kept around each line, in pixels, at least.
LINE_PADDING = 3

# A straight stroke at least this long (pixels, 150 dpi) is a table rule left at the cell's
# edge, not print: the longest printed stroke, a dash "——", is about 40 pixels.
RULE_LENGTH = 50


def ink_gray(image: np.ndarray) -> np.ndarray:
    """A grayscale image with red stamp ink dropped: the brightest channel of each pixel."""
    if image.ndim == 2:
        return image
    # Black print is dark in every channel; a red stamp is bright in its red one, so the maximum
    # over channels keeps the print and fades the stamp (measured against luminance in `ocr`).
    return image.max(axis=2)


def split_lines(cell_image: np.ndarray) -> list[np.ndarray]:
    """The cell's text lines, top to bottom, each cut to its ink with a little white around it."""
    gray = ink_gray(cell_image)
    if gray.size == 0:
        return []
    gray = _straightened(gray, _print_mask(gray))
    ink = _print_mask(gray)
    gray = gray.copy()
    gray[_rules_of(gray)] = 255  # a rule at a line's edge would be read as a character
    height = _character_height(ink)
    profile = ink.sum(axis=1)
    runs = _joined(_row_runs(profile > 0), height)
    bands = [band for run in runs for band in _parted(run, profile, height)]
    return [_cut(gray, ink, band, height) for band in bands]


def _cut(gray: np.ndarray, ink: np.ndarray, band: tuple[int, int], height: float) -> np.ndarray:
    """One line's image: the band's rows, from its first to its last ink column, with white around."""
    top, bottom = band
    columns = np.flatnonzero(ink[top:bottom].any(axis=0))
    # Taking a rule's fringe off the mask can take the tip of a character touching it too, so
    # the white kept above and below grows with the characters.
    padding = max(LINE_PADDING, round(0.2 * height))
    top, bottom = max(0, top - padding), min(gray.shape[0], bottom + padding)
    left = max(0, columns[0] - LINE_PADDING)
    right = min(gray.shape[1], columns[-1] + 1 + LINE_PADDING)
    return gray[top:bottom, left:right]


def _straightened(gray: np.ndarray, ink: np.ndarray) -> np.ndarray:
    """The cell turned by the small angle that makes its lines level (blank rows between them)."""
    # A skew left by the page's deskewing, or a page never deskewed: over a wide cell even half
    # a degree fills the gaps between lines. The level angle is the one whose row profile is
    # the most uneven (ink in bands, nothing between).
    points = np.argwhere(ink)
    if len(points) < 2:
        return gray
    best = max(SKEW_ANGLES, key=lambda angle: _profile_contrast(points, angle))
    if best == 0:
        return gray
    height, width = gray.shape
    turn = cv2.getRotationMatrix2D((width / 2, height / 2), best, 1.0)
    return cv2.warpAffine(gray, turn, (width, height), flags=cv2.INTER_LINEAR, borderValue=255)


def _profile_contrast(points: np.ndarray, angle: float) -> float:
    """How uneven the row profile of the ink points is once turned by the angle (degrees)."""
    radians = np.radians(angle)
    rows = points[:, 0] * np.cos(radians) - points[:, 1] * np.sin(radians)
    counts = np.bincount((rows - rows.min()).astype(np.int64))
    return float(np.sum(counts.astype(np.float64) ** 2))


def _print_mask(gray: np.ndarray) -> np.ndarray:
    """Where the print is: dark pixels, without table rules at the edges or specks of dust."""
    otsu, _ = cv2.threshold(gray, 0, 255, cv2.THRESH_BINARY + cv2.THRESH_OTSU)
    ink = (gray < min(otsu, MAX_INK_LEVEL)).astype(np.uint8)
    ink[_rules(ink) > 0] = 0
    count, labels, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    keep = stats[:, cv2.CC_STAT_AREA] >= MIN_INK_AREA
    keep[0] = False  # the background
    return keep[labels]


def _rules_of(gray: np.ndarray) -> np.ndarray:
    """Where the rules are in a grayscale cell (True there), without the fringe: print touching a
    rule keeps its strokes."""
    return _rules((gray < MAX_INK_LEVEL).astype(np.uint8), fringe=False) > 0


def _rules(ink: np.ndarray, fringe: bool = True) -> np.ndarray:
    """The pixels of straight strokes longer than any printed one: rules a cell cut kept."""
    # An opening with a long thin kernel keeps only runs at least that long; a rule skewed by a
    # degree or two still has such runs between its one-pixel steps. Widened by a pixel to take
    # the rule's grey fringe too.
    across = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((1, RULE_LENGTH), np.uint8))
    down = cv2.morphologyEx(ink, cv2.MORPH_OPEN, np.ones((RULE_LENGTH, 1), np.uint8))
    rules = across | down
    return cv2.dilate(rules, np.ones((3, 3), np.uint8)) if fringe else rules


def _row_runs(rows: np.ndarray) -> list[tuple[int, int]]:
    """The (top, bottom) runs of rows that hold ink."""
    edges = np.diff(np.concatenate(([0], rows.astype(np.int8), [0])))
    return list(zip(np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)))


def _character_height(ink: np.ndarray) -> float:
    """The usual height of a character: the median height of the larger ink components."""
    _count, _labels, stats, _ = cv2.connectedComponentsWithStats(ink.astype(np.uint8), connectivity=8)
    heights = stats[1:, cv2.CC_STAT_HEIGHT][stats[1:, cv2.CC_STAT_AREA] >= 30]
    return float(np.median(heights)) if heights.size else float(ink.shape[0])


def _joined(runs: list[tuple[int, int]], height: float) -> list[tuple[int, int]]:
    """Runs joined where together they are no taller than one line: pieces of one character row."""
    if not runs:
        return []
    joined = [runs[0]]
    for top, bottom in runs[1:]:
        if bottom - joined[-1][0] <= JOIN_RATIO * height:
            joined[-1] = (joined[-1][0], bottom)
        else:
            joined.append((top, bottom))
    # What is left far shorter than a line is the foot of a rule or a smudge, not a line.
    return [(top, bottom) for top, bottom in joined if bottom - top >= MIN_LINE_SHARE * height]


def _parted(run: tuple[int, int], profile: np.ndarray, height: float) -> list[tuple[int, int]]:
    """A run as tall as several lines (a speck or a comma bridged the gap) cut at its thinnest rows."""
    top, bottom = run
    count = round((bottom - top) / (height * LINE_PITCH))
    if count < 2:
        return [run]
    pitch = (bottom - top) / count
    cuts = [top]
    for index in range(1, count):
        expected = int(top + index * pitch)
        low, high = expected - int(pitch / 3), expected + int(pitch / 3)
        cuts.append(low + int(np.argmin(profile[low:high])))
    cuts.append(bottom)
    return list(zip(cuts[:-1], cuts[1:]))
