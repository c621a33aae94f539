"""The pdftext layout's row rules: centred numbers placed back in their rows, split 序号 labels,
hanging step numbers and the spaces pdftotext adds beside Latin text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from importers.layouts.pdftext.columns import cut, header_lines, printed_starts
from importers.layouts.pdftext.grouping import page_rows
from importers.layouts.pdftext.pages import _LATIN_SPACE
from importers.layouts.pdftext.spans import best_cuts, centring_cost
from importers.places import place_from_titles


def _lines(*rows: tuple[str, str]):
    return [SimpleNamespace(cells=[seq, text]) for seq, text in rows]


@pytest.mark.parametrize(
    ("rows", "groups"),
    [
        # 3 lines with the number on the middle one, then 2 lines with the number between them
        ([("", "a"), ("1", "b"), ("", "c"), ("", "d"), ("2", ""), ("", "e")], [[0, 1, 2], [3, 4, 5]]),
        # one-line rows
        ([("1", "a"), ("2", "b"), ("3", "c")], [[0], [1], [2]]),
        # the rest of the previous page's row above the first number
        ([("", "x"), ("", "a"), ("1", ""), ("", "b")], [[0], [1, 2, 3]]),
    ],
)
def test_rows_centre_each_number(rows, groups):
    found = page_rows(_lines(*rows), 0, {0}, lambda index, column: False)
    assert found.groups == groups


def test_a_number_is_centred_in_the_lines_of_its_tallest_column_when_columns_interleave():
    # (序号, 名称, 上级部门职责, 配合职责): the rest of the previous page's row, then a row whose
    # 配合职责 lines fall between its 上级部门职责 lines; the number sits mid-way down the
    # 上级部门职责 (five lines above it, five below), far below the middle of all the lines
    rows = [("", "", "r", "r"), ("", "名", "d", "c")] + [("", "", "d", ""), ("", "", "", "c")] * 3
    rows += [("", "", "d", "c"), ("1", "", "d", "")] + [("", "", "d", "")] * 5
    lines = [SimpleNamespace(cells=list(cells)) for cells in rows]
    found = page_rows(lines, 0, {0}, lambda index, column: False)
    assert found.groups == [[0], list(range(1, len(rows)))]


def test_a_hanging_step_number_widens_its_column_to_the_left():
    lines = ["州生态环境局   1.   制定应急预案", "伊宁市分局          并组织演练；"]
    assert printed_starts(lines, (0, 14)) == (0, 9)


def test_the_cuts_that_centre_every_mark_are_chosen():
    cost = lambda mark, first, last: 0.5 if mark is None else centring_cost(first, last, [1.5, 4.0][mark])  # noqa: E731
    assert best_cuts([1.5, 4.0], list(range(6)), cost) == (0, 5, [0, 3])


def test_a_sequence_label_wrapped_as_xu_hao_is_a_header():
    lines = ["序", "     事项类别          事项名称", "号", "1    党的建设    做好工作"]
    assert header_lines(lines) == [1]


def test_a_hanging_step_number_goes_with_its_text():
    assert cut("会办公室、市   2. 市委编办审核", (0, 10)) == ["会办公室、市", "2. 市委编办审核"]
    assert cut("局        2.   统筹部门联动", (0, 12)) == ["局", "2. 统筹部门联动"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("开展 C、D 级食品", "开展C、D级食品"),
        ("指导群众使用相关政务 APP", "指导群众使用相关政务APP"),
        ("公示 5 个工作日", "公示5个工作日"),
        ("规定的 behavior 不及时", "规定的 behavior 不及时"),
        ("技术支撑。 B", "技术支撑。 B"),
    ],
)
def test_spaces_beside_numbers_and_capitals_are_dropped_not_beside_words(text, expected):
    assert _LATIN_SPACE.sub(r"\1", text) == expected


def test_a_title_wrapped_inside_its_words_names_the_place():
    place = place_from_titles(["新疆维吾尔自治区喀什地区巴楚县夏马勒乡履职", "事项清单", "2025 年 7 月"])
    assert (place.county, place.township) == ("巴楚县", "夏马勒乡")
