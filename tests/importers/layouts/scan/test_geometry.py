"""Pages straightened and turned upright before their tables are read."""

from __future__ import annotations

import numpy as np
import pytest

from importers.layouts.scan import geometry, grid
from tests.importers.layouts.scan import drawing

CATEGORY_MERGES = {(1, 1, 3, 1), (4, 1, 2, 1)}


def skewed(degrees: float) -> np.ndarray:
    image = drawing.add_specks(drawing.page(tables=[drawing.category_table()]), 300)
    return drawing.array(image.rotate(degrees, resample=0, fillcolor=255))


def merges(table: grid.Table) -> set[tuple[int, int, int, int]]:
    return {(cell.row, cell.column, cell.rows, cell.columns) for cell in table.cells if cell.rows > 1 or cell.columns > 1}


@pytest.mark.parametrize("degrees", [1.0, -1.0, 2.5, -4.0])
def test_the_skew_angle_is_measured_from_the_rulings(degrees):
    # Pillow turns counter-clockwise, which makes lines rise to the right: a negative image angle.
    assert geometry.skew_angle(skewed(degrees)) == pytest.approx(-degrees, abs=0.15)


@pytest.mark.parametrize("degrees", [1.0, -2.5])
def test_a_skewed_page_is_straightened_and_its_merges_found(degrees):
    [table] = grid.find_tables(grid.rulings(grid.ink(geometry.deskew(skewed(degrees)))))
    assert table.shape == (6, 3)
    assert merges(table) == CATEGORY_MERGES


def test_a_level_page_is_left_as_it_is():
    page = drawing.array(drawing.page(tables=[drawing.category_table()]))
    assert geometry.deskew(page) is page


def test_a_blank_page_has_no_skew_and_no_text_lines():
    page = drawing.array(drawing.page())
    assert geometry.skew_angle(page) == 0.0
    assert geometry.text_line_boxes(page) == []


def text_page() -> np.ndarray:
    lines = [
        "基本履职事项清单是本镇必须为、负全责的事项。",
        "主要包括党的建设、经济发展、民生服务、平安法治、",
        "乡村振兴、精神文明建设、社会管理、安全稳定、民族宗教，",
        "共有基本履职事项116项。配合履职事项清单是以上级部门为主负责、",
        "乡镇为辅配合的履职事项，共有配合履职事项98项，涉及37个部门。",
    ] * 3
    page = drawing.page(tables=[drawing.category_table(top=900)], lines=[((130, 150 + 42 * i), text) for i, text in enumerate(lines)])
    return drawing.array(page)


@pytest.mark.parametrize("turns", [0, 1, 2, 3], ids=["upright", "quarter-left", "upside-down", "quarter-right"])
def test_a_turned_page_is_turned_back_upright(recogniser, turns):
    page = text_page()
    turned = np.ascontiguousarray(np.rot90(page, turns))
    assert np.array_equal(geometry.upright(turned, recogniser), page)


def test_a_blank_page_is_not_turned(recogniser):
    page = drawing.array(drawing.page(drawing.A4_LANDSCAPE))
    assert geometry.upright(page, recogniser) is page
