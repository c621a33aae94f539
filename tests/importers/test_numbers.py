"""Numbers are converted only when their length is sane; longer ones are refused by what they are."""

from __future__ import annotations

from decimal import Decimal

import pytest

from importers import numbers


@pytest.mark.parametrize("text, expected", [("7", 7), (" 116 ", 116), ("999999999999", 999_999_999_999)])
def test_a_sane_whole_number_is_converted(text, expected):
    assert numbers.whole_number(text, what="事项数") == expected


@pytest.mark.parametrize("text, digits", [("9" * 20, "20"), ("9" * 5000, "5,000"), ("9" * 100_000, "100,000")])
def test_a_number_too_long_is_refused_before_conversion_with_its_length(text, digits):
    with pytest.raises(numbers.NumberTooLong, match=f"事项数“9+…”有 {digits} 位数字"):
        numbers.whole_number(text, what="事项数", line=3)


def test_a_seq_of_more_than_five_digits_is_no_seq_and_says_where():
    with pytest.raises(numbers.NumberTooLong) as raised:
        numbers.seq("123456", line=12, where="第 2 页")
    assert raised.value.line == 12
    assert str(raised.value).startswith("第 2 页：序号“123456”有 6 位数字，不可能是清单中的序号（最多 5 位）")


def test_decimals_are_capped_on_both_sides_of_the_point():
    assert numbers.decimal_number("85.05", what="面积") == Decimal("85.05")
    with pytest.raises(numbers.NumberTooLong):
        numbers.decimal_number("1." + "0" * 5000, what="面积")
