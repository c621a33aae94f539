"""Bundled lists re-published (with known edits, or for a later month), for tests of versions."""

from __future__ import annotations

import io
import re
from pathlib import Path

from django.core.management import call_command

LIST_002 = Path(__file__).resolve().parents[1] / "fixtures" / "002_fe4ab73d7f7b2358.txt"
BASIC_ROW = re.compile(r"^\| (\d+) \|")

# The edits, as the test expects to see them: one step reworded in coordinating item 1,
# basic item 2 dropped, and one basic item added after the last.
EDITED_STEP = ("3. 对人选进行审核批复。", "3. 对人选进行审核并报县委批复。")
EDITED_ITEM = ("coordinating", 1, "推荐县级以上党代表工作")
DROPPED_ITEM = ("basic", 2, "以铸牢中华民族共同体意识为主线")
ADDED_NAME = "做好机关档案数字化管理工作"
LAST_BASIC = 116


def republished_002(directory: Path, *, renumber: bool) -> Path:
    """先拜巴扎镇's list with the edits above; `renumber` closes the gap the dropped item leaves."""
    lines = LIST_002.read_text(encoding="utf-8").splitlines(keepends=True)
    basic_ends = lines.index("配合履职事项清单\n")
    shift = 1 if renumber else 0
    edited = []
    for number, line in enumerate(lines):
        row = BASIC_ROW.match(line) if number < basic_ends else None
        seq = int(row[1]) if row else None
        if seq == DROPPED_ITEM[1]:
            continue
        if seq is not None and seq > DROPPED_ITEM[1]:
            line = f"| {seq - shift} |" + line[row.end():]
        edited.append(line)
        if seq == LAST_BASIC:
            edited.append(f"| {LAST_BASIC + 1 - shift} | 综合政务 | {ADDED_NAME} | |\n")
    text = "".join(edited)
    assert text.count(EDITED_STEP[0]) == 1 and ADDED_NAME not in LIST_002.read_text(encoding="utf-8")
    path = directory / ("002_renumbered.txt" if renumber else "002_gap.txt")
    path.write_text(text.replace(*EDITED_STEP), encoding="utf-8")
    return path


def import_002_next_month(directory: Path) -> None:
    """Import 先拜巴扎镇's list again, unchanged but published for 2026-01: a newer version."""
    later = directory / "002_2026.txt"
    text = LIST_002.read_text(encoding="utf-8").replace("2025年7月", "2026年1月", 1)
    later.write_text(text, encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
