"""The version diff against a real re-publication: 先拜巴扎镇's list imported again, edited, for 2026-01."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.republished import (
    ADDED_NAME, DROPPED_ITEM, EDITED_ITEM, EDITED_STEP, LAST_BASIC, republished_002,
)
from township.models import Duty, DutyList
from township.selectors.versions import duty_list_diff

pytestmark = pytest.mark.django_db


def import_republished(tmp_path, *, renumber: bool) -> tuple[DutyList, DutyList]:
    call_command("import_list", str(republished_002(tmp_path, renumber=renumber)), "--published", "2026-01",
                 stdout=io.StringIO())
    old, new = DutyList.objects.filter(township__name="先拜巴扎镇").order_by("published")
    return old, new


def differences(parts) -> dict[str, list]:
    """Every difference as plain values: (part, seq, name) per item, changed fields per change."""
    return {
        "added": [(duty.kind, duty.seq, duty.name) for part in parts for duty in part.added],
        "removed": [(duty.kind, duty.seq, duty.name) for part in parts for duty in part.removed],
        "changed": [(change.new.kind, change.old.seq, change.new.seq, change.new.name,
                     [field.field for field in change.fields]) for part in parts for change in part.changed],
        "renumbered": sum(len(part.renumbered) for part in parts),
    }


@pytest.mark.parametrize("renumber", [True, False], ids=["renumbered", "gap-left"])
def test_the_diff_finds_exactly_the_added_removed_and_changed_items(bundled_lists, tmp_path, renumber):
    old, new = import_republished(tmp_path, renumber=renumber)
    dropped = Duty.objects.get(duty_list=old, kind=DROPPED_ITEM[0], seq=DROPPED_ITEM[1])
    assert dropped.name.startswith(DROPPED_ITEM[2])
    added_seq = LAST_BASIC if renumber else LAST_BASIC + 1
    kind, seq, name = EDITED_ITEM
    assert differences(duty_list_diff(old=old, new=new)) == {
        "added": [("basic", added_seq, ADDED_NAME)],
        "removed": [("basic", DROPPED_ITEM[1], dropped.name)],
        "changed": [(kind, seq, seq, name, ["department_steps"])],
        # Closing the gap moves every later basic item up one; their content is unchanged.
        "renumbered": LAST_BASIC - DROPPED_ITEM[1] if renumber else 0,
    }


def test_a_changed_step_is_marked_word_by_word_on_each_side(bundled_lists, tmp_path):
    old, new = import_republished(tmp_path, renumber=True)
    coordinating = duty_list_diff(old=old, new=new)[1]
    field = coordinating.changed[0].fields[0]
    assert field.label == "上级部门职责"
    edited = [line for line in field.after if line.status == "changed"]
    assert [(segment.text, segment.changed) for segment in edited[0].segments] == [
        ("3. 对人选进行审核", False), ("并报县委", True), ("批复。", False)]
    assert "".join(segment.text for segment in edited[0].segments) == EDITED_STEP[1]
    assert [line.status for line in field.before] == ["same", "same", "changed"]


def test_renumbered_items_keep_their_old_and_new_seq(bundled_lists, tmp_path):
    old, new = import_republished(tmp_path, renumber=True)
    basic = duty_list_diff(old=old, new=new)[0]
    first = basic.renumbered[0]
    assert (first.old.seq, first.new.seq) == (3, 2) and first.old.name == first.new.name


def test_a_version_compared_with_itself_has_no_differences(bundled_lists):
    only = DutyList.objects.get(township__name="先拜巴扎镇")
    assert not any(part.has_differences for part in duty_list_diff(old=only, new=only))


def test_the_diff_reads_a_fixed_number_of_queries(bundled_lists, tmp_path, django_assert_num_queries):
    old, new = import_republished(tmp_path, renumber=True)
    with django_assert_num_queries(5):  # items with categories, departments, methods, blocks, steps
        duty_list_diff(old=old, new=new)
