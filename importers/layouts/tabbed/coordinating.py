"""Coordinating rows of a tab-separated table: department cells and per-department duty blocks."""

from __future__ import annotations

import re

from importers.damage import irregular_wrap, text_damage
from importers.layouts.tabbed.items import DEPARTMENT_SUFFIXES, common, is_department_name, unique
from importers.layouts.tabbed.rows import Row, cell_under
from importers.normalize import CJK, clean_text, split_departments, split_steps, strip_html
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_DEPARTMENT_UNRESOLVED,
    FLAG_TEXT_DAMAGED,
    FLAG_TEXT_TRUNCATED,
    CoordinatingItem,
    ReviewFlag,
    StepBlock,
)

_DEPT_NAME = (
    rf"(?:[{CJK}]|[（(][^（）()\n]{{1,12}}[)）]){{2,30}}?"
    rf"(?:{'|'.join(DEPARTMENT_SUFFIXES)})(?:[（(][^（）()\n]{{1,12}}[)）])?"
)
# "县委编办:" / "市农业农村局：" / "县应急管理局、县水利局：" at the start of a line or after a
# sentence: a department block. A label naming several departments stays one label, as the
# markdown layout keeps it; the loader splits it into its departments.
_DEPT_LABEL = re.compile(
    rf"(?:^|(?<=[\s。；;>]))({_DEPT_NAME}(?:、{_DEPT_NAME}){{0,15}})[ \t]*[:：]", re.MULTILINE
)
_STEP_NO = re.compile(r"(?:^|(?<=[\s。；;，,：:]))(\d{1,2})\s*[.．、](?!\d)", re.MULTILINE)
_HEADING_NO = re.compile(r"(?:^|(?<=[\s。；;]))[一二三四五六七八九十]{1,3}、", re.MULTILINE)
# OCR sometimes drops the dot of the first step ("1常态化…"); only trusted when "2." follows.
_DOTLESS_FIRST = re.compile(rf"^(\s*1)(?=[{CJK}])")
_LOST = "\u2063lost\u2063"  # placeholder for steps cut off before the cell starts
_HEADING_AT_SPACE = re.compile(r"[ \t]+(?=[一二三四五六七八九十]{1,3}、)")
# "一、违法用地整治方面 市自然资源局对…": a sub-heading followed by one unnumbered step.
_HEADING_WITH_TEXT = re.compile(r"^(\s*[一二三四五六七八九十]{1,3}、\S{2,30}?)[ \t]+(?=\D)(.+)$")
# "会氏以向: 1.…": a block label too garbled to read as a department.
_ODD_LABEL = re.compile(rf"(?:^|(?<=[\s。；;]))([{CJK}]{{2,10}})[ \t]*[:：](?=\s*(?:\d|$))", re.M)


def coordinating_item(row: Row, seq: int, seq_flags: tuple, categories: set[str]) -> CoordinatingItem:
    """A 配合履职事项 row: departments, their duties (per department) and the township's."""
    category, name, flags = common(row, categories)
    department_cell = cell_under(row, "对应上级部门")
    departments = split_departments(department_cell)
    flags += _department_flags(department_cell, departments)
    department_duties, duty_flags = _duties(cell_under(row, "上级部门职责"), "上级部门职责", True)
    township_duties, township_flags = _duties(cell_under(row, "配合职责"), "配合职责", False)
    return CoordinatingItem(
        seq=seq,
        category=category,
        name=name,
        line=row.line,
        departments=departments,
        department_duties=department_duties,
        township_duties=township_duties,
        note=clean_text(cell_under(row, "备注")),
        flags=unique(seq_flags, flags, duty_flags, township_flags),
    )


def _duties(cell: str, column: str, by_department: bool) -> tuple[tuple[StepBlock, ...], list]:
    """Split a responsibility cell into step blocks (one per department label) with flags."""
    plain = strip_html(cell).strip()
    if not clean_text(plain):
        return (), [ReviewFlag(FLAG_CELL_MISSING, f"{column}为空")]
    if _DOTLESS_FIRST.match(plain) and re.search(r"(?:^|\s|[；;。])2\s*[.．]", plain):
        plain = _DOTLESS_FIRST.sub(r"\1.", plain)
    segments = _department_segments(plain) if by_department else [(None, plain)]
    blocks: list[StepBlock] = []
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, f"{column}{d}") for d in text_damage(plain)]
    for label in _ODD_LABEL.findall(plain):
        if not is_department_name(label):
            flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, f"{column}中的标签“{label}”无法识别为部门"))
    heading = None  # a sub-heading goes on over the department labels under it
    for index, (department, text) in enumerate(segments):
        last = index == len(segments) - 1
        found, segment_flags, heading = _segment_blocks(department, text, column, heading, last=last)
        blocks += found
        flags += segment_flags
    if not _ends_sentence(plain):
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, f"{column}在句子中间结束，后面的内容缺失"))
    return tuple(blocks), flags


def _department_segments(plain: str) -> list[tuple[str | None, str]]:
    """Cut a cell at its department labels; text before the first label has no department."""
    labels = list(_DEPT_LABEL.finditer(plain))
    if not labels:
        return [(None, plain)]
    segments: list[tuple[str | None, str]] = []
    if plain[: labels[0].start()].strip():
        segments.append((None, plain[: labels[0].start()]))
    for label, following in zip(labels, labels[1:] + [None]):
        end = following.start() if following else len(plain)
        segments.append((clean_text(label.group(1)), plain[label.end() : end]))
    return segments


def _segment_blocks(
    department: str | None, text: str, column: str, heading: str | None, *, last: bool
) -> tuple[list[StepBlock], list[ReviewFlag], str | None]:
    """Step blocks of one department's text under the sub-heading it comes after, flagging steps
    lost at its start or end; also the sub-heading the next department's text comes under."""
    where = f"{column}（{department}）" if department else column
    flags: list[ReviewFlag] = []
    first = _first_step(text)
    if first and int(first.group(1)) > 1:
        number = int(first.group(1))
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, f"{where}从第{number}条开始，前面的步骤缺失"))
        # Stand-ins for the lost steps keep split_steps counting; they are dropped below.
        lost = "\n".join(f"{n}.{_LOST}" for n in range(1, number))
        text = f"{text[: first.start()]}\n{lost}\n{text[first.start():]}"
    blocks = [
        StepBlock(
            steps=tuple(step for step in block.steps if _LOST not in step),
            department=department,
            heading=block.heading or heading,  # only the first block can lack its own heading
        )
        for block in split_steps(_number_heading_text(text))
    ]
    following = _heading_for_next_label(blocks, heading, last=last)
    if department is None and not blocks and not last:
        return [], flags, following  # only a sub-heading before the first label
    if not blocks or not blocks[-1].steps:
        blocks = blocks or [StepBlock(steps=(), department=department, heading=heading)]
        flags.append(ReviewFlag(FLAG_TEXT_TRUNCATED, f"{where}只有标题、没有内容，疑似被截断"))
    return blocks, flags, following


def _heading_for_next_label(blocks: list[StepBlock], heading: str | None, *, last: bool) -> str | None:
    """The sub-heading the next department label comes under; a sub-heading with no steps of its
    own right before that label ("一、违法用地整治方面" then "县自然资源局：") is taken off
    `blocks`, since its steps follow under the label and nothing was cut."""
    if not last and blocks and not blocks[-1].steps and blocks[-1].heading:
        return blocks.pop().heading
    return blocks[-1].heading if blocks else heading


def _number_heading_text(text: str) -> str:
    """Give the unnumbered text after a sub-heading a step number, so split_steps keeps the
    heading short ("一、违法用地整治方面 市自然资源局…" → heading + one step)."""
    lines = _HEADING_AT_SPACE.sub("\n", text).split("\n")
    for i, line in enumerate(lines):
        found = _HEADING_WITH_TEXT.match(line)
        if found and not _STEP_NO.search(found.group(2)):
            lines[i] = f"{found.group(1)}\n1.{found.group(2)}"
    return "\n".join(lines)


def _first_step(text: str) -> re.Match | None:
    """The first numbered step before any sub-heading (None when there is none)."""
    heading = _HEADING_NO.search(text)
    step = _STEP_NO.search(text)
    if not step or (heading and heading.start() < step.start()):
        return None
    return step


def _ends_sentence(plain: str) -> bool:
    """Whether a responsibility cell ends like a finished sentence or list item."""
    text = clean_text(plain)
    return not text or text[-1] in "。；;！？!?.．）)”》"


def _department_flags(cell: str, departments: tuple[str, ...]) -> list[ReviewFlag]:
    """Flags for an empty, garbled or overflowing 对应上级部门 cell."""
    if not departments:
        return [ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, "对应上级部门为空或无法识别")]
    flags = [ReviewFlag(FLAG_TEXT_DAMAGED, f"对应上级部门{d}") for d in text_damage(cell)]
    if irregular_wrap(cell):
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "对应上级部门各行长短不一，疑似OCR乱码"))
    if len(_STEP_NO.findall(strip_html(cell))) >= 2:
        flags.append(ReviewFlag(FLAG_TEXT_DAMAGED, "对应上级部门列混入了职责内容"))
    odd = [name for name in departments if not is_department_name(name)]
    if odd:
        shown = "、".join(name[:12] for name in odd[:4])
        flags.append(ReviewFlag(FLAG_DEPARTMENT_UNRESOLVED, f"部门名称不完整或无法识别：{shown}"))
    return flags
