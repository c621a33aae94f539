"""Character-level differences between two wordings of one duty."""

from __future__ import annotations

import pytest

from township.matching.diff import ADDED, REMOVED, SAME, Segment, wording_diff


@pytest.mark.parametrize("reference, other, segments", [
    ("推荐县级以上党代表工作", "推荐县级以上党代表工作", [("推荐县级以上党代表工作", SAME)]),
    ("推荐县级以上党代表工作", "推荐市级以上党代表工作",
     [("推荐", SAME), ("县", REMOVED), ("市", ADDED), ("级以上党代表工作", SAME)]),
    ("机构编制日常管理", "加强机构编制日常管理工作",
     [("加强", ADDED), ("机构编制日常管理", SAME), ("工作", ADDED)]),
    ("政协委员人选推荐工作", "做好政协委员人选推荐工作",
     [("做好", ADDED), ("政协委员人选推荐工作", SAME)]),
    ("规范村（社区）工作机制、牌子、证明事项", "规范村工作机制、牌子、出具证明",
     [("规范村", SAME), ("（社区）", REMOVED), ("工作机制、牌子、", SAME), ("出具", ADDED), ("证明", SAME),
      ("事项", REMOVED)]),
    ("", "党内统计工作", [("党内统计工作", ADDED)]),
    ("党内统计工作", "", [("党内统计工作", REMOVED)]),
])
def test_wording_diff_marks_what_was_added_and_removed(reference, other, segments):
    assert wording_diff(reference, other) == [Segment(text, change) for text, change in segments]


def test_a_lone_shared_character_between_two_changes_is_folded_into_them():
    # "工会…职工" against "妇联…妇女儿童" reads as two changes, not a scatter of letters.
    segments = wording_diff("甲乙丙丁戊", "子乙丑丁戊")
    assert segments == [Segment("甲乙丙", REMOVED), Segment("子乙丑", ADDED), Segment("丁戊", SAME)]


@pytest.mark.parametrize("reference, other", [
    ("加强基层工会组织建设，维护职工合法权益", "加强基层妇联组织建设，维护妇女儿童合法权益"),
    ("组织本辖区人大代表参加相关会议", "组织本乡人大代表参加相关会议，依法开展视察调研"),
])
def test_the_segments_rebuild_both_wordings(reference, other):
    segments = wording_diff(reference, other)
    assert "".join(s.text for s in segments if s.change != ADDED) == reference
    assert "".join(s.text for s in segments if s.change != REMOVED) == other
