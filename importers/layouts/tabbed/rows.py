"""Tab-separated lines grouped into table rows: headers, wrapped lines, 序号 and cut-off files."""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.normalize import CJK
from importers.numbers import seq as seq_number
from importers.records import (
    FLAG_SEQUENCE,
    PART_BASIC,
    PART_COORDINATING,
    PART_RECLAIMED,
    PART_TITLES,
    PARTS,
    ParseError,
    ParseIssue,
    ReviewFlag,
)

SEQ = re.compile(r"^\s*(\d+)\s*$")
# A 序号 cell OCR could not read ("l2", "1O"): short, no Chinese, not empty.
_UNREADABLE_SEQ = re.compile(rf"^\s*[^\s{CJK}]{{1,4}}\s*$")
_PAGE_MARK = re.compile(r"^\s*(?:第\s*\d+\s*页.*|[-—\s]*\d{1,3}[-—\s]*)$")
_PART_TITLE = re.compile(r"(?:基本履职事项|配合履职事项|收回事项)清单\s*$")
_OPEN_TAG = re.compile(r"<(p|ol|ul|li)\b", re.IGNORECASE)


@dataclass(frozen=True)
class Table:
    """One part's header: which part it is and where each column sits."""

    part: str
    columns: tuple[str, ...]

    def index(self, *keys: str) -> int | None:
        """Position of the first column whose header contains one of the keys."""
        for position, column in enumerate(self.columns):
            if any(key in column for key in keys):
                return position
        return None


@dataclass
class Row:
    """A table row being assembled; OCR rows may continue on later lines."""

    table: Table
    line: int
    seq: int | None
    cells: list[str]


def header_table(cells: list[str]) -> Table | None:
    """The table a header row opens (序号 | 事项类别 | 事项名称 | …), or None for other lines."""
    columns = tuple(re.sub(r"\s+", "", cell) for cell in cells)
    if not columns or columns[0] != "序号" or not any("事项名称" in c for c in columns):
        return None
    joined = "".join(columns)
    if "对应上级部门" in joined or "上级部门职责" in joined:
        return Table(PART_COORDINATING, columns)
    if "承接部门" in joined or "工作方式" in joined:
        return Table(PART_RECLAIMED, columns)
    return Table(PART_BASIC, columns)


def collect_rows(lines: list[str], source: str) -> tuple[list[Row], str | None]:
    """Group lines into rows: headers switch tables, unnumbered lines continue the last row."""
    rows: list[Row] = []
    table: Table | None = None
    title: str | None = None
    for number, raw in enumerate(lines, start=1):
        cells = raw.split("\t")
        header = header_table(cells)
        if header:
            table = header
        elif not raw.strip() or _PAGE_MARK.match(raw):
            continue
        elif "\t" not in raw and _PART_TITLE.search(raw):
            title = title or raw.strip()
        elif table and _starts_row(cells, table):
            seq = SEQ.match(cells[0])
            rows.append(Row(table, number, seq_number(seq.group(1), line=number) if seq else None, cells))
        elif table and rows and rows[-1].table.part == table.part:
            _continue_row(rows[-1], cells)
    if rows:
        _check_complete(rows[-1], source)
    return rows, title


def _starts_row(cells: list[str], table: Table) -> bool:
    """A line opens a row when its first cell is a 序号, or an unreadable one in a full row."""
    if SEQ.match(cells[0]):
        return len(cells) > 1
    return bool(_UNREADABLE_SEQ.match(cells[0])) and len(cells) == len(table.columns)


def _continue_row(row: Row, cells: list[str]) -> None:
    """Append a wrapped line's cells to the row, column by column (a tabless line to its end)."""
    if len(cells) == 1:
        last = max((i for i, cell in enumerate(row.cells) if cell.strip()), default=0)
        row.cells[last] = f"{row.cells[last]}\n{cells[0]}"
        return
    width = len(row.table.columns)
    row.cells.extend([""] * (width - len(row.cells)))
    for position, cell in enumerate(cells):
        if cell.strip():
            target = min(position, width - 1)
            row.cells[target] = f"{row.cells[target]}\n{cell}".strip("\n")


def _check_complete(row: Row, source: str) -> None:
    """The file's last row must have all its columns and closed cell markup, else it was cut."""
    unclosed = any(
        len(_OPEN_TAG.findall(cell)) > len(re.findall(r"</(?:p|ol|ul|li)>", cell, re.I))
        for cell in row.cells
    )
    if len(row.cells) < len(row.table.columns) or unclosed:
        title = PART_TITLES[row.table.part]
        raise ParseError(
            ParseIssue(
                file=source,
                line=row.line,
                code="truncated",
                message=f"文件在{title}第{row.line}行（序号{row.seq or '?'}）这一行中间结束，该行不完整",
            )
        )


def check_parts(rows: list[Row], source: str) -> None:
    """Every part needs its table; a header without any row means the table is empty."""
    for part in PARTS:
        if not any(row.table.part == part for row in rows):
            raise ParseError(
                ParseIssue(
                    file=source,
                    line=None,
                    code="part_missing",
                    message=f"未找到{PART_TITLES[part]}的表格（以“序号”开头、以Tab分隔的表头及其数据行）",
                )
            )


def cell_under(row: Row, *keys: str) -> str:
    """The row's cell under the first header column containing one of the keys ("" if none)."""
    position = row.table.index(*keys)
    if position is None or position >= len(row.cells):
        return ""
    return row.cells[position]


def sequence(rows: list[Row]) -> list[tuple[int, tuple[ReviewFlag, ...]]]:
    """Each row's 序号 (guessed from its neighbour when unreadable) with gap/duplicate flags."""
    result: list[tuple[int, tuple[ReviewFlag, ...]]] = []
    previous = 0
    for row in rows:
        seq, flags = row.seq, ()
        if seq is None:
            seq = previous + 1
            flags = (ReviewFlag(FLAG_SEQUENCE, f"序号无法识别，按上一项推定为{seq}"),)
        elif seq != previous + 1:
            detail = (
                f"表格从序号{seq}开始，前面的事项缺失"
                if previous == 0
                else f"序号由{previous}跳到{seq}" if seq > previous else f"序号{seq}重复或倒序"
            )
            flags = (ReviewFlag(FLAG_SEQUENCE, detail),)
        result.append((seq, flags))
        previous = seq
    return result
