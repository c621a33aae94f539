"""Matching items across versions (part and seq, then the name, then similar names in place) and their fields."""

from __future__ import annotations

import pytest

from township.diffs import duty_fields, match_items
from township.models import Duty, DutyList


def keys(*items: tuple[str, int, str]) -> list[tuple[str, int, str]]:
    return list(items)


def match(old, new):
    matching = match_items(old, new, key=lambda item: item)
    pairs = sorted((a[:2], b[:2]) for a, b in matching.pairs)
    return pairs, sorted(item[:2] for item in matching.removed), sorted(item[:2] for item in matching.added)


@pytest.mark.parametrize("old, new, pairs, removed, added", [
    pytest.param(keys(("basic", 1, "甲"), ("basic", 2, "乙")), keys(("basic", 1, "甲"), ("basic", 2, "乙")),
                 [(("basic", 1), ("basic", 1)), (("basic", 2), ("basic", 2))], [], [], id="unchanged"),
    pytest.param(keys(("basic", 1, "甲"), ("basic", 2, "乙"), ("basic", 3, "丙")),
                 keys(("basic", 1, "甲"), ("basic", 2, "丙")),
                 [(("basic", 1), ("basic", 1)), (("basic", 3), ("basic", 2))], [("basic", 2)], [],
                 id="dropped-then-renumbered-pairs-by-name"),
    pytest.param(keys(("basic", 1, "甲"), ("basic", 2, "组织开展乡村治理示范创建工作")),
                 keys(("basic", 1, "甲"), ("basic", 2, "组织开展乡村治理示范村创建工作")),
                 [(("basic", 1), ("basic", 1)), (("basic", 2), ("basic", 2))], [], [],
                 id="slightly-renamed-in-place-pairs-by-seq"),
    pytest.param(keys(("basic", 8, "做好人才引进、服务、管理和使用工作")), keys(("basic", 8, "做好人才引进工作")),
                 [(("basic", 8), ("basic", 8))], [], [], id="shortened-in-place-pairs-by-seq"),
    pytest.param(keys(("coordinating", 5, "推荐县级以上党代表工作")), keys(("coordinating", 5, "防范和惩治统计造假")),
                 [], [("coordinating", 5)], [("coordinating", 5)],
                 id="unrelated-item-at-the-same-seq-is-removed-and-added"),
    pytest.param(keys(("basic", 1, "甲"), ("basic", 2, "乙"), ("basic", 3, "组织本辖区人大代表参加相关会议，开展视察调研")),
                 keys(("basic", 1, "甲"), ("basic", 2, "组织本辖区人大代表参加相关会议,开展视察 调研")),
                 [(("basic", 1), ("basic", 1)), (("basic", 3), ("basic", 2))], [("basic", 2)], [],
                 id="ocr-spacing-and-half-width-punctuation-still-pair-by-name"),
    pytest.param(keys(("basic", 1, "甲")), keys(("basic", 1, "甲"), ("basic", 2, "乙")),
                 [(("basic", 1), ("basic", 1))], [], [("basic", 2)], id="appended"),
    pytest.param(keys(("basic", 1, "甲"), ("reclaimed", 1, "乙")), keys(("basic", 1, "甲"), ("coordinating", 1, "乙")),
                 [(("basic", 1), ("basic", 1))], [("reclaimed", 1)], [("coordinating", 1)],
                 id="never-across-parts"),
    pytest.param(keys(("basic", 1, "甲"), ("basic", 2, "乙")), keys(("basic", 1, "乙"), ("basic", 2, "甲")),
                 [(("basic", 1), ("basic", 2)), (("basic", 2), ("basic", 1))], [], [],
                 id="swapped-items-pair-by-name-not-by-seq"),
])
def test_match_items(old, new, pairs, removed, added):
    assert match(old, new) == (pairs, removed, added)


def test_a_missing_name_never_pairs_by_name():
    """Two unnamed items at different places are not the same item just because both lack a name."""
    assert match(keys(("basic", 3, "")), keys(("basic", 7, ""))) == ([], [("basic", 3)], [("basic", 7)])


def stored(township: str, kind: str, seq: int) -> Duty:
    duty_list = DutyList.objects.filter(township__name=township).latest()
    return (Duty.objects.select_related("category")
            .prefetch_related("duty_departments", "blocks__steps", "methods")
            .get(duty_list=duty_list, kind=kind, seq=seq))


@pytest.mark.django_db
def test_the_fields_of_a_coordinating_item_are_its_columns_as_lines(bundled_lists):
    fields = duty_fields(stored("先拜巴扎镇", "coordinating", 1))
    assert fields["name"] == ["推荐县级以上党代表工作"]
    assert fields["category"] == ["党的建设"]
    assert fields["departments"] == ["于田县委组织部"]
    assert fields["department_steps"] == ["1. 确定县级以上党代表名额分配；", "2. 确定初步人员并进行考察；",
                                          "3. 对人选进行审核批复。"]
    assert fields["township_steps"][0].startswith("1. 按照分配的名额组织所辖党支部")
    assert fields["methods"] == [] and fields["note"] == []


@pytest.mark.django_db
def test_the_fields_of_a_taken_back_item_name_each_receiving_department_with_its_method(bundled_lists):
    fields = duty_fields(stored("先拜巴扎镇", "reclaimed", 2))
    assert fields["departments"] == ["于田县教育局"]
    assert fields["methods"] == ["于田县教育局：由于田县教育局根据申请人员提交的医学身体状况证明等其他相关材料，对是否延缓入学进行评估审批。"]
    assert fields["department_steps"] == [] and fields["township_steps"] == []
