"""Header rows and part headings of a TableDocument: which part a table is and what each column holds."""

from __future__ import annotations

import re

from importers.layouts.tabbed.rows import Table
from importers.normalize import CJK
from importers.records import PART_BASIC, PART_COORDINATING, PART_RECLAIMED

SEQ, CATEGORY, NAME, DEPARTMENTS = "seq", "category", "name", "departments"
DEPARTMENT_DUTIES, TOWNSHIP_DUTIES, METHOD, NOTE, OTHER = (
    "department_duties", "township_duties", "method", "note", "other",
)  # fmt: skip

# The column names the tabbed item builders look cells up by (rows.cell_under keys), so any
# published wording ("履职事项名称", "配合部门", "镇配合职责") reaches them under one name.
CANONICAL = {
    SEQ: "序号",
    CATEGORY: "事项类别",
    NAME: "事项名称",
    DEPARTMENTS: "对应上级部门",
    DEPARTMENT_DUTIES: "上级部门职责",
    TOWNSHIP_DUTIES: "乡镇配合职责",
    METHOD: "承接部门及工作方式",
    NOTE: "备注",
    OTHER: "其他",
}

_SPACE = re.compile(r"\s+")
_TOWNSHIP_WORDS = ("配合", "乡", "镇", "街道")
# "一、基本履职事项清单", "XX镇配合履职事项清单", "上级部门收回事项清单（41项）".
_PART_HEADING = re.compile(
    rf"^(?:[一二三四五六七八九十]{{1,3}}[、.．]|\d{{1,2}}[、.．]|[（(][一二三四五六七八九十\d]{{1,3}}[)）])?"
    rf"[{CJK}（）()]*?(?P<part>基本履职事项|配合履职事项|收回(?:履职)?事项)清单"
    r"(?:[（(][^（）()]*[)）])?$"
)
_HEADING_PARTS = {"基本履职事项": PART_BASIC, "配合履职事项": PART_COORDINATING}
# A sub-header cell names a column ("部门", "职责", "乡镇（街道）"): short, no sentence, no number.
_SUB_LABEL = re.compile(rf"^[{CJK}（）()]{{1,12}}$")


def compact(cell: str | None) -> str:
    """A header cell's text without any whitespace ("序 号" is 序号)."""
    return _SPACE.sub("", cell or "")


def column_role(label: str) -> str:
    """What a column holds, from its (possibly two-row) header label."""
    if "序号" in label:
        return SEQ
    if "类别" in label:
        return CATEGORY
    if "承接" in label or "工作方式" in label:
        return METHOD
    if "职责" in label:
        # "乡镇（街道）配合职责", "镇配合职责", "配合职责"; else the upper department's duties.
        return TOWNSHIP_DUTIES if any(word in label for word in _TOWNSHIP_WORDS) else DEPARTMENT_DUTIES
    if "部门" in label or "单位" in label:
        return DEPARTMENTS  # 对应上级部门, 上级部门, 对应部门, 配合部门
    if "名称" in label or "事项" in label:
        return NAME
    if "备注" in label:
        return NOTE
    return OTHER


def header_roles(labels: list[str]) -> tuple[str, ...] | None:
    """Each column's role when the labels are an item table's header (序号 and a name), else None."""
    roles = tuple(column_role(label) if label else OTHER for label in labels)
    return roles if SEQ in roles and NAME in roles else None


def table_part(roles: tuple[str, ...], hint: str | None) -> str:
    """The part a header opens: its columns decide; a heading above decides what they leave open."""
    if METHOD in roles:
        return PART_RECLAIMED
    if DEPARTMENT_DUTIES in roles or TOWNSHIP_DUTIES in roles:
        return PART_COORDINATING
    if DEPARTMENTS in roles:
        # Departments without duties: a 收回 table whose column only says 上级部门, or 配合.
        return PART_RECLAIMED if hint == PART_RECLAIMED else PART_COORDINATING
    return PART_BASIC


def tabbed_table(part: str, roles: tuple[str, ...]) -> Table:
    """The tabbed builders' Table for a header: one canonical name per column role.

    A 收回 table whose department column carries no 工作方式 still feeds the method builder.
    """
    if part == PART_RECLAIMED:
        roles = tuple(METHOD if role == DEPARTMENTS else role for role in roles)
    return Table(part, tuple(CANONICAL[role] for role in roles))


def is_sub_header(header: tuple[str | None, ...], following: tuple[str | None, ...]) -> bool:
    """Whether the row under a header only names sub-columns ("部门" | "职责" under 上级部门)."""
    labels = [compact(cell) for cell in following]
    if not any(labels) or not all(not label or _SUB_LABEL.match(label) for label in labels):
        return False
    merged_above = any(cell == "" for cell in header[1:])
    return merged_above or any(cell is None for cell in following)


def combined_labels(header: tuple[str | None, ...], sub: tuple[str | None, ...] = ()) -> list[str]:
    """Labels of a one- or two-row header; a parent spread over its sub-columns ("" cells)."""
    labels: list[str] = []
    parent = ""
    for position, cell in enumerate(header):
        text = compact(cell)
        if text or not sub:
            parent = text
        child = compact(sub[position]) if position < len(sub) else ""
        labels.append(parent + child)
    return labels


def heading_part(text: str) -> str | None:
    """The part a heading names ("一、基本履职事项清单", "XX镇配合履职事项清单"), else None."""
    found = _PART_HEADING.match(compact(text))
    if not found:
        return None
    return _HEADING_PARTS.get(found["part"], PART_RECLAIMED)


def banner_text(cells: tuple[str | None, ...]) -> str | None:
    """The text of a row with one non-empty cell (a title merged across the table), else None."""
    texts = [cell.strip() for cell in cells if cell and cell.strip()]
    return texts[0] if len(texts) == 1 and (cells[0] or "").strip() == texts[0] else None
