"""A test-only Recogniser over RapidOCR (PP-OCRv4), so the scan reader is tested with a real engine.

The layout's own engine lives in `importers.layouts.scan.ocr`; this adapter only lets the table
reader be exercised before and independently of it.
"""

from __future__ import annotations

import cv2
import numpy as np

MIN_LINE_HEIGHT = 6


class RapidRecogniser:
    """recognise_line(s), split_lines and detect_and_recognise over one RapidOCR engine."""

    def __init__(self):
        from rapidocr_onnxruntime import RapidOCR

        self.engine = RapidOCR()
        # RapidOCR scales an image up until its SHORTER side is 736 px: a page-wide strip of
        # one title line would become 6000 px wide. Scale only down, by the longer side.
        self.engine.text_det.limit_type = "max"

    def recognise_line(self, image: np.ndarray) -> tuple[str, float]:
        """One line image's text and confidence."""
        return self.recognise_lines([image])[0]

    def recognise_lines(self, images: list[np.ndarray]) -> list[tuple[str, float]]:
        """Every line image's text and confidence, batched by RapidOCR's recogniser."""
        if not images:
            return []
        results, _elapsed = self.engine.text_rec([_bgr(image) for image in images])
        return [(text, float(score)) for text, score in results]

    def split_lines(self, cell_image: np.ndarray) -> list[np.ndarray]:
        """A cell's text lines, cut at blank pixel rows; slivers (a 一, dust) join their neighbour."""
        marks = cell_image < 160
        inked = marks.any(axis=1)
        runs, start = [], None
        for y, has_ink in enumerate([*inked, False]):
            if has_ink and start is None:
                start = y
            elif not has_ink and start is not None:
                runs.append([start, y - 1])
                start = None
        runs = [run for run in runs if marks[run[0] : run[1] + 1].sum() >= 4]  # dust
        if not runs:
            return []
        heights = [bottom - top + 1 for top, bottom in runs]
        usual = np.median([height for height in heights if height >= max(heights) / 2])  # dust and 一 aside
        lines = [runs[0]]
        for top, bottom in runs[1:]:
            if min(bottom - top + 1, lines[-1][1] - lines[-1][0] + 1) < 0.6 * usual and bottom - lines[-1][0] + 1 <= 1.4 * usual:
                lines[-1][1] = bottom
            else:
                lines.append([top, bottom])
        lines = [piece for line in lines for piece in _split_tall(marks, line, usual)]
        crops = []
        for top, bottom in lines:
            if bottom - top + 1 < MIN_LINE_HEIGHT:
                continue
            columns = np.flatnonzero(marks[top : bottom + 1].any(axis=0))
            pad = 4
            crops.append(cell_image[max(0, top - pad) : bottom + pad + 1, max(0, columns[0] - pad) : columns[-1] + pad + 1])
        return crops

    def detect_and_recognise(self, image: np.ndarray):
        """Every text line found in the image: (left, top, right, bottom), text, confidence."""
        result, _elapsed = self.engine(_bgr(image), use_cls=False)
        found = []
        for points, text, score in result or []:
            xs = [p[0] for p in points]
            ys = [p[1] for p in points]
            found.append(((int(min(xs)), int(min(ys)), int(max(xs)), int(max(ys))), text, float(score)))
        return found


def _split_tall(marks: np.ndarray, line: list[int], usual: float) -> list[list[int]]:
    """A run of ink as tall as several lines (their gap blurred away) cut at its thinnest rows."""
    top, bottom = line
    parts = round((bottom - top + 1) / usual) if usual > 0 else 1
    if parts < 2 or bottom - top + 1 < 1.6 * usual:
        return [line]
    profile = marks[top : bottom + 1].sum(axis=1)
    cuts, pitch = [], (bottom - top + 1) / parts
    for k in range(1, parts):
        centre, reach = round(k * pitch), max(1, round(pitch / 4))
        window = profile[centre - reach : centre + reach + 1]
        cuts.append(top + centre - reach + int(np.argmin(window)))
    edges = [top, *cuts, bottom]
    return [[a, b] for a, b in zip(edges, edges[1:])]


def _bgr(image: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(image, cv2.COLOR_GRAY2BGR) if image.ndim == 2 else image
