"""One RapidOCR engine for the whole test run (loading its models takes a second)."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def recogniser():
    """The test adapter over RapidOCR; tests needing OCR skip when it is not installed."""
    pytest.importorskip("rapidocr_onnxruntime")
    from tests.importers.layouts.scan.rapid import RapidRecogniser

    return RapidRecogniser()
