"""How one cell of the portal's workbook writes steps, handling methods and department names.

A responsibility cell reads like the published column, one line per element:

    【县委组织部】一、干部考察工作     a block under a department (and its sub-heading, if any)
    二、延伸考察工作                 a block with a sub-heading only
    1. 根据管理权限制定考察方案；      a step of the current block

A step numbered 1 after other steps starts a new, unlabelled block (the published numbering
restarts per block). A line with no marker is one more step, so an editor may type plain lines.
A line of only dashes (——) starts an unlabelled block where numbering cannot: after a block
without steps, or for one without steps (rare damage, but kept so nothing is lost).
A handling-method cell has one method per line, `【承接部门】工作方式` or the bare text.
Rendering then parsing gives back exactly the blocks and methods rendered. (Text with a
carriage return comes back with a line feed instead: XML, and so xlsx, stores no CR.)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from importers.records import ReclaimedMethod, StepBlock

_LABEL = re.compile(r"^【(?P<department>[^】]*)】\s*(?P<rest>.*)$")
_HEADING = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+)、\s*(?P<heading>.*)$")
_STEP = re.compile(r"^(?P<number>\d+)\s*[.．、]\s*(?P<text>.*)$")
BLOCK_SEPARATOR = "——"
_SEPARATOR = re.compile(r"^[-—－─]{2,}$")
_DEPARTMENT_SPLIT = re.compile(r"[、\n]")
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """一 … 九十九, as published sub-headings are numbered (一、二、… 十一、)."""
    tens, units = divmod(number, 10)
    if not 0 < number < 100:
        raise ValueError(number)
    prefix = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return prefix + (_DIGITS[units] if units else "")


def render_blocks(blocks: Sequence[StepBlock]) -> str:
    """One responsibility column as cell text: labels, numbered sub-headings, numbered steps."""
    lines: list[str] = []
    headings = 0
    for index, block in enumerate(blocks):
        heading = ""
        if block.heading:
            headings += 1
            heading = f"{chinese_numeral(min(headings, 99))}、{block.heading}"
        if block.department:
            lines.append(f"【{block.department}】{heading}")
        elif heading:
            lines.append(heading)
        elif not block.steps or (index and not blocks[index - 1].steps):
            lines.append(BLOCK_SEPARATOR)  # "1." alone would not say where this block starts
        lines += [f"{number}. {step}" for number, step in enumerate(block.steps, start=1)]
    return "\n".join(lines)


@dataclass
class _Block:
    department: str | None = None
    heading: str | None = None
    steps: list[str] = field(default_factory=list)

    def frozen(self) -> StepBlock:
        return StepBlock(steps=tuple(self.steps), department=self.department, heading=self.heading)


def _add_step(blocks: list[_Block], line: str) -> None:
    """A numbered or plain line: a step of the current block, or the first of a new one."""
    step = _STEP.match(line)
    text = step["text"].strip() if step else line
    restarts = step is not None and int(step["number"]) == 1
    if not blocks or (restarts and blocks[-1].steps):
        blocks.append(_Block())
    blocks[-1].steps.append(text)


def parse_blocks(text: str) -> tuple[StepBlock, ...]:
    """The blocks a responsibility cell holds (see the module docstring for the grammar)."""
    blocks: list[_Block] = []
    for line in (line.strip() for line in (text or "").splitlines()):
        if not line:
            continue
        label = _LABEL.match(line)
        if label:
            blocks.append(_Block(department=label["department"].strip() or None))
            line = label["rest"]
            heading = _HEADING.match(line)
            if heading:
                blocks[-1].heading = heading["heading"].strip() or None
            if heading or not line:
                continue
        elif heading := _HEADING.match(line):
            blocks.append(_Block(heading=heading["heading"].strip() or None))
            continue
        elif _SEPARATOR.match(line):
            blocks.append(_Block())
            continue
        _add_step(blocks, line)
    return tuple(block.frozen() for block in blocks)


def render_methods(methods: Sequence[ReclaimedMethod]) -> str:
    """How a taken-back item is handled now, one method per line, its department in 【】."""
    return "\n".join(f"【{method.department}】{method.text}" if method.department else method.text
                     for method in methods)


def parse_methods(text: str) -> tuple[ReclaimedMethod, ...]:
    """The methods a handling cell holds: every non-empty line is one."""
    methods = []
    for line in (line.strip() for line in (text or "").splitlines()):
        label = _LABEL.match(line)
        if label:
            methods.append(ReclaimedMethod(text=label["rest"].strip(),
                                           department=label["department"].strip() or None))
        elif line:
            methods.append(ReclaimedMethod(text=line))
    return tuple(methods)


def render_names(names: Sequence[str]) -> str:
    """Department (or category) names in one cell, as the published column joins them."""
    return "、".join(names)


def parse_names(text: str) -> tuple[str, ...]:
    """The names of a cell, split on 、 or line breaks."""
    return tuple(name.strip() for name in _DEPARTMENT_SPLIT.split(text or "") if name.strip())
