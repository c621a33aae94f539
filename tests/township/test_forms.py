"""The compare form: 2 to 5 distinct versions, errors in Chinese."""

from __future__ import annotations

import datetime

import pytest
from django.http import QueryDict

from township.forms import MAX_COMPARED, MAX_TICKED, MIN_COMPARED, TOO_FEW, TOO_MANY, CompareForm, ticked_ids
from township.models import DutyList, Place, Township

COUNTY = Place(pk=1, name="于田县", level="county")


def township(pk: int) -> Township:
    found = Township(pk=pk, name=f"第{pk}乡", county=COUNTY)
    found.latest_list_id = 100 + pk
    return found


def form(query: str) -> CompareForm:
    versions = [DutyList(pk=101, township=township(1), published=datetime.date(2026, 1, 1)),
                DutyList(pk=200, township=township(1), published=datetime.date(2025, 7, 1))]
    return CompareForm(QueryDict(query), townships=[township(pk) for pk in range(1, 8)], versions=versions)


@pytest.mark.parametrize("query", ["t=1&t=2", "t=1&t=2&t=3&t=4&t=5", "t=1&v=200", "v=101&v=200"])
def test_two_to_five_distinct_versions_are_valid(query):
    assert form(query).is_valid()


@pytest.mark.parametrize("query, message", [
    ("t=1", TOO_FEW),
    ("t=1&v=101", TOO_FEW),  # 101 is township 1's latest version: the same list twice
    ("t=1&t=2&t=3&t=4&t=5&t=6", TOO_MANY.format(count=6)),
    ("t=1&t=2&t=3&t=4&t=5&v=200", TOO_MANY.format(count=6)),
])
def test_too_few_or_too_many_is_said_in_chinese(query, message):
    bound = form(query)
    assert not bound.is_valid()
    assert bound.non_field_errors() == [message]


def test_an_unknown_township_is_refused_by_its_field():
    bound = form("t=1&t=99")
    assert not bound.is_valid()
    assert "99" in bound.errors["t"][0] and "有效" in bound.errors["t"][0]


def test_ticked_boxes_stay_ticked_even_when_invalid():
    bound = form("t=1&t=x&v=200")
    assert bound.chosen_townships == {1} and bound.chosen_versions == {200}


def test_townships_are_offered_by_county():
    (group,) = form("").counties
    assert group.county.name == "于田县" and len(group.townships) == 7


def test_the_chosen_county_comes_first_and_the_others_hold_townships_already_ticked():
    other = Place(pk=2, name="巴楚县", level="county")
    ticked = Township(pk=8, name="夏马勒乡", county=other)
    ticked.latest_list_id = 108
    bound = CompareForm(QueryDict("t=8&t=1"), townships=[ticked, township(1)], versions=[], county=COUNTY)
    assert [(group.county.name, group.chosen) for group in bound.counties] == [("于田县", True), ("巴楚县", False)]
    assert bound.is_valid() and bound.cleaned_data["t"] == [8, 1]


@pytest.mark.parametrize("query, ids", [
    ("t=3&t=1&t=3", [3, 1]),
    ("t=x&t=²&t=-1&t=1.5&t=12345678901&t=2", [2]),  # not plain ids: skipped, never an error
    ("&".join(f"t={pk}" for pk in range(1, 100)), list(range(1, MAX_TICKED + 1))),
])
def test_ticked_ids_in_an_address_are_plain_ids_each_once_and_a_few(query, ids):
    assert ticked_ids(QueryDict(query), "t") == ids


def test_a_superscript_digit_ticked_is_not_a_chosen_township():
    assert form("t=²&t=1").chosen_townships == {1}


def test_the_messages_state_the_limits_the_form_applies():
    assert TOO_FEW == f"请至少选择 {MIN_COMPARED} 个乡镇（或清单版本）进行比较。"
    assert TOO_MANY.format(count=MAX_COMPARED + 1) == (f"最多只能同时比较 {MAX_COMPARED} 个乡镇（或清单版本），"
                                                       f"您选择了 {MAX_COMPARED + 1} 个。")
