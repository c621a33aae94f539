"""The rows of the three part sheets as items, and the 待核对 sheet's flags attached to them."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, replace

from openpyxl.workbook.workbook import Workbook

from importers.layouts.xlsx.cells import parse_blocks, parse_methods, parse_names
from importers.layouts.xlsx.format import (
    FLAG_LABELS, FLAGS_COLUMNS, FLAGS_SHEET, PART_COLUMNS, PART_SHEETS, REQUIRED_KEYS,
)
from importers.layouts.xlsx.messages import (
    BAD_REVIEWED, BAD_SEQ, NO_SUCH_ITEM, UNKNOWN_PART, UNKNOWN_REASON,
)
from importers.layouts.xlsx.workbook import SheetRow, fail, read_table
from importers.records import (
    PART_COORDINATING, PART_RECLAIMED, PARTS, BasicItem, CoordinatingItem, ReclaimedItem, ReviewFlag,
)

_SEQ = re.compile(r"^\d{1,5}$")  # a list has hundreds of items; more digits are no 序号
# format.REVIEWED as written, or as an editor may type it (half-width brackets, 2025/7/3).
_REVIEWED = re.compile(r"^已核对\s*[（(]\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})\s*[）)]$")


def row_seq(row: SheetRow, *, sheet: str, source: str) -> int:
    """The row's 序号 as a positive integer; anything else is an error naming the cell."""
    text = row.values.get("seq", "").strip()
    if not _SEQ.match(text) or int(text) < 1:
        raise fail(source, row.number, BAD_SEQ.format(sheet=sheet, cell=row.cell("seq"), value=text),
                   code="sequence_invalid")
    return int(text)


def _item(part: str, row: SheetRow, seq: int):
    values = row.values
    common = {"seq": seq, "category": values["category"].strip(), "name": values["name"],
              "line": row.number, "note": values.get("note", "")}
    if part == PART_COORDINATING:
        return CoordinatingItem(**common, departments=parse_names(values.get("departments", "")),
                                department_duties=parse_blocks(values.get("department_duties", "")),
                                township_duties=parse_blocks(values.get("township_duties", "")))
    if part == PART_RECLAIMED:
        return ReclaimedItem(**common, departments=parse_names(values.get("departments", "")),
                             methods=parse_methods(values.get("methods", "")))
    return BasicItem(**common)


def joined_continuations(rows: list[SheetRow]) -> list[SheetRow]:
    """The rows with each continuation row (no 序号, 类别 or 名称) joined to the item above it.

    The portal writes an item too tall for one printed row over several rows (a spreadsheet
    row is at most 409 points high); each cell's text goes on in the row below after a line break.
    """
    items: list[SheetRow] = []
    for row in rows:
        if items and not any(row.values.get(key, "").strip() for key in REQUIRED_KEYS):
            above = items[-1]
            values = {key: "\n".join(text for text in (above.values[key], row.values.get(key, "")) if text)
                      for key in above.values}
            items[-1] = replace(above, values=values)
        else:
            items.append(row)
    return items


def part_items(workbook: Workbook, part: str, *, source: str) -> tuple:
    """Every item of one part sheet, in sheet order, each with its (first) row as its line."""
    sheet = PART_SHEETS[part]
    rows = read_table(workbook, sheet, PART_COLUMNS[part], required=REQUIRED_KEYS, source=source)
    return tuple(_item(part, row, row_seq(row, sheet=sheet, source=source)) for row in joined_continuations(rows))


def _lookup(mapping: dict[str, str], row: SheetRow, key: str, message: str, *, source: str) -> str:
    """The code a label (or the code itself) in the 待核对 sheet stands for."""
    value = row.values.get(key, "").strip()
    for code, label in mapping.items():
        if value in (code, label):
            return code
    known = "、".join(mapping.values())
    raise fail(source, row.number, message.format(sheet=FLAGS_SHEET, cell=row.cell(key), value=value,
                                                  known=known))


def _reviewed_on(row: SheetRow, *, source: str) -> datetime.date | None:
    """The day the 核对情况 cell says an editor reviewed the flag; None while it is open (blank)."""
    text = row.values.get("reviewed", "").strip()
    if not text:
        return None
    match = _REVIEWED.match(text)
    if match:
        try:
            return datetime.date(*(int(number) for number in match.groups()))
        except ValueError:
            pass  # 2025-02-30: refused below like any other text
    message = BAD_REVIEWED.format(sheet=FLAGS_SHEET, cell=row.cell("reviewed"), value=text)
    raise fail(source, row.number, message)


@dataclass(frozen=True)
class ListedFlag:
    """One row of the 待核对 sheet: which item (part, 序号) it flags, and why."""

    row: int
    part: str
    seq: int
    flag: ReviewFlag


def listed_flags(workbook: Workbook, *, source: str) -> list[ListedFlag]:
    """The flags the 待核对 sheet lists; none when the sheet is gone."""
    if FLAGS_SHEET not in workbook.sheetnames:
        return []  # an editor who cleared every flag may delete the sheet
    rows = read_table(workbook, FLAGS_SHEET, FLAGS_COLUMNS, required=("part", "seq", "reason"),
                      source=source)
    return [ListedFlag(row=row.number,
                       part=_lookup(PART_SHEETS, row, "part", UNKNOWN_PART, source=source),
                       seq=row_seq(row, sheet=FLAGS_SHEET, source=source),
                       flag=ReviewFlag(_lookup(FLAG_LABELS, row, "reason", UNKNOWN_REASON, source=source),
                                       row.values.get("detail", ""),
                                       reviewed_on=_reviewed_on(row, source=source)))
            for row in rows]


def with_flags(items: dict[str, tuple], listed: list[ListedFlag], *, source: str) -> dict[str, tuple]:
    """The items with their listed flags; a flag for an item no sheet holds is an error."""
    known = {(part, item.seq) for part in PARTS for item in items[part]}
    flags: dict[tuple[str, int], list[ReviewFlag]] = {}
    for entry in listed:
        if (entry.part, entry.seq) not in known:
            message = NO_SUCH_ITEM.format(sheet=FLAGS_SHEET, row=entry.row,
                                          part=PART_SHEETS[entry.part], seq=entry.seq)
            raise fail(source, entry.row, message)
        flags.setdefault((entry.part, entry.seq), []).append(entry.flag)
    return {part: tuple(replace(item, flags=tuple(flags.get((part, item.seq), ())))
                        for item in items[part]) for part in PARTS}
