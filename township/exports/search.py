"""The search page's results as xlsx or CSV: the page's own query, read as plain rows in chunks.

The items come from a server-side cursor EXPORT_CHUNK at a time as plain tuples (no model
instances: building those, not the database, was what made 90,000 items outlast gunicorn's
30 s), and each chunk's departments, blocks with their steps, and methods come in three more
queries of plain tuples. The cells are rendered by the same functions as the list workbook,
whose reader parses them back, so the search export cannot drift from that format. Each row
is written before the next chunk is read: memory stays bounded however many items match.

The CSV has one row per item. In the workbook an item too tall for one printed row (409
points, see printing.py) goes on in the rows below it, its long cells cut at their line breaks
and its place, part, 序号 and 类别 repeated with 事项名称 marked “（续）”, so that every line
prints and each row still says, also after sorting, which item it belongs to.

An export is refused above settings.DUTYLISTS_EXPORT_MAX_ROWS items (see `export_refusal`),
so that it always finishes well inside the server's timeout rather than being cut off.
CSV is UTF-8 with a byte-order mark, without which Excel reads it as GBK.
"""

from __future__ import annotations

import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import suppress
from itertools import chain, groupby, islice
from typing import BinaryIO

from django.conf import settings
from django.db import DatabaseError, connections
from django.db.models import QuerySet
from openpyxl import Workbook

from importers.layouts.xlsx.format import Column
from importers.records import ReclaimedMethod as MethodRecord
from importers.records import StepBlock
from township.exports.cells import csv_safe, item_cells
from township.exports.printing import split_tall_row
from township.exports.sheets import prepare_sheet
from township.models import Duty, DutyDepartment, ReclaimedMethod, ResponsibilityBlock

EXPORT_CHUNK = 500
SHEET = "检索结果"
BOM = "\ufeff"
# Widths chosen for landscape A4 (printing.py): about 210 units fit the page at 70 %, so the
# place, month and part columns take two short lines and the step columns get the room.
SEARCH_COLUMNS = (
    Column("county", "县（市、区）", 8),
    Column("township", "乡镇（街道）", 10),
    Column("published", "发布月份", 9),
    Column("part", "清单部分", 8),
    Column("seq", "序号", 5),
    Column("category", "事项类别", 10),
    Column("name", "事项名称", 20),
    Column("departments", "对应（承接）部门", 14),
    Column("department_duties", "上级部门职责", 44),
    Column("township_duties", "乡镇（街道）配合职责", 40),
    Column("methods", "承接部门及工作方式", 36),
    Column("note", "备注", 8),
)
# The columns an item too tall for one row continues in, below it; the others are repeated.
CONTINUED_KEYS = ("departments", "department_duties", "township_duties", "methods", "note")
CONTINUED_NAME = "{name}（续）"
_NAME = [column.key for column in SEARCH_COLUMNS].index("name")
EXPORT_REFUSED = ("符合条件的事项超过单次导出上限 {limit} 项，"
                  "请缩小筛选范围（按县、乡镇或部门）后再导出。")

# What one item's row needs from the item itself, in this order.
ITEM_FIELDS = ("pk", "seq", "category__name", "name", "note", "kind",
               "duty_list__township__county__name", "duty_list__township__name", "duty_list__published")
PART_LABELS = {kind: str(label) for kind, label in Duty.Kind.choices}


def export_limit() -> int:
    """The most items one search export may hold."""
    return settings.DUTYLISTS_EXPORT_MAX_ROWS


def exportable_count(duties: QuerySet[Duty]) -> int | None:
    """How many items would be exported, or None when more than the limit match.

    Counts at most limit + 1 rows (a LIMIT subquery, not COUNT(*) over every match), so that
    asking costs the same however broad the search is.
    """
    limit = export_limit()
    count = duties.order_by().values("pk")[:limit + 1].count()
    return None if count > limit else count


def export_refusal(count: int) -> str:
    """The message that refuses an export of `count` items ("" when the count is within the limit)."""
    limit = export_limit()
    return EXPORT_REFUSED.format(count=count, limit=limit) if count > limit else ""


def _by_duty(rows: Iterable[tuple]) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = defaultdict(list)
    for duty_id, *rest in rows:
        grouped[duty_id].append(tuple(rest))
    return grouped


def _column_departments(duty_ids: list[int]) -> dict[int, list[tuple]]:
    links = DutyDepartment.objects.filter(duty_id__in=duty_ids, named_in=DutyDepartment.NamedIn.COLUMN)
    return _by_duty(links.order_by("duty_id", "position").values_list("duty_id", "name_as_published"))


def _methods(duty_ids: list[int]) -> dict[int, list[tuple]]:
    methods = ReclaimedMethod.objects.filter(duty_id__in=duty_ids).order_by("duty_id", "position")
    return _by_duty(methods.values_list("duty_id", "text", "department_name"))


def _step_blocks(duty_ids: list[int]) -> dict[tuple[int, str], list[StepBlock]]:
    """(item, side) → its blocks in order, each with its steps: one query, blocks joined to steps."""
    rows = (ResponsibilityBlock.objects.filter(duty_id__in=duty_ids)
            .order_by("duty_id", "side", "position", "steps__position")
            .values_list("duty_id", "side", "pk", "heading", "department_name", "steps__text"))
    blocks: dict[tuple[int, str], list[StepBlock]] = defaultdict(list)
    for (duty_id, side, _, heading, department), steps in groupby(rows, key=lambda row: row[:5]):
        texts = tuple(row[5] for row in steps if row[5] is not None)  # None: a block without steps
        blocks[duty_id, side].append(StepBlock(steps=texts, department=department or None,
                                               heading=heading or None))
    return blocks


def _chunk_rows(items: list[tuple]) -> Iterator[list[object]]:
    """The rows of one chunk of items, with the chunk's parts read in three queries."""
    duty_ids = [item[0] for item in items]
    departments, methods, blocks = _column_departments(duty_ids), _methods(duty_ids), _step_blocks(duty_ids)
    for duty_id, seq, category, name, note, kind, county, township, published in items:
        cells = item_cells(
            seq=seq, category=category, name=name, note=note,
            departments=[spelling for (spelling,) in departments.get(duty_id, ())],
            department_blocks=blocks.get((duty_id, ResponsibilityBlock.Side.DEPARTMENT), ()),
            township_blocks=blocks.get((duty_id, ResponsibilityBlock.Side.TOWNSHIP), ()),
            methods=[MethodRecord(text=text, department=department or None)
                     for text, department in methods.get(duty_id, ())],
        ) | {"county": county, "township": township, "published": f"{published:%Y-%m}",
             "part": PART_LABELS[kind]}
        yield [cells[column.key] for column in SEARCH_COLUMNS]


def search_result_rows(duties: QuerySet[Duty]) -> Iterator[list[object]]:
    """One row per matching item, in the page's order, read EXPORT_CHUNK items at a time."""
    chunk = EXPORT_CHUNK
    # prefetch_related(None): the page's prefetches are for model instances, not these tuples.
    items = duties.prefetch_related(None).values_list(*ITEM_FIELDS).iterator(chunk_size=chunk)
    try:
        while batch := list(islice(items, chunk)):
            yield from _chunk_rows(batch)
    finally:
        # Close the server-side cursor now, also when the client has gone or a query failed; after
        # a failure it went with its transaction, and closing it again only repeats the error.
        with suppress(DatabaseError, connections[duties.db].Database.Error):
            items.close()


class _Line:
    """A file-like object whose write() hands back the line, so csv.writer can feed a generator."""

    def write(self, line: str) -> str:
        return line


def _csv_lines(rows: Iterator[list[object]]) -> Iterator[str]:
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([column.heading for column in SEARCH_COLUMNS])
    for row in rows:
        yield writer.writerow([csv_safe(value) for value in row])


def search_results_as_csv(duties: QuerySet[Duty]) -> Iterator[str]:
    """The results as CSV lines (BOM first), for a StreamingHttpResponse.

    The query and the first chunk run here, before anything is sent, so that a failing query
    becomes an ordinary error page instead of a download that has already begun.
    """
    rows = search_result_rows(duties)
    first = list(islice(rows, 1))
    return _csv_lines(chain(first, rows))


def printed_rows(values: list[object]) -> list[list[object]]:
    """One result as workbook rows: one, or several when its text is taller than a row can be."""
    widths = [column.width for column in SEARCH_COLUMNS]
    continued = [column.key in CONTINUED_KEYS for column in SEARCH_COLUMNS]
    first, *rest = split_tall_row(values, widths, continued)
    name = CONTINUED_NAME.format(name=values[_NAME] or "")
    # split_tall_row leaves the other cells of a continuation empty; here they say whose it is.
    for row in rest:
        for index, split in enumerate(continued):
            if not split:
                row[index] = first[index]
        row[_NAME] = name
    return [first, *rest]


def _continues(row: Sequence[object], result: list[object]) -> bool:
    """Whether `row` is a continuation of `result`: the same identifying cells, the name marked （续）."""
    same = all(row[index] == result[index] for index, column in enumerate(SEARCH_COLUMNS)
               if column.key not in CONTINUED_KEYS and index != _NAME)
    return same and row[_NAME] == CONTINUED_NAME.format(name=result[_NAME] or "")


def _joined(value: object, more: object) -> object:
    """A cell and its continuation below, one line break apart (an empty one adds nothing)."""
    if value is None or more is None:
        return more if value is None else value
    return f"{value}\n{more}"


def joined_results(rows: Iterable[Sequence[object]]) -> list[list[object]]:
    """The workbook's body rows as one row per result again, each continuation joined to its item."""
    results: list[list[object]] = []
    for row in rows:
        if results and _continues(row, results[-1]):
            results[-1] = [_joined(value, more) if column.key in CONTINUED_KEYS else value
                           for column, value, more in zip(SEARCH_COLUMNS, results[-1], row)]
        else:
            results.append(list(row))
    return results


def search_results_as_xlsx(duties: QuerySet[Duty], target: BinaryIO, *, title: str) -> None:
    """Write the results to `target` as a one-sheet workbook headed by `title`, every line printable."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    rows = prepare_sheet(sheet, SEARCH_COLUMNS, title)
    for values in search_result_rows(duties):
        for row in printed_rows(values):
            rows.append(row)
    workbook.save(target)


def search_results_xlsx_body(duties: QuerySet[Duty], *, title: str) -> BinaryIO:
    """The workbook in a temporary file (not memory), rewound to be sent; it goes when closed."""
    spool = tempfile.TemporaryFile()
    search_results_as_xlsx(duties, spool, title=title)
    spool.seek(0)
    return spool


def search_results_csv_body(duties: QuerySet[Duty], *, title: str) -> Iterator[str]:
    """The CSV lines to stream (a CSV has no title row: `title` is for the formats that do)."""
    return search_results_as_csv(duties)
