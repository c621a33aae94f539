"""Layout-preserving text (pdftotext -layout): cells wrapped over lines, a row's columns in turn.

A coordinating row is printed one column after another: "1 党的建" / "设" (序号 and the
category, wrapped), the name wrapped at the name column's width, the departments at theirs,
then the 上级部门职责 steps and the 乡镇（街道）配合职责 steps. No line says which column it is
in, so the parser learns each column's width from the file itself and splits cells by how
their lines wrap: every line of a cell but the last fills the column.
"""

from __future__ import annotations

import re

from importers.layouts.flowed.columns import cut_coordinating, learn_widths
from importers.layouts.flowed.coordinating import coordinating_items
from importers.layouts.flowed.reclaimed import METHOD_LABEL, reclaimed_items
from importers.layouts.flowed.rows import SEQ_LINE, Line, Row, group_rows, read_lines
from importers.normalize import CJK, clean_text
from importers.layouts.text import text_reading
from importers.records import (
    Reading,
    FLAG_NAME_MISSING,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PART_TITLES,
    PARTS,
    BasicItem,
    ParsedItems,
    ParseError,
    ParseIssue,
    ReviewFlag,
)

NAME = "flowed"
DESCRIPTION = "保留版面的纯文本：单元格按列宽折行，配合事项各列依次排列，分页处有表头碎片，无标题与说明"
LABEL = "版面文本"
READS_TEXT = True  # reads the decoded text of a Source

# Plain text has no markup: "<地方党政…规定 >" is a title inside 《》, which clean_text would
# strip as an HTML tag, so it becomes 〈…〉 as published.
_ANGLE_QUOTE = re.compile(rf"<\s*([^<>\n]*[{CJK}][^<>\n]*?)\s*>")
# A cell's last step ends a sentence; a list cut off mid-cell usually stops at "；" or mid-word.
_CELL_END = ("。", ".", "！", "!", "？", "?")


def detect_text(text: str) -> bool:
    """True for plain layout text: 序号 rows starting lines, no tab cells, no pipe tables."""
    lines = text.splitlines()
    tabbed = sum(1 for line in lines if "\t" in line.strip())
    piped = sum(1 for line in lines if line.lstrip().startswith("|"))
    rows = sum(1 for line in lines if SEQ_LINE.match(line) and SEQ_LINE.match(line).group(2))
    return tabbed < 3 and piped < 3 and rows >= 5 and "事项名称" in text


def parse_text(text: str, *, source: str) -> ParsedItems:
    """Read the three parts of a layout-preserving list into items, flagging uncertain cells."""
    rows, issues = group_rows(read_lines(_ANGLE_QUOTE.sub(r"〈\1〉", text)), source)
    by_part = {part: [row for row in rows if row.part == part] for part in PARTS}
    if rows:
        _check_complete(rows[-1], by_part[rows[-1].part], source)
    for part in PARTS:
        if not by_part[part]:
            raise ParseError(
                ParseIssue(
                    file=source,
                    line=None,
                    code="part_missing",
                    message=f"未找到{PART_TITLES[part]}的表格（表头或从 1 重新开始的序号行）",
                )
            )
    return ParsedItems(
        basic=tuple(_basic_item(row) for row in by_part[PART_BASIC]),
        coordinating=coordinating_items(by_part[PART_COORDINATING]),
        reclaimed=reclaimed_items(by_part[PART_RECLAIMED]),
        issues=tuple(issues),
    )


def _check_complete(row: Row, part_rows: list[Row], source: str) -> None:
    """The file's last row must have all its columns and end a sentence, else the file was cut."""
    last = row.body[-1] if row.body else Line(row.line, row.head)
    if row.part == PART_COORDINATING:
        cells = cut_coordinating(row, learn_widths(part_rows))
        cut = not (cells.departments and cells.duties and cells.township)
    elif row.part == PART_RECLAIMED:
        # Only lists that label their methods ("工作方式：") can show a missing one.
        labelled = [any(METHOD_LABEL.match(line.text) for line in r.body) for r in part_rows]
        cut = any(labelled) and not labelled[-1]
    else:
        return
    if cut or not last.text.rstrip("”’）)").endswith(_CELL_END):
        raise ParseError(
            ParseIssue(
                file=source,
                line=row.line,
                code="truncated",
                message=f"文件在{PART_TITLES[row.part]}第 {row.seq} 项（第 {row.line} 行起）"
                f"中间结束：第 {last.number} 行之后缺少该项其余的列或文字",
            )
        )


def _basic_item(row: Row) -> BasicItem:
    """A basic row: "5 党的建设 落实…" on one line, or the name wrapped onto the lines below."""
    category, _, first = row.head.partition(" ")
    name = clean_text("\n".join([first, *(line.text for line in row.body)]))
    flags = () if name else (ReviewFlag(FLAG_NAME_MISSING, "事项名称为空"),)
    return BasicItem(
        seq=row.seq, category=clean_text(category), name=name, line=row.line, flags=flags
    )


def detect(source) -> bool:
    """True when the file is text in this layout."""
    return source.is_text and detect_text(source.text)


def parse(source) -> Reading:
    """The items of a text file in this layout, with the 说明 before them."""
    return text_reading(parse_text, source)
