"""How the export sheets print: row heights from the text, tall items split and joined back, page set-up."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook, load_workbook

from importers.layouts.xlsx.format import Column
from importers.layouts.xlsx.items import joined_continuations
from importers.layouts.xlsx.workbook import SheetRow
from township.exports.printing import (
    FONT_SIZE, MAX_ROW_HEIGHT, PAGE_FOOTER, footer_text, is_portrait, line_count, line_height, max_lines,
    row_height, split_tall_row, text_width,
)
from township.exports.sheets import prepare_sheet

ONE_LINE = row_height(["一"], [10])


@pytest.mark.parametrize("text, width", [
    ("", 0), ("abc", 3), ("1. ", 3), ("乡镇", 4), ("负责；", 6), ("（街道）", 8), ("A镇b", 4),
])
def test_text_width_counts_cjk_and_full_width_punctuation_double_and_ascii_single(text, width):
    assert text_width(text) == width


@pytest.mark.parametrize("value, width, lines", [
    (None, 10, 1),
    ("", 10, 1),
    (42, 6, 1),
    ("短", 10, 1),
    ("一二三四五六七八九十" * 2, 20, 3),  # 40 units, 18.5 to a line (the cell's margins taken off)
    ("abcdefghij" * 2, 20, 2),  # as many ASCII characters take half the room
    ("一二三四五六七八九十" * 2, 10, 6),
    ("第一行\n第二行\n第三行", 60, 3),
    ("第一行\n\n第三行", 60, 3),  # an empty line is a line too
    ("一二三四五六七八九十" * 2 + "\n末行", 10, 7),
])
def test_line_count_follows_breaks_and_wraps_at_the_column_width(value, width, lines):
    assert line_count(value, width) == lines


def test_a_row_is_as_tall_as_its_tallest_cell():
    short, tall = "一行", "\n".join(["一行"] * 5)
    assert row_height([short, tall, None], [10, 10, 10]) == row_height([tall], [10])
    assert row_height([tall], [10]) > row_height([short], [10])
    assert row_height([tall], [10]) == pytest.approx(5 * line_height() + (ONE_LINE - line_height()), abs=0.1)


def test_an_empty_row_still_has_one_lines_height():
    assert row_height([None, ""], [10, 10]) == ONE_LINE >= FONT_SIZE
    assert row_height([], []) == ONE_LINE


def test_a_row_is_never_taller_than_a_spreadsheet_allows():
    assert row_height(["\n".join(["行"] * 500)], [10]) == MAX_ROW_HEIGHT


def test_a_bigger_font_makes_a_taller_row():
    assert row_height(["标题"], [20], font_size=14) > row_height(["标题"], [20])


def test_a_row_that_fits_is_not_split():
    values = [1, "类别", "名称", "1. 一步；\n2. 两步。"]
    assert split_tall_row(values, [6, 12, 26, 60], [False, False, False, True]) == [values]


def test_a_tall_item_goes_on_below_with_the_key_cells_empty_and_reads_back_exactly():
    steps = "\n".join(f"{number}. 第{number}步的职责内容，写得足够长，要占满一行还多出一些字才会折行。"
                      for number in range(1, 120))
    values = [7, "类别", "名称", "【某部门】\n1. 配合。", steps]
    widths, splittable = [6, 12, 26, 20, 60], [False, False, False, True, True]
    rows = split_tall_row(values, widths, splittable)
    assert len(rows) > 1
    assert all(row_height(row, widths) < MAX_ROW_HEIGHT for row in rows)
    assert all(row[:4] == [None, None, None, None] for row in rows[1:])  # the short cell stays in the first row
    keys = ["seq", "category", "name", "departments", "steps"]
    sheet_rows = [SheetRow(number=number, values={key: "" if value is None else str(value)
                                                  for key, value in zip(keys, row)}, columns={})
                  for number, row in enumerate(rows, start=3)]
    (joined,) = joined_continuations(sheet_rows)
    assert joined.number == 3
    assert joined.values == {"seq": "7", "category": "类别", "name": "名称",
                             "departments": "【某部门】\n1. 配合。", "steps": steps}


def test_max_lines_fill_a_row():
    assert max_lines() * line_height() <= MAX_ROW_HEIGHT < (max_lines() + 1) * line_height()


def test_an_ampersand_in_a_footer_is_text_not_a_field_code():
    assert footer_text("A&B镇") == "A&&B镇"


@pytest.mark.parametrize("widths, portrait", [([6, 16, 40, 12], True), ([6, 16, 70, 12], False)])
def test_narrow_columns_print_portrait_wide_ones_landscape(widths, portrait):
    assert is_portrait(widths) is portrait


def test_a_prepared_sheet_gives_every_row_a_height_and_prints_a_footer():
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("表")
    rows = prepare_sheet(sheet, [Column("a", "序号", 6), Column("b", "内容", 20)], "某镇清单", footer="某&镇")
    rows.append([1, "短"])
    rows.append([2, "\n".join(["长"] * 4)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    saved = load_workbook(buffer)["表"]
    heights = [saved.row_dimensions[number].height for number in range(1, 5)]
    assert all(heights) and heights[3] > heights[2]
    assert saved.oddFooter.center.text == PAGE_FOOTER
    assert saved.oddFooter.left.text == "某&&镇"
    assert saved.page_setup.orientation == "portrait"
    assert saved.print_title_rows == "$2:$2"
