"""The admission check against the bundled lists in PostgreSQL: notice tasks find their items."""

from __future__ import annotations

import pytest

from tests.township.matching.admission_tasks import OFF_LIST, ON_LIST, TOWNSHIP
from township.matching.admission import HIGH_SCORE
from township.models import Duty, Place, Township
from township.selectors.admission import (
    MAX_TASKS, NO_TASKS, TOO_MANY_PAIRS, TOO_MANY_TASKS, CheckRefused, admission_check, county_townships,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def township(bundled_lists) -> Township:
    return Township.objects.select_related("county").get(name=TOWNSHIP)


def test_notice_tasks_find_their_item_nine_times_in_ten(township):
    result = admission_check(tasks=[text for text, _, _ in ON_LIST], townships=[township])
    found = [(row.duty.kind, row.duty.seq) if row.duty else ("none", None) for row in result.rows]
    expected = [(kind, seq) for _, kind, seq in ON_LIST]
    right = sum(got == wanted for got, wanted in zip(found, expected))
    assert len(ON_LIST) >= 40
    assert right >= 0.9 * len(ON_LIST), [(text, got) for (text, *_), got, wanted
                                         in zip(ON_LIST, found, expected) if got != wanted]


def test_tasks_on_no_list_get_no_confident_match(township):
    result = admission_check(tasks=OFF_LIST, townships=[township])
    confident = [(row.verdict.task, row.duty.name) for row in result.rows if row.verdict.confident]
    assert not confident
    assert sum(row.part == "none" for row in result.rows) >= 0.9 * len(OFF_LIST)


def test_no_confident_match_is_wrong(township):
    result = admission_check(tasks=[text for text, _, _ in ON_LIST], townships=[township])
    wrong = [(row.verdict.task, row.duty.kind, row.duty.seq) for row, (_, kind, seq) in zip(result.rows, ON_LIST)
             if row.verdict.confident and (row.duty.kind, row.duty.seq) != (kind, seq)
             and all((duty.kind, duty.seq) != (kind, seq) for duty in row.duties)]
    assert not wrong


def test_a_coordinating_verdict_names_both_sides_steps(township):
    row = admission_check(tasks=["请各乡镇配合做好农村公益电影放映工作"], townships=[township]).rows[0]
    assert row.part == Duty.Kind.COORDINATING
    assert row.township_steps and row.department_steps
    assert row.summary.startswith("配合履职事项（乡镇配合：")
    assert row.verdict.score >= HIGH_SCORE


def test_a_reclaimed_verdict_says_who_does_it_now(township):
    row = admission_check(tasks=["由镇政府负责婚姻登记工作"], townships=[township]).rows[0]
    assert row.part == Duty.Kind.RECLAIMED
    assert row.summary == f"上级部门收回事项（由 {row.receivers} 承担，乡镇不承接）"
    assert "民政局" in row.receivers and row.methods and "婚姻登记" in row.methods[0]


def test_a_task_on_no_list_says_so(township):
    row = admission_check(tasks=["请各乡镇配合开展航空器适航审定"], townships=[township]).rows[0]
    assert row.part == "none" and row.label == "清单外事项（需按程序准入）" and row.duty is None


def test_the_same_duty_is_checked_in_each_township_of_a_county(bundled_lists):
    county = Place.objects.get(name="于田县")
    townships = county_townships(county)
    result = admission_check(tasks=["做好双拥工作"], townships=townships)
    assert [row.township for row in result.rows] == townships


def test_the_bounds_are_said_in_chinese(township):
    with pytest.raises(CheckRefused, match=NO_TASKS):
        admission_check(tasks=["", "  "], townships=[township])
    with pytest.raises(CheckRefused) as refused:
        admission_check(tasks=["任务"] * (MAX_TASKS + 1), townships=[township])
    assert str(refused.value) == TOO_MANY_TASKS.format(limit=MAX_TASKS, count=MAX_TASKS + 1)
    with pytest.raises(CheckRefused, match="超过 300 个字"):
        admission_check(tasks=["长" * 301], townships=[township])
    assert "{limit}" in TOO_MANY_PAIRS


def test_the_same_duty_sits_in_different_parts_in_different_townships(township):
    other = Township.objects.get(name="夏马勒乡")
    rows = admission_check(tasks=["由镇政府负责婚姻登记工作"], townships=[township, other]).rows
    assert [(row.township, row.part) for row in rows] == [(township, Duty.Kind.RECLAIMED), (other, Duty.Kind.BASIC)]
    assert rows[1].duty.name == "负责婚姻登记工作"
