"""Layout parser for lists extracted as markdown pipe tables whose multi-line cells are HTML."""

from __future__ import annotations

from importers.layouts.markdown.coordinating import coordinating_item
from importers.layouts.markdown.items import basic_item
from importers.layouts.markdown.messages import (
    ENGLISH_AND_MESSAGE,
    ENGLISH_WORD_DETAIL,
    LONG_ROW_DETAIL,
    NO_ITEMS_MESSAGE,
    ORPHAN_ROW_MESSAGE,
    PART_MISSING_MESSAGE,
    SHORT_ROW_DETAIL,
    TRUNCATED_MESSAGE,
)
from importers.layouts.markdown.reclaimed import reclaimed_item
from importers.layouts.markdown.table import (
    Row,
    header_table,
    is_header,
    is_pipe_line,
    merge_continued_rows,
    read_rows,
    repair_english_and,
    split_cells,
)
from importers.layouts.text import text_reading
from importers.records import (
    Reading,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PART_TITLES,
    PARTS,
    ParsedItems,
    ParseError,
    ParseIssue,
)

__all__ = [
    "NAME", "DESCRIPTION", "detect", "parse",
    "TRUNCATED_MESSAGE", "PART_MISSING_MESSAGE", "NO_ITEMS_MESSAGE", "ORPHAN_ROW_MESSAGE",
    "ENGLISH_AND_MESSAGE", "SHORT_ROW_DETAIL", "LONG_ROW_DETAIL",
    "ENGLISH_WORD_DETAIL",
]  # fmt: skip

NAME = "markdown"
DESCRIPTION = "Markdown 管道表格（| 序号 | 事项类别 | 事项名称 | … |），多行单元格为 HTML（<ol>、<p>），可含备注列"
LABEL = "Markdown 表格"
READS_TEXT = True  # reads the decoded text of a Source

_PART_COLUMNS = {
    PART_BASIC: "序号、事项类别、事项名称",
    PART_COORDINATING: "对应上级部门、上级部门职责、乡镇配合职责",
    PART_RECLAIMED: "承接部门及工作方式",
}
_BUILDERS = {PART_BASIC: basic_item, PART_COORDINATING: coordinating_item, PART_RECLAIMED: reclaimed_item}


def detect_text(text: str) -> bool:
    """True when the text holds a markdown pipe table whose header has 序号 and 事项名称."""
    lines = text.split("\n")
    return any(
        "序号" in line and is_header(lines, index) and header_table(split_cells(line)) is not None
        for index, line in enumerate(lines)
    )


def parse_text(text: str, *, source: str) -> ParsedItems:
    """Read the three parts' pipe tables into items, in published order."""
    notes: list[ParseIssue] = []
    table_rows, opened_at = read_rows(text, source=source)
    rows = merge_continued_rows(table_rows, source=source, notes=notes)
    _check_parts(rows, opened_at, text, source=source)
    rows = [repair_english_and(row, source=source, notes=notes) for row in rows]
    items = {part: tuple(_BUILDERS[part](row) for row in rows if row.part == part) for part in PARTS}
    return ParsedItems(
        basic=items[PART_BASIC],
        coordinating=items[PART_COORDINATING],
        reclaimed=items[PART_RECLAIMED],
        issues=tuple(notes),
    )


def _check_parts(records: list[Row], opened_at: dict[str, int], text: str, *, source: str) -> None:
    """Stop when a part's table is missing or holds no numbered item row."""
    for part in PARTS:
        title = PART_TITLES[part]
        if part not in opened_at:
            message = PART_MISSING_MESSAGE.format(title=title, columns=_PART_COLUMNS[part])
            issue = ParseIssue(file=source, line=_title_line(text, title), code="part_missing", message=message)
            raise ParseError(issue)
        if not any(record.part == part for record in records):
            message = NO_ITEMS_MESSAGE.format(title=title)
            raise ParseError(ParseIssue(file=source, line=opened_at[part], code="no_items", message=message))


def _title_line(text: str, title: str) -> int | None:
    """The line of a part's title standing on its own (not in the 说明 or a table), if any."""
    found = None
    for number, line in enumerate(text.split("\n"), 1):
        if title in line and not is_pipe_line(line) and len(line.strip()) <= len(title) + 30:
            found = number
    return found



def detect(source) -> bool:
    """True when the file is text in this layout."""
    return source.is_text and detect_text(source.text)


def parse(source) -> Reading:
    """The items of a text file in this layout, with the 说明 before them."""
    return text_reading(parse_text, source)
