"""Coordinating items from their cut columns: steps rejoined, department sub-headings as blocks."""

from __future__ import annotations

from importers.layouts.flowed.columns import Cells, Widths, cut_coordinating, is_department_list, learn_widths
from importers.layouts.flowed.rows import Row
from importers.layouts.flowed.wrapping import HEADING_MARK, fills, is_mark
from importers.normalize import clean_text, split_departments, split_steps
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_NAME_MISSING,
    CoordinatingItem,
    ReviewFlag,
    StepBlock,
)


def _paragraph_text(texts: list[str], width: float) -> str:
    """A duty column's text with one step or heading per line, wraps rejoined and cleaned."""
    paragraphs: list[list[str]] = []
    for text in texts:
        previous = paragraphs[-1][-1] if paragraphs else ""
        ended = not fills(previous, width) or previous.endswith(("：", ":"))
        if not paragraphs or is_mark(text) or ended:
            paragraphs.append([text])
        else:
            paragraphs[-1].append(text)
    texts = [clean_text("\n".join(lines)) for lines in paragraphs]
    # split_steps glues an unnumbered paragraph onto the sub-heading above it ("二、县公安局" /
    # "对发布的…"); numbering it makes it the heading's one step instead.
    for index in range(1, len(texts)):
        if HEADING_MARK.match(texts[index - 1]) and not is_mark(texts[index]):
            texts[index] = f"1.{texts[index]}"
    return "\n".join(texts)


def _department_blocks(blocks: tuple[StepBlock, ...]) -> tuple[StepBlock, ...]:
    """Turn sub-headings that only name departments ("一、县应急管理局：") into department blocks."""
    result = []
    for block in blocks:
        label = (block.heading or "").rstrip("：: ")
        if label and is_department_list(label):
            result.append(StepBlock(steps=block.steps, department=label))
        else:
            result.append(block)
    return tuple(result)


def coordinating_items(rows: list[Row]) -> tuple[CoordinatingItem, ...]:
    """Build coordinating items; unsure name/department cuts lean on departments seen elsewhere."""
    if not rows:
        return ()
    widths = learn_widths(rows)
    first_pass = [cut_coordinating(row, widths) for row in rows]
    sure = [cells.departments for cells in first_pass if not cells.alternatives]
    known = frozenset(name for cells in sure for name in split_departments("\n".join(cells)))
    starts = frozenset(name[:1] for name in known)
    items = []
    for row, cells in zip(rows, first_pass):
        if cells.alternatives:
            cells = cut_coordinating(row, widths, known, starts)
        items.append(_coordinating_item(row, cells, widths))
    return tuple(items)


def _coordinating_item(row: Row, cells: Cells, widths: Widths) -> CoordinatingItem:
    """One coordinating item from its cut cells, flagging empty columns."""
    name = clean_text("\n".join(cells.name))
    departments = split_departments("\n".join(cells.departments))
    duties = _department_blocks(split_steps(_paragraph_text(list(cells.duties), widths.duties)))
    township = split_steps(_paragraph_text(list(cells.township), widths.township))
    flags = list(cells.flags)
    if not name:
        flags.append(ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"))
    if not departments:
        flags.append(ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "未识别出对应上级部门"))
    if not duties:
        flags.append(ReviewFlag(FLAG_CELL_MISSING, "上级部门职责为空"))
    if not township:
        flags.append(ReviewFlag(FLAG_CELL_MISSING, "乡镇（街道）配合职责为空"))
    return CoordinatingItem(
        seq=row.seq,
        category=cells.category,
        name=name,
        line=row.line,
        departments=departments,
        department_duties=duties,
        township_duties=township,
        flags=tuple(flags),
    )
