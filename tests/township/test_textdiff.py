"""Inline differences: Chinese compared character by character, Latin words and numbers whole."""

from __future__ import annotations

import pytest

from township.textdiff import Line, Segment, inline_diff, lines_diff, tokens


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
    assert after[3] == Line("added", (Segment("4. 上报结果。", True),))


def test_lines_diff_shows_a_dropped_line_as_removed_and_keeps_the_rest():
    before, after = lines_diff(["甲", "乙", "丙"], ["甲", "丙"])
    assert [(line.status, marked(line.segments)) for line in before] == [
        ("same", [("甲", False)]), ("removed", [("乙", True)]), ("same", [("丙", False)])]
    assert [line.status for line in after] == ["same", "same"]
