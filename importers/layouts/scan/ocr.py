"""Recognise Chinese text in scanned page images, offline, with PP-OCRv4 (rapidocr-onnxruntime).

The models ship inside the rapidocr-onnxruntime wheel and are loaded once per process on first
use, never at import and never from the network. Table cells are read line by line with the
recogniser alone (`recognise_lines`), without page detection; `detect_and_recognise` runs the
detector too, for text outside tables (title, 说明), and costs seconds a page.

Why this engine (measured by tests/importers/layouts/scan/measure_ocr.py): 200 table-cell lines
(2,565 characters) cut from 14 pages of fixtures/documents/002_xianbaibazha.pdf at 150 dpi, the
PDF's text layer as truth. "Exact" ignores spaces; "letters" ignores punctuation too.

    condition   engine                    exact     letters   characters  s/line
    clean       PP-OCRv4 (rapidocr)       171/200   193/200   98.8 %      0.04-0.06
    clean       tesseract 5.3 chi_sim     109/200   156/200   92.7 %      0.03-0.14
    scanned     PP-OCRv4 (rapidocr)       177/200   198/200   99.0 %      0.04-0.07
    scanned     tesseract 5.3 chi_sim      92/200   141/200   92.1 %      0.05-0.08

("scanned": specks, blur and JPEG as fixtures/documents/make_scans.py makes them. Tesseract ran
once over all lines, psm 7, so its model load is not counted; speeds are ranges over runs on a
2-core machine shared with other work.) Tesseract also writes half-width punctuation and spaces
between Chinese characters (132/200 exact once widths are folded). PP-OCRv4's remaining misses
are mostly punctuation: ；read as ：, ， as ． — with high confidence, so callers should not
count on the confidence to catch those. Per line, PP-OCRv4's own preprocessing is kept: a white
margin of 2 or 4 pixels reads best (167 and 165/200 clean); 8 pixels (158) or enlarging the line
first (162) read worse.

Confidence: the weakest character's probability, not the mean. On the scanned lines, a line
below 0.7 flags 6 of the 23 wrong lines for 18 of the 177 right ones; below 0.9, 11 of 23 for
41; the mean flags no wrong line below 0.9. Red seals: on the 37 lines a seal crossed, taking
the brightest channel (`lines.ink_gray`) read 29 exactly against 25 for plain luminance
(characters 98.4 % against 97.2 %).

Threads: one per session. The speed of 1 and 2 intra-op threads over the same 200 lines varied
between runs (0.035-0.09 s/line either way) with no steady gain for two, on a machine whose two
cores also serve the web worker and the database; one thread leaves a core to them.
"""

from __future__ import annotations

import functools
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from importers.layouts.scan.lines import ink_gray, split_lines  # noqa: F401 (part of the Recogniser)
from importers.tables.assembly import DOUBTFUL_BELOW

# (left, top, right, bottom) in pixels of the image given.
Box = tuple[int, int, int, int]

# onnxruntime by default starts one thread per core for every session and spins them between
# runs. The machine has two cores, shared with the web worker and the database, and the
# recogniser's batches of small line images gained nothing steady from a second thread (figures
# above), so each session gets one intra-op thread and no inter-op parallelism.
INTRA_OP_THREADS = 1

# Lines of one batch are padded to the widest: sorting by width first keeps padding small.
BATCH_SIZE = 8

# The detector is trained on images whose long side is at most this (RapidOCR's max_side_len).
MAX_DETECTION_SIDE = 2000

# White margin added around a line before recognition: PP-OCR is trained on crops with some air.
LINE_MARGIN = 4

# Marks the lists never print but a speck beside a character reads as. On the whole scanned
# 002 list (47 pages, tests/importers/layouts/scan/measure_scan.py) the recogniser gave 87 "·"
# and 46 "…", none of them in print, 111 of them below 0.9; a mark read that unsurely is
# dropped from the text. Its probability still counts in the line's confidence, so the cell
# stays doubtful and goes to an editor beside its image: nothing is silently changed.
UNPRINTED_MARKS = frozenset("·…")
# A full stop "." or "．" follows a digit or a letter in print ("1." opens a step); after a
# Chinese character or a mark, or opening a line, it is a speck too (".于田县", "地方志、.年鉴"
# on the same list: 7 names and department lists).
STOPS = frozenset(".．")

# A character the recogniser skipped ("控辍保学" read "控保学" with every character at 1.00, a
# "，" dropped at 0.97) leaves a hole in its reading: its output is one column per 8 pixels of
# the line scaled to the model's height, and each character fires at its own column, a
# character's width after the one before. On six pages of the scanned 002 list (1,167 gaps
# beside a mark, 5,824 between letters), gaps between two letters were at most 1.43 widths
# where nothing was skipped and 1.78-2.19 where a character was; beside a mark ("、" fires at
# its ink, low in the left of its box) at most 1.53, specks aside; the first character fired
# within 1.0 widths of the line's left edge, which is cut at its ink. A line with a wider gap,
# or whose first character fires further than EDGE_LIMIT widths in, is doubtful at
# GAPPED_CONFIDENCE: it goes to an editor with its image, the text as read. The right edge tells
# nothing: a speck far right of the last character widens a line with no character there.
GAP_LIMIT = 1.6
GAP_LIMIT_MARK = 1.7
EDGE_LIMIT = 1.6
GAPPED_CONFIDENCE = 0.5
MIN_CHARACTERS_FOR_GAPS = 4  # the width of a character comes from the line's own reading


def recognise_line(image: np.ndarray) -> tuple[str, float]:
    """The text of one line image (grayscale or BGR) and the recogniser's confidence, 0–1."""
    return recognise_lines([image])[0]


def recognise_lines(images: list[np.ndarray]) -> list[tuple[str, float]]:
    """The text and confidence of each line image, recognised in batches of similar widths."""
    return [
        (_without_unsure_marks(reading.text, reading.probabilities), _line_confidence(reading))
        for reading in _recognised(images)
    ]


@dataclass(frozen=True)
class _Reading:
    """What the recogniser made of one line: characters, their probabilities and output columns."""

    text: str
    probabilities: np.ndarray
    columns: np.ndarray  # the output column where each character fired


def _line_confidence(reading: _Reading) -> float:
    """The weakest character's probability as print, at most GAPPED_CONFIDENCE when one was skipped."""
    confidence = _confidence(_as_print(reading.text, reading.probabilities))
    return min(confidence, GAPPED_CONFIDENCE) if _skipped(reading) else confidence


def _skipped(reading: _Reading) -> bool:
    """Whether the reading has a hole a character wide: a character the recogniser did not give."""
    text, columns = reading.text, reading.columns
    if len(text) < MIN_CHARACTERS_FOR_GAPS or columns.size != len(text):
        return False
    widths = np.array([_width(char) for char in text])
    steps = (widths[:-1] + widths[1:]) / 2  # expected distance between neighbours, in widths
    # A character's width over the line, leaving out its widest gap: the hole looked for.
    distances = np.diff(columns)
    widest = int(np.argmax(distances / steps))
    pitch = (distances.sum() - distances[widest]) / (steps.sum() - steps[widest])
    if pitch <= 0:
        return False
    gaps = distances / (pitch * steps)
    limits = np.array([GAP_LIMIT_MARK if _mark(a) or _mark(b) else GAP_LIMIT for a, b in zip(text, text[1:])])
    return bool((gaps > limits).any() or columns[0] / pitch > EDGE_LIMIT)


def _width(char: str) -> float:
    """A character's printed width in full-width characters: Latin letters and digits are half."""
    return 0.5 if char.isascii() else 1.0


def _mark(char: str) -> bool:
    """Whether the character is punctuation, which fires off its box's centre."""
    return unicodedata.category(char).startswith("P")


def _as_print(text: str, probabilities: np.ndarray) -> np.ndarray:
    """Each character's probability of being print: an unprinted mark's at most half its reading.

    A "·" read surely is still a speck far more often than print (on the scanned 002 list, 4 of
    the 6 inexact names that went unflagged kept a "·" read at 0.91-0.97), so it leaves its line
    doubtful even when kept.
    """
    weights = np.array([0.5 if _unprinted(text, index) else 1.0 for index in range(len(text))])
    return probabilities * weights if weights.size == probabilities.size else probabilities


def _without_unsure_marks(text: str, probabilities: np.ndarray) -> str:
    """The text without the unprinted marks ("·", "…") read unsurely or where print never has them."""
    return "".join(
        char for index, (char, probability) in enumerate(zip(text, probabilities))
        if not _unprinted(text, index) or (probability >= DOUBTFUL_BELOW and not _never_printed(text, index))
    )


def _never_printed(text: str, index: int) -> bool:
    """Whether a "·" stands where print never puts one: beside another mark.

    Print has "·" between numerals ("三·八") and in transliterated names ("阿卜杜·热合曼"), so
    between Chinese characters it is kept when read surely (and leaves its line doubtful); beside
    "、" or "，" it is a speck ("新技术、·新产品" on the scanned 002 list, read at 0.9 or more).
    """
    if text[index] != "·":
        return False
    return any(_mark(char) for char in text[index - 1 : index] + text[index + 1 : index + 2])


def _unprinted(text: str, index: int) -> bool:
    """Whether the character at index is a mark the lists never print there: a speck's reading."""
    char = text[index]
    if char in STOPS:
        return index == 0 or not (text[index - 1].isascii() and text[index - 1].isalnum())
    return char in UNPRINTED_MARKS


def detect_and_recognise(image: np.ndarray) -> list[tuple[Box, str, float]]:
    """Every text line found in a region (title, 说明), top to bottom, with text and confidence."""
    page = _bgr(ink_gray(image))
    scale = min(1.0, MAX_DETECTION_SIDE / max(page.shape[:2]))
    if scale < 1.0:
        page = cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    quads, _elapsed = _detector()(page)
    if quads is None or len(quads) == 0:
        return []
    boxes = sorted((_bounding_box(quad, page.shape) for quad in quads), key=lambda b: (b[1], b[0]))
    crops = [page[top:bottom, left:right] for left, top, right, bottom in boxes]
    found = zip(boxes, recognise_lines(crops))
    return [(_scaled(box, 1 / scale), text, confidence) for box, (text, confidence) in found]


def _line_for_recogniser(image: np.ndarray) -> np.ndarray:
    """A line image as the recogniser takes it: BGR, stamp ink dropped, a white margin around."""
    gray = ink_gray(image)
    if gray.size == 0:
        gray = np.full((8, 8), 255, dtype=np.uint8)
    padded = cv2.copyMakeBorder(gray, *(LINE_MARGIN,) * 4, cv2.BORDER_CONSTANT, value=255)
    return _bgr(padded)


def _recognised(images: list[np.ndarray]) -> list[_Reading]:
    """What the recogniser read in each line image, in the order given."""
    prepared = [_line_for_recogniser(image) for image in images]
    results: list[_Reading] = [_Reading("", np.zeros(0), np.zeros(0, dtype=np.int64))] * len(prepared)
    order = sorted(range(len(prepared)), key=lambda i: prepared[i].shape[1] / prepared[i].shape[0])
    for start in range(0, len(order), BATCH_SIZE):
        batch = order[start : start + BATCH_SIZE]
        for index, result in zip(batch, _recognise_batch([prepared[i] for i in batch])):
            results[index] = result
    return results


def _recognise_batch(lines: list[np.ndarray]) -> list[_Reading]:
    """Run one batch through the PP-OCRv4 recogniser and decode its CTC output."""
    recogniser = _recogniser()
    _channels, height, width = recogniser.rec_image_shape
    widest = max([width / height] + [line.shape[1] / line.shape[0] for line in lines])
    batch = np.stack([recogniser.resize_norm_img(line, widest) for line in lines])
    predictions = recogniser.session(batch.astype(np.float32))[0]
    alphabet = recogniser.postprocess_op.character
    return [_decoded(prediction, alphabet) for prediction in predictions]


def _decoded(prediction: np.ndarray, alphabet: list[str]) -> _Reading:
    """Greedy CTC decoding: each character with its probability and the column it fired at."""
    indices = prediction.argmax(axis=1)
    keep = indices != 0  # index 0 is the CTC blank
    keep[1:] &= indices[1:] != indices[:-1]  # a repeated index is one character held
    text = "".join(alphabet[index] for index in indices[keep])
    return _Reading(text, prediction.max(axis=1)[keep], np.flatnonzero(keep))


def _confidence(probabilities: np.ndarray) -> float:
    """A line's confidence: its weakest character's probability, 0 when nothing was read."""
    # The weakest character, not the mean: one misread character in a long name barely moves
    # the mean, and a cell must be doubtful when any of its characters is (figures above).
    return float(probabilities.min()) if probabilities.size else 0.0


def _bgr(gray: np.ndarray) -> np.ndarray:
    """A three-channel copy of a grayscale image, as the models take."""
    return cv2.cvtColor(gray, cv2.COLOR_GRAY2BGR)


def _bounding_box(quad: np.ndarray, shape: tuple[int, ...]) -> Box:
    """The upright rectangle around a detected quadrilateral, inside the image."""
    xs, ys = quad[:, 0], quad[:, 1]
    left, top = max(0, int(xs.min())), max(0, int(ys.min()))
    right, bottom = min(shape[1], int(np.ceil(xs.max())) + 1), min(shape[0], int(np.ceil(ys.max())) + 1)
    return left, top, right, bottom


def _scaled(box: Box, factor: float) -> Box:
    """A box in the coordinates of an image `factor` times larger."""
    return tuple(round(value * factor) for value in box)  # type: ignore[return-value]


@functools.cache
def _config() -> dict:
    """RapidOCR's own model settings, with the model paths inside its installed wheel."""
    from rapidocr_onnxruntime.utils import read_yaml

    import rapidocr_onnxruntime

    package = Path(rapidocr_onnxruntime.__file__).parent
    config = read_yaml(package / "config.yaml")
    for part in ("Det", "Rec"):
        config[part]["model_path"] = str(package / config[part]["model_path"])
        config[part]["intra_op_num_threads"] = INTRA_OP_THREADS
        config[part]["inter_op_num_threads"] = 1
    return config


@functools.cache
def _recogniser():
    """The PP-OCRv4 line recogniser, loaded once per process on first use (about 0.15 s)."""
    from rapidocr_onnxruntime.ch_ppocr_rec import TextRecognizer

    return TextRecognizer(_config()["Rec"])


@functools.cache
def _detector():
    """The PP-OCRv4 text detector, loaded once per process on first use."""
    from rapidocr_onnxruntime.ch_ppocr_det import TextDetector

    return TextDetector(_config()["Det"])
