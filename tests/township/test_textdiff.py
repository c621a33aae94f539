"""Inline differences: Chinese compared character by character, Latin words and numbers whole."""

from __future__ import annotations

import pytest

from township.textdiff import ADDED, REMOVED, SAME, Line, Segment, diff, inline_diff, lines_diff, tokens


def marked(segments) -> list[tuple[str, bool]]:
    return [(segment.text, segment.changed) for segment in segments]


@pytest.mark.parametrize("text, expected", [
    ("对人选审核", ["对", "人", "选", "审", "核"]),
    ("报送 Excel 表格", ["报", "送", " ", "Excel", " ", "表", "格"]),
    ("不少于20%的差额", ["不", "少", "于", "20", "%", "的", "差", "额"]),
    ("2.1047万人", ["2.1047", "万", "人"]),
])
def test_han_characters_are_single_tokens_and_latin_words_and_numbers_whole(text, expected):
    assert tokens(text) == expected


@pytest.mark.parametrize("old, new, before, after", [
    ("3. 对人选进行审核批复。", "3. 对人选进行审核并报县委批复。",
     [("3. 对人选进行审核批复。", False)],
     [("3. 对人选进行审核", False), ("并报县委", True), ("批复。", False)]),
    ("公示期不少于5个工作日", "公示期不少于7个工作日",
     [("公示期不少于", False), ("5", True), ("个工作日", False)],
     [("公示期不少于", False), ("7", True), ("个工作日", False)]),
    ("submit the form", "submit a form",
     [("submit ", False), ("the", True), (" form", False)],
     [("submit ", False), ("a", True), (" form", False)]),
    ("做好人才引进、服务、管理和使用工作", "做好人才引进工作",
     [("做好人才引进", False), ("、服务、管理和使用", True), ("工作", False)],
     [("做好人才引进工作", False)]),
    ("", "新增的备注", [], [("新增的备注", True)]),
    ("相同的文字", "相同的文字", [("相同的文字", False)], [("相同的文字", False)]),
])
def test_inline_diff_marks_only_what_each_side_lacks(old, new, before, after):
    assert (marked(inline_diff(old, new)[0]), marked(inline_diff(old, new)[1])) == (before, after)


@pytest.mark.parametrize("old, new, segments", [
    ("推荐县级以上党代表工作", "推荐县级以上党代表工作", [("推荐县级以上党代表工作", SAME)]),
    ("推荐县级以上党代表工作", "推荐市级以上党代表工作",
     [("推荐", SAME), ("县", REMOVED), ("市", ADDED), ("级以上党代表工作", SAME)]),
    ("机构编制日常管理", "加强机构编制日常管理工作",
     [("加强", ADDED), ("机构编制日常管理", SAME), ("工作", ADDED)]),
    ("规范村（社区）工作机制、牌子、证明事项", "规范村工作机制、牌子、出具证明",
     [("规范村", SAME), ("（社区）", REMOVED), ("工作机制、牌子、", SAME), ("出具", ADDED), ("证明", SAME),
      ("事项", REMOVED)]),
    ("开展2024年度统计", "开展2025年度统计", [("开展", SAME), ("2024", REMOVED), ("2025", ADDED), ("年度统计", SAME)]),
    ("", "党内统计工作", [("党内统计工作", ADDED)]),
    ("党内统计工作", "", [("党内统计工作", REMOVED)]),
])
def test_diff_marks_what_was_kept_added_and_removed_in_one_sequence(old, new, segments):
    assert diff(old, new) == tuple(Segment(text, change) for text, change in segments)


@pytest.mark.parametrize("old, new", [
    ("加强基层工会组织建设，维护职工合法权益", "加强基层妇联组织建设，维护妇女儿童合法权益"),
    ("组织本辖区人大代表参加相关会议", "组织本乡人大代表参加相关会议，依法开展视察调研"),
    ("3. 对人选进行审核批复。", "3. 对人选进行审核并报县委批复。"),
])
def test_the_merged_diff_rebuilds_both_texts_and_inline_diff_is_its_projection(old, new):
    segments = diff(old, new)
    assert "".join(s.text for s in segments if s.change != ADDED) == old
    assert "".join(s.text for s in segments if s.change != REMOVED) == new
    before, after = inline_diff(old, new)
    assert {s.change for s in before} <= {SAME, REMOVED} and {s.change for s in after} <= {SAME, ADDED}
    assert "".join(s.text for s in before) == old and "".join(s.text for s in after) == new


def test_a_single_shared_character_between_two_changes_is_not_kept_apart():
    """'甲的乙' → '丙的丁' reads as one rewritten phrase, not two edits around a kept '的'."""
    before, after = inline_diff("负责甲的乙工作", "负责丙的丁工作")
    assert marked(before) == [("负责", False), ("甲的乙", True), ("工作", False)]
    assert marked(after) == [("负责", False), ("丙的丁", True), ("工作", False)]


def test_lines_diff_matches_unchanged_lines_and_compares_edited_ones_inline():
    old = ["1. 确定名额；", "2. 确定初步人员；", "3. 对人选进行审核批复。"]
    new = ["1. 确定名额；", "2. 确定初步人员；", "3. 对人选进行审核并批复。", "4. 上报结果。"]
    before, after = lines_diff(old, new)
    assert [line.status for line in before] == ["same", "same", "changed"]
    assert [line.status for line in after] == ["same", "same", "changed", "added"]
    assert marked(after[2].segments) == [("3. 对人选进行审核", False), ("并", True), ("批复。", False)]
    assert after[3] == Line("added", (Segment("4. 上报结果。", ADDED),))


def test_lines_diff_shows_a_dropped_line_as_removed_and_keeps_the_rest():
    before, after = lines_diff(["甲", "乙", "丙"], ["甲", "丙"])
    assert [(line.status, marked(line.segments)) for line in before] == [
        ("same", [("甲", False)]), ("removed", [("乙", True)]), ("same", [("丙", False)])]
    assert [line.status for line in after] == ["same", "same"]
