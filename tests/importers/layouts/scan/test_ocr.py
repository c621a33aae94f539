"""OCR of line images cut from the committed scanned pages (fixtures/documents/scans/)."""

from pathlib import Path

import cv2
import numpy as np
import pytest

from importers.layouts.scan.lines import ink_gray, split_lines
from importers.layouts.scan.ocr import recognise_line, recognise_lines

SCANS = Path(__file__).resolve().parents[4] / "fixtures" / "documents" / "scans"

# (page image, (left, top, right, bottom) of one line on it, its text). The pages are skewed by
# about a degree, specked, blurred and JPEG'd by make_scans.py; the boxes were read off them.
CLEAN_LINES = [
    ("002_p04_basic.jpg", (630, 202, 736, 239), "事项名称"),
    ("002_p04_basic.jpg", (248, 823, 346, 859), "党的建设"),
    ("002_p04_basic.jpg", (238, 1483, 338, 1522), "经济发展"),
    ("002_p10_coordinating.jpg", (752, 265, 919, 297), "于田县委组织部："),
    ("002_p10_coordinating.jpg", (146, 151, 212, 186), "序号"),
    # Under the red seal: the seal's ink is dropped before recognition.
    ("002_p47_stamp.jpg", (668, 555, 978, 596), "承接部门：于田县市场监督管理局"),
]


def page(name: str) -> np.ndarray:
    """A committed page image as OpenCV reads it (BGR, or grayscale as BGR)."""
    return cv2.imread(str(SCANS / name))


def cut(name: str, box: tuple[int, int, int, int]) -> np.ndarray:
    """The box cut from the page."""
    left, top, right, bottom = box
    return page(name)[top:bottom, left:right]


@pytest.mark.parametrize(("name", "box", "text"), CLEAN_LINES)
def test_recognise_line_reads_a_clean_line_exactly(name, box, text):
    recognised, confidence = recognise_line(cut(name, box))
    assert recognised == text
    assert 0.0 <= confidence <= 1.0


def test_recognise_lines_returns_one_result_per_image_in_order():
    images = [cut(name, box) for name, box, _text in CLEAN_LINES]
    texts = [text for text, _confidence in recognise_lines(images)]
    assert texts == [text for _name, _box, text in CLEAN_LINES]


def test_recognise_line_takes_grayscale_too():
    line = cut(*CLEAN_LINES[0][:2])
    assert recognise_line(cv2.cvtColor(line, cv2.COLOR_BGR2GRAY))[0] == CLEAN_LINES[0][2]


def test_noise_is_less_confident_than_a_clean_line():
    _text, clean = recognise_line(cut(*CLEAN_LINES[0][:2]))
    noise = np.random.default_rng(12).integers(0, 256, (36, 200), dtype=np.uint8)
    _garbage, doubtful = recognise_line(noise)
    assert doubtful < 0.5 < clean


def test_a_blank_line_reads_as_nothing_with_no_confidence():
    assert recognise_line(np.full((30, 120), 255, dtype=np.uint8)) == ("", 0.0)


def test_split_lines_finds_each_line_of_a_multi_line_cell():
    # The 承接部门及工作方式 cell of item 39 on the stamped page, cut with its rules and a line
    # of the row above: eight lines of print, each read as the recogniser's single line.
    lines = split_lines(cut("002_p47_stamp.jpg", (652, 548, 1003, 730)))
    texts = [text for text, _confidence in recognise_lines(lines)]
    assert len(lines) == 8
    assert texts[1:3] == ["承接部门：于田县市场监督管理局", "工作方式：由于田县市场监督管理局"]
    assert texts[-1] == "核、决定、执行、结案。"


def test_split_lines_parts_lines_a_seal_runs_across():
    lines = split_lines(cut("002_p47_stamp.jpg", (655, 700, 1005, 880)))
    texts = [text for text, _confidence in recognise_lines(lines)]
    assert texts[0] == "核、决定、执行、结案。"
    assert texts[6] == "杂店和食品摊贩违法生产经营的行为"


@pytest.mark.parametrize(
    "cell",
    [
        np.full((80, 300), 255, dtype=np.uint8),
        np.zeros((0, 0), dtype=np.uint8),
    ],
    ids=["blank", "empty"],
)
def test_split_lines_finds_nothing_in_a_cell_without_print(cell):
    assert split_lines(cell) == []


def test_split_lines_ignores_specks():
    cell = np.full((80, 300), 255, dtype=np.uint8)
    for y, x in ((10, 20), (40, 150), (70, 280)):
        cell[y : y + 1, x : x + 2] = 0
    assert split_lines(cell) == []


def test_ink_gray_drops_red_ink_and_keeps_black():
    pixels = np.array([[[0, 0, 0], [40, 35, 215]]], dtype=np.uint8)  # BGR: black, seal red
    gray = ink_gray(pixels)
    assert gray[0, 0] == 0 and gray[0, 1] > 200
