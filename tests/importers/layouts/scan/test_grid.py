"""Ruled tables found in synthetic page images: boundaries, merged cells, damage tolerated."""

from __future__ import annotations

import pytest

from importers.layouts.scan import grid
from tests.importers.layouts.scan import drawing
from tests.importers.layouts.scan.drawing import TableDrawing

CATEGORY_MERGES = {(1, 1, 3, 1), (4, 1, 2, 1)}


def tables_of(image) -> list[grid.Table]:
    return grid.find_tables(grid.rulings(grid.ink(drawing.array(image))))


def merges(table: grid.Table) -> set[tuple[int, int, int, int]]:
    return {(cell.row, cell.column, cell.rows, cell.columns) for cell in table.cells if cell.rows > 1 or cell.columns > 1}


def assert_near(found, drawn, slack=3):
    assert len(found) == len(drawn), (found, drawn)
    assert all(abs(a - b) <= slack for a, b in zip(found, drawn)), (found, drawn)


def test_a_ruled_table_gives_its_row_and_column_boundaries():
    table = drawing.category_table()
    [found] = tables_of(drawing.page(tables=[table]))
    assert found.shape == (6, 3)
    assert_near(found.row_lines, table.row_lines)
    assert_near(found.column_lines, table.column_lines)


def test_a_category_cell_without_rulings_below_spans_rows():
    [found] = tables_of(drawing.page(tables=[drawing.category_table()]))
    assert merges(found) == CATEGORY_MERGES
    spanning = next(cell for cell in found.cells if (cell.row, cell.column) == (1, 1))
    assert (spanning.top, spanning.bottom) == (found.row_lines[1], found.row_lines[4])


def test_every_grid_position_belongs_to_exactly_one_cell():
    [found] = tables_of(drawing.page(tables=[drawing.category_table()]))
    covered = [
        (r, c)
        for cell in found.cells
        for r in range(cell.row, cell.row + cell.rows)
        for c in range(cell.column, cell.column + cell.columns)
    ]
    assert sorted(covered) == [(r, c) for r in range(6) for c in range(3)]


def test_a_title_row_across_the_table_is_one_cell_and_columns_still_found():
    table = TableDrawing(
        left=120, top=200, widths=[80, 300, 300, 260], heights=[50, 44, 70, 70],
        merges=[(0, 0, 1, 4), (2, 2, 1, 2)],
        texts={(0, 0): "配合履职事项清单", (1, 0): "序号", (1, 1): "事项名称", (2, 2): "合并的两列"},
    )
    [found] = tables_of(drawing.page(tables=[table]))
    assert found.shape == (4, 4)
    assert merges(found) == {(0, 0, 1, 4), (2, 2, 1, 2)}


def test_a_landscape_coordinating_table_with_seven_columns():
    table = TableDrawing(
        left=147, top=148, widths=[71, 130, 213, 188, 432, 354, 71], heights=[26, 93, 324, 208, 116, 120],
        merges=[(1, 1, 5, 1)],
        texts={(0, 0): "序号", (0, 4): "上级部门职责", (2, 4): "1.指导乡镇合作社\n2.对家庭农场的赋码"},
    )
    [found] = tables_of(drawing.page(drawing.A4_LANDSCAPE, tables=[table]))
    assert found.shape == (6, 7)
    assert merges(found) == {(1, 1, 5, 1)}
    assert_near(found.column_lines, table.column_lines)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda image: drawing.add_specks(image, 600), id="specks"),
        pytest.param(lambda image: drawing.add_stamp(image, (900, 520)), id="stamp-over-the-table"),
        pytest.param(lambda image: drawing.erase(image, (500, 272, 512, 276)), id="short-break-in-a-row-ruling"),
        pytest.param(lambda image: drawing.erase(image, (189, 420, 193, 432)), id="short-break-in-a-column-ruling"),
    ],
)
def test_damage_leaves_the_grid_and_merges_as_drawn(damage):
    table = drawing.category_table()
    [found] = tables_of(damage(drawing.page(tables=[table])))
    assert found.shape == (6, 3)
    assert merges(found) == CATEGORY_MERGES
    assert_near(found.column_lines, table.column_lines)


def test_a_missing_ruling_segment_merges_the_two_cells_it_separated():
    table = drawing.category_table()
    y = table.row_lines[3]  # between grid rows 2 and 3, name column only
    image = drawing.erase(drawing.page(tables=[table]), (table.column_lines[2] + 2, y - 2, table.column_lines[3] - 2, y + 2))
    [found] = tables_of(image)
    assert found.shape == (6, 3)
    assert merges(found) == CATEGORY_MERGES | {(2, 2, 2, 1)}


def test_two_tables_on_a_page_are_found_top_to_bottom():
    upper = drawing.category_table(top=120)
    lower = TableDrawing(left=100, top=900, widths=[90, 300, 540], heights=[44, 70, 70], texts={(0, 0): "序号"})
    found = tables_of(drawing.page(tables=[upper, lower]))
    assert [table.shape for table in found] == [(6, 3), (3, 3)]


def test_a_table_without_side_rulings_gets_its_outer_columns():
    table = drawing.category_table()
    image = drawing.page(tables=[table])
    left, right = table.column_lines[0], table.column_lines[-1]
    drawing.erase(image, (left - 3, table.top - 3, left + 2, table.row_lines[-1] + 3))
    drawing.erase(image, (right - 2, table.top - 3, right + 3, table.row_lines[-1] + 3))
    [found] = tables_of(image)
    assert found.shape == (6, 3)


@pytest.mark.parametrize(
    "image",
    [
        pytest.param(lambda: drawing.page(), id="blank"),
        pytest.param(lambda: drawing.add_specks(drawing.page(), 800), id="blank-with-specks"),
        pytest.param(
            lambda: drawing.page(lines=[((150, 200 + 40 * i), "基本履职事项清单是本镇必须为、负全责的事项——" * 2) for i in range(20)]),
            id="text-only",
        ),
        pytest.param(lambda: drawing.add_stamp(drawing.page(), (600, 800)), id="stamp-only"),
    ],
)
def test_a_page_without_a_ruled_table_gives_none(image):
    assert tables_of(image()) == []


def test_a_one_row_table_continued_at_the_top_of_a_page_is_found():
    table = TableDrawing(left=100, top=150, widths=[90, 200, 640], heights=[80], texts={(0, 0): "6", (0, 2): "优化营商环境"})
    [found] = tables_of(drawing.page(tables=[table]))
    assert found.shape == (1, 3)
    assert_near(found.column_lines, table.column_lines)


def test_a_filled_blot_in_a_cell_is_no_ruling():
    from PIL import ImageDraw

    table = drawing.category_table()
    image = drawing.page(tables=[table])
    ImageDraw.Draw(image).rectangle([500, 300, 700, 330], fill=20)  # a redaction bar across a name
    lines = grid.rulings(grid.ink(drawing.array(image)))
    assert not lines.both[300:331, 500:701].any()
    [found] = grid.find_tables(lines)
    assert found.shape == (6, 3) and merges(found) == CATEGORY_MERGES
