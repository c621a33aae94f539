"""Tab-separated layout: one table row per line, cells split by tabs (clean extraction or OCR)."""

from __future__ import annotations

import re

from importers.layouts.tabbed.coordinating import coordinating_item
from importers.layouts.tabbed.items import basic_item
from importers.layouts.tabbed.reclaimed import reclaimed_item
from importers.layouts.tabbed.rows import (
    SEQ,
    cell_under,
    check_parts,
    collect_rows,
    header_table,
    sequence,
)
from importers.normalize import CJK, clean_text
from importers.layouts.text import text_reading
from importers.records import (
    Reading,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PARTS,
    ParsedItems,
    Place,
)

NAME = "tabbed"
DESCRIPTION = "制表符分隔的表格：每行一条事项，单元格以Tab分隔，多行单元格为<p>…</p>；含OCR识别的同类文本"
LABEL = "制表符分隔文本"
READS_TEXT = True  # reads the decoded text of a Source

_BUILDERS = {PART_BASIC: basic_item, PART_COORDINATING: coordinating_item, PART_RECLAIMED: reclaimed_item}


def detect_text(text: str) -> bool:
    """True when the text has tab-separated 序号 header rows followed by numbered rows."""
    headers = rows = 0
    for raw in text.splitlines():
        if "\t" not in raw:
            continue
        cells = raw.split("\t")
        if header_table(cells):
            headers += 1
        elif SEQ.match(cells[0]):
            rows += 1
    return headers >= 1 and rows >= 3


def parse_text(text: str, *, source: str) -> ParsedItems:
    """Read the three tables of a tab-separated list into items, flagging damaged cells."""
    rows, title = collect_rows(text.splitlines(), source)
    check_parts(rows, source)
    items = {part: [] for part in PARTS}
    for part in PARTS:
        part_rows = [row for row in rows if row.table.part == part]
        seqs = sequence(part_rows)
        categories = {clean_text(cell_under(row, "类别")) for row in part_rows}
        for row, (seq, seq_flags) in zip(part_rows, seqs):
            items[part].append(_BUILDERS[part](row, seq, seq_flags, categories))
    return ParsedItems(
        basic=tuple(items[PART_BASIC]),
        coordinating=tuple(items[PART_COORDINATING]),
        reclaimed=tuple(items[PART_RECLAIMED]),
        place=_place_from_title(title),
    )


def _place_from_title(title: str | None) -> Place:
    """Split a part title like "某某州某某市某某镇基本履职事项清单" into its place levels."""
    if not title:
        return Place()
    found = re.match(
        rf"^(?P<prefecture>[{CJK}]+?(?:自治州|地区|州|盟))?"
        rf"(?P<county>[{CJK}]+?(?:自治县|县|市|区|旗))?"
        rf"(?P<township>[{CJK}]+?(?:乡|镇|街道))(?:基本|配合|上级)",
        re.sub(r"\s+", "", title),
    )
    return Place(**found.groupdict()) if found else Place()


def detect(source) -> bool:
    """True when the file is text in this layout."""
    return source.is_text and detect_text(source.text)


def parse(source) -> Reading:
    """The items of a text file in this layout, with the 说明 before them."""
    return text_reading(parse_text, source)
