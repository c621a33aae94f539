"""What the scan layout needs from an OCR engine; `importers.layouts.scan.ocr` provides one.

Images are numpy uint8 arrays, grayscale (height × width), white paper and dark ink.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

Box = tuple[int, int, int, int]  # left, top, right, bottom in the image's pixels


class Recogniser(Protocol):
    """Reads text lines from images."""

    def recognise_line(self, image: np.ndarray) -> tuple[str, float]:
        """The text of one line image and the confidence (0–1) of reading it."""

    def recognise_lines(self, images: list[np.ndarray]) -> list[tuple[str, float]]:
        """Each line image's text and confidence, in the order given (batched for speed)."""

    def split_lines(self, cell_image: np.ndarray) -> list[np.ndarray]:
        """The text lines of one table cell, top to bottom; empty for a blank cell."""

    def detect_and_recognise(self, image: np.ndarray) -> list[tuple[Box, str, float]]:
        """Every text line found anywhere in the image: its box, text and confidence."""
