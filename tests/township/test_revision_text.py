"""An item revision as text, and two revisions compared line by line (pure, no database)."""

from __future__ import annotations

import pytest

from township.revision_text import line_diff, snapshot_lines
from township.textdiff import ADDED, REMOVED

SNAPSHOT = {
    "seq": 1, "category": {"id": 1, "name": "党的建设"}, "name": "推荐县级以上党代表工作", "note": "",
    "departments": [{"name_as_published": "于田县委组织部", "named_in": "column",
                     "department": {"id": 7, "name": "于田县委组织部"}}],
    "blocks": [{"side": "township", "department_name": "", "department": None, "heading": "",
                "steps": ["按照县级党委部署推荐人选。", "组织党员推荐。"]}],
    "methods": [],
}


def test_a_snapshot_reads_as_fields_departments_and_numbered_steps():
    assert snapshot_lines(SNAPSHOT) == [
        "序号：1", "类别：党的建设", "名称：推荐县级以上党代表工作", "对应部门：于田县委组织部",
        "【乡镇（街道）配合职责】", "    1. 按照县级党委部署推荐人选。", "    2. 组织党员推荐。",
    ]


def _marked(segments) -> str:
    return "".join({ADDED: "[+{}]", REMOVED: "[-{}]"}.get(segment.change, "{}").format(segment.text)
                   for segment in segments)


@pytest.mark.parametrize("old, new, expected", [
    (["名称：甲乙丙"], ["名称：甲乙丙"], [("same", "名称：甲乙丙", "名称：甲乙丙")]),
    (["名称：甲乙丙"], ["名称：甲丁丙"], [("changed", "名称：甲[-乙]丙", "名称：甲[+丁]丙")]),
    (["a", "b"], ["a"], [("same", "a", "a"), ("removed", "[-b]", "")]),
    (["a"], ["a", "<b>"], [("same", "a", "a"), ("added", "", "[+<b>]")]),
])
def test_line_diff_pairs_lines_and_marks_changed_characters(old, new, expected):
    assert [(row.change, _marked(row.old), _marked(row.new)) for row in line_diff(old, new)] == expected
