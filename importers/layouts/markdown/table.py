"""Markdown pipe tables read into rows keyed by column role, page-break continuations merged."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from importers.layouts.markdown.messages import (
    ENGLISH_AND_MESSAGE,
    LONG_ROW_DETAIL,
    ORPHAN_ROW_MESSAGE,
    SHORT_ROW_DETAIL,
    TRUNCATED_MESSAGE,
)
from importers.normalize import CJK, clean_text
from importers.records import (
    FLAG_CELL_MISSING,
    FLAG_TEXT_DAMAGED,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    ParseError,
    ParseIssue,
    ReviewFlag,
)

_SEPARATOR_ROW = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-*:?\s*)*\|?\s*$")
# The extraction tool translated some 和 into English; " and " between Chinese is never authored.
_ENGLISH_AND = re.compile(rf"(?<=[{CJK}])\s*\band\b\s*(?=[{CJK}])")
SEQ = re.compile(r"\d+")


@dataclass(frozen=True)
class Row:
    """One data row as read: where it starts, its part, and its cells keyed by column role."""

    line: int
    part: str
    cells: dict[str, str]
    flags: tuple[ReviewFlag, ...] = ()


@dataclass(frozen=True)
class _Table:
    """The header in force: which part it belongs to and the role of each column."""

    part: str
    roles: tuple[str, ...]


def is_pipe_line(line: str) -> bool:
    """Whether a line belongs to a pipe table."""
    return line.lstrip().startswith("|")


def split_cells(line: str) -> list[str]:
    """The cells of one pipe row, without the outer pipes."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [cell.strip() for cell in body.split("|")]


def _column_role(header: str) -> str:
    """What a header cell holds, from its wording (typos like 对上上级部门 included)."""
    header = clean_text(header)
    checks = (
        ("seq", ("序号",)),
        ("category", ("类别",)),
        ("name", ("名称",)),
        ("method", ("承接", "工作方式")),
        ("township", ("配合职责", "乡镇职责", "街道职责", "镇职责")),
        ("department_duties", ("职责",)),
        ("departments", ("部门", "单位")),
        ("note", ("备注",)),
    )
    for role, words in checks:
        if any(word in header for word in words):
            return role
    return "other"


def header_table(cells: list[str]) -> _Table | None:
    """The table a header row opens, or None when it is no item table (a table of contents)."""
    roles = tuple(_column_role(cell) for cell in cells)
    if "seq" not in roles or "name" not in roles:
        return None
    if "method" in roles:
        return _Table(PART_RECLAIMED, roles)
    if {"township", "department_duties", "departments"} & set(roles):
        return _Table(PART_COORDINATING, roles)
    return _Table(PART_BASIC, roles)


def is_header(lines: list[str], index: int) -> bool:
    """A pipe line followed by a |---| separator row is a markdown header row."""
    following = index + 1 < len(lines) and _SEPARATOR_ROW.match(lines[index + 1])
    return is_pipe_line(lines[index]) and bool(following)


def _gather_row(lines: list[str], index: int) -> tuple[str, int]:
    """The text of the row starting at index, with any wrapped continuation lines, and the next index."""
    text = lines[index].rstrip()
    end = index + 1
    while not text.endswith("|") and end < len(lines) and lines[end].strip() and not is_pipe_line(lines[end]):
        text += "\n" + lines[end].rstrip()
        end += 1
    return text, end


def read_rows(text: str, *, source: str) -> tuple[list[Row], dict[str, int]]:
    """Every data row of every item table in file order, and the line where each part's table opens."""
    lines = text.split("\n")
    rows: list[Row] = []
    opened_at: dict[str, int] = {}
    table: _Table | None = None
    index = 0
    while index < len(lines):
        line = lines[index]
        if is_header(lines, index):
            opened = header_table(split_cells(line))
            if opened or not _is_data_row(line, table):
                if opened:
                    opened_at.setdefault(opened.part, index + 1)
                table, index = opened, index + 2
                continue
        if table is None or not is_pipe_line(line) or _SEPARATOR_ROW.match(line):
            index += 1
            continue
        start = index + 1
        row_text, index = _gather_row(lines, index)
        at_end = not any(rest.strip() for rest in lines[index:])
        row = _make_row(row_text, start, table, at_end=at_end, source=source)
        if row is not None:
            rows.append(row)
    return rows, opened_at


def _is_data_row(line: str, table: _Table | None) -> bool:
    """Whether a would-be header is a data row of the table in force (a page whose header was lost)."""
    cells = split_cells(line)
    return table is not None and len(cells) == len(table.roles) and SEQ.fullmatch(cells[0] or "0") is not None


def _make_row(text: str, line: int, table: _Table, *, at_end: bool, source: str) -> Row | None:
    """One row's cells keyed by column role; a short or unclosed last row means the file was cut."""
    cells = split_cells(text)
    if "序号" in cells[0] or not any(cells):
        return None  # a header repeated without its separator, or an empty row
    width = len(table.roles)
    if at_end and (len(cells) < width or not text.endswith("|")):
        message = TRUNCATED_MESSAGE.format(seq=cells[0] or "?", expected=width, found=len(cells))
        raise ParseError(ParseIssue(file=source, line=line, code="truncated", message=message))
    flags: tuple[ReviewFlag, ...] = ()
    if len(cells) < width:
        flags = (ReviewFlag(FLAG_CELL_MISSING, SHORT_ROW_DETAIL),)
        cells += [""] * (width - len(cells))
    elif len(cells) > width:  # a stray | inside a cell: keep the surplus in the last column
        flags = (ReviewFlag(FLAG_TEXT_DAMAGED, LONG_ROW_DETAIL),)
        cells = cells[: width - 1] + [" ".join(cells[width - 1 :])]
    return Row(line=line, part=table.part, cells=dict(zip(table.roles, cells)), flags=flags)


# ---------------------------------------------------------------------------------------------
# Rows to records: merging page-break continuations


def merge_continued_rows(rows: list[Row], *, source: str, notes: list[ParseIssue]) -> list[Row]:
    """One record per 序号; a row without 序号 continues the previous item of the same part."""
    merged: list[Row] = []
    for row in rows:
        if SEQ.search(row.cells.get("seq", "")):
            merged.append(row)
        elif merged and merged[-1].part == row.part:
            merged[-1] = _continued(merged[-1], row)
        else:
            notes.append(ParseIssue(file=source, line=row.line, code="orphan_row", message=ORPHAN_ROW_MESSAGE))
    return merged


def _continued(record: Row, row: Row) -> Row:
    """The record with a continuation row's cells appended (a row split by a page break)."""
    cells = dict(record.cells)
    for role, cell in row.cells.items():
        if cell and role != "seq":
            cells[role] = f"{cells[role]}\n{cell}" if cells.get(role) else cell
    return replace(record, cells=cells, flags=record.flags + row.flags)


def repair_english_and(record: Row, *, source: str, notes: list[ParseIssue]) -> Row:
    """Put back the 和 that extraction translated into " and "."""
    cells = {role: _ENGLISH_AND.sub("和", cell) for role, cell in record.cells.items()}
    if cells != record.cells:
        message = ENGLISH_AND_MESSAGE.format(seq=record.cells.get("seq", "?"))
        notes.append(ParseIssue(file=source, line=record.line, code="text_repaired", message=message))
    return replace(record, cells=cells)
