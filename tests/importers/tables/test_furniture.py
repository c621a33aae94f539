"""Page footers and 目录 entries told apart from a list's own text."""

import pytest

from importers.tables.furniture import contents_statement, is_contents_entry, is_footer


@pytest.mark.parametrize(
    "text, footer",
    [
        ("— 9 —", True),
        ("- 9 -", True),
        ("9", True),
        ("第 9 页 共 35 页", True),
        ("第9页", True),
        ("共 35 页 第 9 页", True),
        ("9 / 35", True),
        ("2025年7月", False),
        ("说 明", False),
        ("", False),
    ],
)
def test_page_footers_are_known(text, footer):
    assert is_footer(text) is footer


@pytest.mark.parametrize(
    "text, entry",
    [
        ("1. 基本履职事项清单………………………… 1", True),
        ("2. 配合履职事项清单....18", True),
        ("3.上级部门收回事项清单(44项)\t37", True),
        ("基本履职事项清单是本镇必须为、负全责的事项。", False),
        ("共有基本履职事项 116 项", False),
    ],
)
def test_contents_entries_are_known(text, entry):
    assert is_contents_entry(text) is entry


@pytest.mark.parametrize(
    "text, statement",
    [
        ("1.基本履职事项单(140项)\t1", "1.基本履职事项单(140项)"),
        ("2. 配合履职事项清单（108项）……………… 1", "2. 配合履职事项清单（108项）"),
        ("1. 基本履职事项清单..... 1", None),
    ],
)
def test_a_contents_entry_keeps_only_the_count_it_states(text, statement):
    assert contents_statement(text) == statement
