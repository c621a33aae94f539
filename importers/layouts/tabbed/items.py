"""What every tab-separated item has: category, name, note and their flags; the basic item."""

from __future__ import annotations

import re

from importers.damage import category_damage, name_damage
from importers.layouts.tabbed.rows import Row, cell_under
from importers.normalize import CJK, clean_text
from importers.records import FLAG_NAME_MISSING, FLAG_TEXT_DAMAGED, BasicItem, ReviewFlag

DEPARTMENT_SUFFIXES = (
    "局", "部", "办", "委", "会", "院", "室", "所", "站", "中心", "处", "队", "行",
    "公司", "政府", "组", "馆", "社", "团", "机关", "部门", "庭", "联", "协", "人大",
)  # fmt: skip


def common(row: Row, categories: set[str]) -> tuple[str, str, list[ReviewFlag]]:
    """Category and name of any row, with the flags their damage calls for."""
    category = clean_text(cell_under(row, "类别"))
    name = clean_text(cell_under(row, "名称"))
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, d) for d in category_damage(category, categories)]
    if not name:
        flags.append(ReviewFlag(FLAG_NAME_MISSING, "事项名称为空或无法识别"))
    else:
        name_at = row.table.index("名称")
        context = "\n".join(c for i, c in enumerate(row.cells) if i != name_at)
        raw = cell_under(row, "名称")
        flags += [ReviewFlag(FLAG_TEXT_DAMAGED, d) for d in name_damage(name, raw, context)]
    return category, name, flags


def basic_item(row: Row, seq: int, seq_flags: tuple, categories: set[str]) -> BasicItem:
    """A 基本履职事项 row."""
    category, name, flags = common(row, categories)
    return BasicItem(
        seq=seq,
        category=category,
        name=name,
        line=row.line,
        note=clean_text(cell_under(row, "备注")),
        flags=unique(seq_flags, flags),
    )


def unique(*groups) -> tuple[ReviewFlag, ...]:
    """All flags in order, each (code, detail) once."""
    seen: dict[tuple[str, str], ReviewFlag] = {}
    for group in groups:
        for flag in group:
            seen.setdefault((flag.code, flag.detail), flag)
    return tuple(seen.values())


def is_department_name(name: str) -> bool:
    """A department name: at least three Chinese characters ending with an office word.

    Not importers.departments.looks_like_department: the two accept different names (this one
    allows other characters beside the Chinese ones, and has its own suffixes), and this
    layout's flags were tuned on this one.
    """
    core = re.sub(r"[（(][^（）()]*[)）]$", "", name)
    return len(re.findall(rf"[{CJK}]", core)) >= 3 and core.endswith(DEPARTMENT_SUFFIXES)
