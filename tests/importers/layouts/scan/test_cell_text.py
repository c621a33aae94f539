"""A cell's recognised lines made into its text: specks' marks dropped only when unsure, quotes paired."""

from __future__ import annotations

import numpy as np
import pytest

from importers.layouts.scan import ocr
from importers.layouts.scan.read import cell_text

SURE, UNSURE = 0.99, 0.5


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        ([("做好人才引进工作·", UNSURE)], "做好人才引进工作"),
        ([("做好防沙治沙", SURE), ("工作，", UNSURE)], "做好防沙治沙\n工作"),
        ([("负责乡道、", UNSURE), ("村道管理", SURE)], "负责乡道、\n村道管理"),  # only the cell's end
        ([("巡查工作.", SURE)], "巡查工作."),  # read surely: kept, never changed silently
        ([("工作；", UNSURE)], "工作；"),  # a cell may end in ；。
        ([("、", UNSURE)], "、"),  # ink read as marks only is kept, not emptied
        ([(" ", UNSURE)], ""),
    ],
)
def test_a_trailing_mark_is_dropped_only_from_a_doubtful_cells_end(lines, text):
    assert cell_text(lines) == text


@pytest.mark.parametrize(
    ("text", "probabilities", "kept"),
    [
        ("工作·", [0.99, 0.99, 0.6], "工作"),
        ("管·理", [0.99, 0.7, 0.99], "管理"),
        ("职责…·", [0.99, 0.99, 0.4, 0.3], "职责"),
        ("阿卜杜·热合曼", [0.99] * 3 + [0.95] + [0.99] * 3, "阿卜杜·热合曼"),  # read surely: kept
        ("工作。", [0.99, 0.99, 0.3], "工作。"),  # other marks are print: kept
    ],
)
def test_an_unprinted_mark_read_unsurely_is_dropped(text, probabilities, kept):
    assert ocr._without_unsure_marks(text, np.array(probabilities)) == kept


def test_a_kept_unprinted_mark_leaves_its_line_doubtful():
    probabilities = np.array([0.99, 0.99, 0.97])
    assert ocr._confidence(ocr._as_print("工作·", probabilities)) < 0.9
    assert ocr._confidence(ocr._as_print("工作。", probabilities)) == pytest.approx(0.97)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (".于田县财政局", "于田县财政局"),
        ("地方志、.年鉴", "地方志、年鉴"),
        ("于田.县", "于田县"),
        ("1.向县局报告", "1.向县局报告"),  # a step number's stop is print
        ("APP.", "APP."),
    ],
)
def test_a_stop_after_a_chinese_character_read_unsurely_is_dropped(text, kept):
    probabilities = np.array([0.6 if char in ".．" else 0.99 for char in text])
    assert ocr._without_unsure_marks(text, probabilities) == kept
