"""How one cell of the portal's workbook writes steps, handling methods and department names.

A responsibility cell reads like the published column, one line per element:

    【县委组织部】一、干部考察工作     a block under a department (and its sub-heading, if any)
    二、延伸考察工作                 a block with a sub-heading only
    1. 根据管理权限制定考察方案；      a step of the current block
    ↳并报县委组织部备案。             the step (or sub-heading) above goes on: its own line break

A step numbered 1 after other steps starts a new, unlabelled block (the published numbering
restarts per block). A line with no marker is one more step, so an editor may type plain lines.
A line of only dashes (——) starts an unlabelled block where numbering cannot: after a block
without steps, or for one without steps (rare damage, but kept so nothing is lost).
A handling-method cell has one method per line, `【承接部门】工作方式` or the bare text; bare
text that would read as a label (it begins with 【) or as a continuation, and an empty method,
are written behind an empty label `【】`. A name cell (departments, categories) has one name
per line, since a name may itself hold 、.

Rendering then parsing gives back exactly the blocks, methods and names rendered, with two
limits: spaces at either end of a line are not kept (the lines are trimmed, as an editor's
typing needs), and a carriage return comes back as a line feed (XML, and so xlsx, stores no CR).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from importers.records import ReclaimedMethod, StepBlock

_LABEL = re.compile(r"^【(?P<department>[^】]*)】\s*(?P<rest>.*)$")
_HEADING = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+)、\s*(?P<heading>.*)$")
_STEP = re.compile(r"^(?P<number>\d+)\s*[.．、]\s*(?P<text>.*)$")
_LINE_BREAK = re.compile(r"\r\n?|\n")
BLOCK_SEPARATOR = "——"
_SEPARATOR = re.compile(r"^[-—－─]{2,}$")
CONTINUATION = "↳"  # begins a line that continues the element above it
NO_DEPARTMENT = "【】"
NAME_SEPARATOR = "\n"
_DIGITS = "零一二三四五六七八九"


def chinese_numeral(number: int) -> str:
    """一 … 九十九, as published sub-headings are numbered (一、二、… 十一、)."""
    tens, units = divmod(number, 10)
    if not 0 < number < 100:
        raise ValueError(number)
    prefix = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return prefix + (_DIGITS[units] if units else "")


def _with_continuations(text: str) -> str:
    """Text whose own line breaks stay inside its element: each further line is a continuation."""
    return _LINE_BREAK.sub("\n" + CONTINUATION, text)


def _lines(text: str) -> Iterator[str]:
    """A cell's non-empty lines, trimmed (the workbook reader turns CR LF into LF)."""
    return (line for line in (line.strip() for line in (text or "").split("\n")) if line)


def render_blocks(blocks: Sequence[StepBlock]) -> str:
    """One responsibility column as cell text: labels, numbered sub-headings, numbered steps."""
    lines: list[str] = []
    headings = 0
    for index, block in enumerate(blocks):
        heading = ""
        if block.heading:
            headings += 1
            heading = f"{chinese_numeral(min(headings, 99))}、{_with_continuations(block.heading)}"
        if block.department:
            lines.append(f"【{block.department}】{heading}")
        elif heading:
            lines.append(heading)
        elif not block.steps or (index and not blocks[index - 1].steps):
            lines.append(BLOCK_SEPARATOR)  # "1." alone would not say where this block starts
        lines += [f"{number}. {_with_continuations(step)}" for number, step in enumerate(block.steps, start=1)]
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
    restarts = step is not None and step["number"].lstrip("0") == "1"  # no int(): any number of digits
    if not blocks or (restarts and blocks[-1].steps):
        blocks.append(_Block())
    blocks[-1].steps.append(text)


def _read_line(blocks: list[_Block], line: str) -> str | None:
    """Add what one line says; return what a continuation line after it extends ("heading", "step")."""
    label = _LABEL.match(line)
    if label:
        blocks.append(_Block(department=label["department"].strip() or None))
        line = label["rest"]
        heading = _HEADING.match(line)
        if heading:
            blocks[-1].heading = heading["heading"].strip() or None
            return "heading"
        if not line:
            return None
    elif heading := _HEADING.match(line):
        blocks.append(_Block(heading=heading["heading"].strip() or None))
        return "heading"
    elif _SEPARATOR.match(line):
        blocks.append(_Block())
        return None
    _add_step(blocks, line)
    return "step"


def _continue(blocks: list[_Block], line: str, extends: str | None) -> bool:
    """Append a continuation line to the heading or step above; False if it is none."""
    if extends is None or not line.startswith(CONTINUATION):
        return False  # a marker with nothing above it to continue is read as plain text
    rest = line[len(CONTINUATION):]
    block = blocks[-1]
    if extends == "heading":
        block.heading = f"{block.heading or ''}\n{rest}"
    else:
        block.steps[-1] += "\n" + rest
    return True


def parse_blocks(text: str) -> tuple[StepBlock, ...]:
    """The blocks a responsibility cell holds (see the module docstring for the grammar)."""
    blocks: list[_Block] = []
    extends = None
    for line in _lines(text):
        if not _continue(blocks, line, extends):
            extends = _read_line(blocks, line)
    return tuple(block.frozen() for block in blocks)


def _method_line(method: ReclaimedMethod) -> str:
    text = _with_continuations(method.text)
    if method.department:
        return f"【{method.department}】{text}"
    if not text or text.startswith(("【", CONTINUATION)):
        return NO_DEPARTMENT + text  # bare, it would read as a label, a continuation or nothing
    return text


def render_methods(methods: Sequence[ReclaimedMethod]) -> str:
    """How a taken-back item is handled now, one method per line, its department in 【】."""
    return "\n".join(_method_line(method) for method in methods)


def parse_methods(text: str) -> tuple[ReclaimedMethod, ...]:
    """The methods a handling cell holds: every line is one, or continues the one above."""
    methods: list[ReclaimedMethod] = []
    for line in _lines(text):
        if line.startswith(CONTINUATION) and methods:
            above = methods.pop()
            methods.append(ReclaimedMethod(text=f"{above.text}\n{line[len(CONTINUATION):]}",
                                           department=above.department))
        elif label := _LABEL.match(line):
            methods.append(ReclaimedMethod(text=label["rest"].strip(),
                                           department=label["department"].strip() or None))
        else:
            methods.append(ReclaimedMethod(text=line))
    return tuple(methods)


def render_names(names: Sequence[str]) -> str:
    """Department (or category) names in one cell, one per line (a name may hold 、)."""
    return NAME_SEPARATOR.join(names)


def parse_names(text: str) -> tuple[str, ...]:
    """The names of a cell, one per line."""
    return tuple(_lines(text))
