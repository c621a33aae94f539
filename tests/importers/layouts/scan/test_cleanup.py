"""Rulings and isolated specks whitened before recognition; punctuation beside characters kept."""

from __future__ import annotations

import cv2
import numpy as np
import pytest
from PIL import ImageDraw

from importers.layouts.scan import cleanup, grid
from tests.importers.layouts.scan import drawing

TEXT = "开展国家安全学习宣传教育、隐患排查处置。做好双拥，国防教育等工作。"


def cleaned(image) -> np.ndarray:
    page = drawing.array(image)
    return cleanup.text_only(page, grid.rulings(grid.ink(page)))


def test_text_and_its_punctuation_are_kept_whole():
    lines = [((150, 300 + 45 * i), TEXT) for i in range(6)]
    page = drawing.array(drawing.page(lines=lines))
    assert np.array_equal(cleaned(drawing.page(lines=lines)) < 160, page < 160)


def test_a_heading_number_one_far_from_the_next_character_is_kept():
    lines = [((150, 300), "一、基本履职事项清单"), ((150, 360), TEXT)]
    page = drawing.array(drawing.page(lines=lines))
    assert np.array_equal(cleaned(drawing.page(lines=lines)) < 160, page < 160)


def test_specks_away_from_text_are_whitened():
    lines = [((150, 300 + 45 * i), TEXT) for i in range(6)]
    image = drawing.page(lines=lines)
    draw = ImageDraw.Draw(image)
    for x, y in [(1000, 320), (150, 700), (600, 900), (300, 1200)]:
        draw.ellipse([x, y, x + 2, y + 2], fill=30)
    assert np.array_equal(cleaned(image) < 160, drawing.array(drawing.page(lines=lines)) < 160)


def test_rulings_are_whitened_and_the_cell_text_kept():
    image = drawing.page(tables=[drawing.category_table()])
    result = cleaned(image) < 160
    table = drawing.category_table()
    assert not result[table.row_lines[2], table.left + 5 : table.column_lines[-1] - 5].any()
    rows = slice(table.row_lines[1] + 4, table.row_lines[2] - 4)
    for left, right in zip(table.column_lines, table.column_lines[1:]):
        inside = (rows, slice(left + 5, right - 5))
        assert np.array_equal(result[inside], drawing.array(image)[inside] < 160)


def test_no_mark_of_a_real_page_is_taken_for_a_speck():
    # Punctuation set wide (、 after 一, a full-width ； after a character) is the hardest case.
    from tests.importers.layouts.scan.test_documents import PDFTOPPM, drawn_page

    if PDFTOPPM is None:
        pytest.skip("poppler-utils (pdftoppm) draws the test pages")
    page = cv2.imdecode(np.frombuffer(drawn_page(4), np.uint8), cv2.IMREAD_GRAYSCALE)
    lines = grid.rulings(grid.ink(page))
    without_rulings = page.copy()
    without_rulings[cv2.dilate(lines.both, np.ones((3, 3), np.uint8)) > 0] = 255
    assert np.array_equal(cleanup.text_only(page, lines) < 160, without_rulings < 160)


def test_dust_of_a_pixel_or_two_is_whitened_even_beside_a_character():
    lines = [((150, 300 + 45 * i), TEXT) for i in range(6)]
    image = drawing.page(lines=lines)
    clean = drawing.array(image) < 160
    right = np.flatnonzero(clean[300:330].any(axis=0))[-1]
    draw = ImageDraw.Draw(image)
    for x, y in [(right + 6, 312), (right + 4, 357), (400, 335)]:
        draw.rectangle([x, y, x + 1, y], fill=20)
    assert np.array_equal(cleaned(image) < 160, clean)
