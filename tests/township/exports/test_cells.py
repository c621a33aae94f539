"""Text that must not become a formula: the CSV apostrophe, the xlsx string cell, and what is left alone."""

from __future__ import annotations

from decimal import Decimal

import pytest
from openpyxl import Workbook

from township.exports.cells import CSV_TEXT_MARK, UNSTORABLE, csv_safe, looks_like_formula, xlsx_text
from township.exports.sheets import text_cell

# value, whether a spreadsheet would take it for a formula
CASES = [
    ("=1+1", True),
    ("+1", True),
    ("-", True),
    ("-2+3", True),
    ("@x", True),
    ("\t=1", True),
    ("\r", True),
    ("\r=1", True),
    (" =1", False),  # a leading space makes it text to every spreadsheet
    ("党员发展工作", False),
    ("1. 做好宣传", False),
    ("", False),
    (12, False),
    (Decimal("85.05"), False),
    (None, False),
]
IDS = ["equals", "plus", "lone-minus", "minus", "at", "tab", "lone-cr", "cr", "space-first", "chinese",
       "numbered-step", "empty", "integer", "decimal", "none"]


@pytest.mark.parametrize("value, formula", CASES, ids=IDS)
def test_looks_like_formula(value, formula):
    assert looks_like_formula(value) is formula


@pytest.mark.parametrize("value, formula", CASES, ids=IDS)
def test_csv_safe_puts_an_apostrophe_before_formula_looking_text_only(value, formula):
    assert csv_safe(value) == (CSV_TEXT_MARK + value if formula else value)


@pytest.mark.parametrize("value, formula", CASES, ids=IDS)
def test_text_cell_stores_text_as_a_string_cell_quote_prefixed_when_it_looks_like_a_formula(value, formula):
    cell = text_cell(Workbook(write_only=True).create_sheet(), value)
    assert cell.value == value
    assert (cell.data_type == "s") is isinstance(value, str)  # never "f", whatever the text
    assert bool(cell.quotePrefix) is formula


def test_control_characters_an_xlsx_cannot_hold_are_replaced_visibly():
    assert xlsx_text("乱\x01码\x08") == f"乱{UNSTORABLE}码{UNSTORABLE}"
    assert text_cell(Workbook(write_only=True).create_sheet(), "乱\x01码").value == f"乱{UNSTORABLE}码"
