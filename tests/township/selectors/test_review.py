"""The one count of what awaits review: items with an open flag, the open flags, those on a whole version."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from township.models import Duty, DutyList, ReviewFlag
from township.selectors.review import (
    ReviewTally, duty_list_open_flags, duty_list_review, open_review_flags, review_tally,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("tally, text", [
    (ReviewTally(items=86, flags=124, version_flags=2), "86 项事项（共 124 处标记，其中 2 处针对整份清单）"),
    (ReviewTally(items=3, flags=3), "3 项事项（共 3 处标记）"),
    (ReviewTally(items=0, flags=1, version_flags=1), "0 项事项（共 1 处标记，其中 1 处针对整份清单）"),
])
def test_the_tally_names_both_units(tally, text):
    assert tally.text == text and bool(tally)


def test_an_empty_tally_is_false():
    assert not ReviewTally()


def latest_004() -> DutyList:
    return DutyList.objects.get(township__name="夏马勒乡")


def test_a_version_counts_each_flagged_item_once_and_every_open_flag(bundled_lists):
    duty_list = latest_004()
    open_flags = ReviewFlag.objects.filter(duty_list=duty_list, reviewed_at__isnull=True)
    items = Duty.objects.filter(duty_list=duty_list, flags__in=open_flags).distinct()
    review = duty_list_review(duty_list=duty_list)
    # 004's OCR gives some items two reasons at once: fewer items than flags.
    assert review.items == items.count() < review.flags == open_flags.count()
    assert review.version_flags == open_flags.filter(duty__isnull=True).count() == 1  # departments ≠ 说明
    assert review.items_by_part == {kind: items.filter(kind=kind).count() for kind in Duty.Kind.values}
    assert sum(review.items_by_part.values()) == review.items


def test_reviewed_flags_no_longer_count(bundled_lists):
    duty_list = latest_004()
    before = duty_list_review(duty_list=duty_list)
    duty = Duty.objects.filter(duty_list=duty_list, flags__isnull=False).distinct().first()
    duty.flags.update(reviewed_at=timezone.now())
    after = duty_list_review(duty_list=duty_list)
    assert (after.items, after.flags) == (before.items - 1, before.flags - duty.flags.count())
    assert review_tally(flags=ReviewFlag.objects.filter(duty=duty)).items == 1  # any flags, reviewed or not


def test_a_version_is_counted_in_one_query(bundled_lists):
    duty_list = latest_004()
    with CaptureQueriesContext(connection) as captured:
        duty_list_review(duty_list=duty_list)
    assert len(captured) == 1


def test_a_versions_open_flags_are_listed_its_own_first_then_by_part_and_item(bundled_lists):
    duty_list = latest_004()
    flags = list(duty_list_open_flags(duty_list=duty_list))
    assert len(flags) == open_review_flags().filter(duty_list=duty_list).count()
    assert flags[0].duty is None and all(flag.duty is not None for flag in flags[1:])
    order = [(Duty.Kind.values.index(flag.duty.kind), flag.duty.seq) for flag in flags[1:]]
    assert order == sorted(order)
