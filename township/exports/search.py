"""The search page's results as xlsx or CSV: the page's own query, streamed chunk by chunk.

The items arrive in chunks of EXPORT_CHUNK from a server-side cursor, each chunk with its
steps, methods and departments prefetched in a fixed number of queries, and each row is written
out before the next chunk is read: memory stays bounded whether ten items match or every item
of every list. CSV is UTF-8 with a byte-order mark, without which Excel reads it as GBK.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import BinaryIO

from django.db.models import QuerySet
from openpyxl import Workbook

from importers.layouts.xlsx.format import Column
from township.exports.cells import csv_safe, duty_cells
from township.exports.sheets import body_row, prepare_sheet
from township.models import Duty

EXPORT_CHUNK = 500
SHEET = "检索结果"
BOM = "\ufeff"
SEARCH_COLUMNS = (
    Column("county", "县（市、区）", 12),
    Column("township", "乡镇（街道）", 16),
    Column("published", "发布月份", 10),
    Column("part", "清单部分", 14),
    Column("seq", "序号", 6),
    Column("category", "事项类别", 12),
    Column("name", "事项名称", 30),
    Column("departments", "对应（承接）部门", 20),
    Column("department_duties", "上级部门职责", 50),
    Column("township_duties", "乡镇（街道）配合职责", 50),
    Column("methods", "承接部门及工作方式", 50),
    Column("note", "备注", 12),
)


def _row(duty: Duty) -> list[object]:
    duty_list = duty.duty_list
    cells = duty_cells(duty) | {
        "county": duty_list.township.county.name,
        "township": duty_list.township.name,
        "published": f"{duty_list.published:%Y-%m}",
        "part": str(Duty.Kind(duty.kind).label),
    }
    return [cells[column.key] for column in SEARCH_COLUMNS]


def search_result_rows(duties: QuerySet[Duty]) -> Iterator[list[object]]:
    """One row per matching item, in the page's order, read EXPORT_CHUNK items at a time."""
    for duty in duties.iterator(chunk_size=EXPORT_CHUNK):
        yield _row(duty)


class _Line:
    """A file-like object whose write() hands back the line, so csv.writer can feed a generator."""

    def write(self, line: str) -> str:
        return line


def search_results_as_csv(duties: QuerySet[Duty]) -> Iterator[str]:
    """The results as CSV lines (BOM first), for a StreamingHttpResponse."""
    writer = csv.writer(_Line())
    yield BOM + writer.writerow([column.heading for column in SEARCH_COLUMNS])
    for row in search_result_rows(duties):
        yield writer.writerow([csv_safe(value) for value in row])


def search_results_as_xlsx(duties: QuerySet[Duty], target: BinaryIO, *, title: str) -> None:
    """Write the results to `target` as a one-sheet workbook headed by `title`."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET)
    prepare_sheet(sheet, SEARCH_COLUMNS, title)
    for row in search_result_rows(duties):
        sheet.append(body_row(sheet, row))
    workbook.save(target)
