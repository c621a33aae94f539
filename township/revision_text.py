"""An item revision as text, and the difference between two revisions side by side."""

from __future__ import annotations

import difflib
from dataclasses import dataclass

from township.textdiff import ADDED, REMOVED, Segment, inline_diff

_SIDES = {"department": "上级部门职责", "township": "乡镇（街道）配合职责"}
_NAMED_IN = {"column": "", "duties": "（见于职责内容）"}


def _department_note(saved: dict | None, published: str) -> str:
    if saved is None:
        return "（未识别为部门）" if published else ""
    return "" if saved["name"] == published else f"（即 {saved['name']}）"


def snapshot_lines(snapshot: dict) -> list[str]:
    """An item snapshot as the lines an editor reads: fields, departments, steps, methods."""
    lines = [f"序号：{snapshot['seq']}", f"类别：{snapshot['category']['name']}",
             f"名称：{snapshot['name']}"]
    if snapshot["note"]:
        lines.append(f"备注：{snapshot['note']}")
    for link in snapshot["departments"]:
        lines.append(f"对应部门：{link['name_as_published']}{_NAMED_IN.get(link['named_in'], '')}"
                     f"{_department_note(link['department'], link['name_as_published'])}")
    for block in snapshot["blocks"]:
        label = " · ".join(part for part in (block["department_name"], block["heading"]) if part)
        lines.append(f"【{_SIDES[block['side']]}】{label}")
        lines += [f"    {number}. {text}" for number, text in enumerate(block["steps"], start=1)]
    for method in snapshot["methods"]:
        department = f"{method['department_name']}：" if method["department_name"] else ""
        lines.append(f"承接方式：{department}{method['text']}")
    return lines


@dataclass(frozen=True)
class DiffRow:
    """One row of a side-by-side diff: the old and the new line as textdiff segments."""

    change: str  # "same", "changed", "removed" or "added"
    old: tuple[Segment, ...]
    new: tuple[Segment, ...]


def _whole(text: str, change: str) -> tuple[Segment, ...]:
    """A line only one side has, all of it marked."""
    return (Segment(text, change),) if text else ()


def _replaced(old: list[str], new: list[str]) -> list[DiffRow]:
    """Lines rewritten in place, paired in order and compared inline; any surplus is whole."""
    rows = [DiffRow("changed", *inline_diff(before, after)) for before, after in zip(old, new)]
    rows += [DiffRow("removed", _whole(line, REMOVED), ()) for line in old[len(new):]]
    rows += [DiffRow("added", (), _whole(line, ADDED)) for line in new[len(old):]]
    return rows


def line_diff(old_lines: list[str], new_lines: list[str]) -> list[DiffRow]:
    """Rows pairing old and new lines; replaced lines show which characters changed."""
    rows: list[DiffRow] = []
    matcher = difflib.SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows += [DiffRow("same", (Segment(line),), (Segment(line),)) for line in old_lines[i1:i2]]
        else:
            rows += _replaced(old_lines[i1:i2], new_lines[j1:j2])
    return rows
