"""The writer: what a parsed list becomes in the database (scanned cells' images among it)."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from importers.records import ParsedList, Place
from importers.tables.model import CellScan, Row, TableDocument, Where
from importers.tables.reading import read_document
from township.models import Duty, ReviewFlag
from township.services.imports.loader import dutylist_import

pytestmark = pytest.mark.django_db

HEADERS = {
    "basic": ("序号", "事项类别", "事项名称"),
    "coordinating": ("序号", "事项类别", "事项名称", "对应上级部门", "上级部门职责", "乡镇配合职责"),
    "reclaimed": ("序号", "事项类别", "事项名称", "承接部门及工作方式"),
}


def _scanned_list() -> ParsedList:
    sure = CellScan(0.99, b"")
    blocks = [
        Row(HEADERS["basic"], Where(page=1)),
        Row(("1", "党的建设", "组织开展理论宣讲"), Where(page=1), scans=(sure, sure, CellScan(0.5, b"name-png"))),
        Row(("2", "党的建设", "做好“双拥”工作"), Where(page=1), scans=(CellScan(0.4, b"seq-png"), sure, CellScan(0.6, b"n2"))),
        Row(HEADERS["coordinating"], Where(page=2)),
        Row(("1", "党的建设", "推荐党代表工作", "县委组织部", "1.确定名额；", "1.组织推荐；"), Where(page=2)),
        Row(HEADERS["reclaimed"], Where(page=3)),
        Row(("1", "民生服务", "工伤认定调查", "县人社局：由县人社局负责"), Where(page=3)),
    ]
    reading = read_document(TableDocument(tuple(blocks)), source="扫描件.pdf")
    preamble = replace(reading.preamble, place=Place("新疆维吾尔自治区", "某地区", "某县", "某镇"), published="2025-07")
    return ParsedList(layout="scan", source="扫描件.pdf", preamble=preamble, items=reading.items)


def test_each_doubtful_scanned_cell_is_its_own_flag_with_its_image():
    dutylist_import(parsed=_scanned_list(), sha256="0" * 64)
    flags = ReviewFlag.objects.filter(reason=ReviewFlag.Reason.OCR_DOUBTFUL).order_by("duty__seq", "detail")
    assert [(flag.duty.seq, bytes(flag.image)) for flag in flags] == [(1, b"name-png"), (2, b"n2"), (2, b"seq-png")]
    assert all("请对照原件图片核对" in flag.detail for flag in flags)


# ---------------------------------------------------------------------------------------------
# Round trips: one multi-row insert per table, whatever the length of the list

LIST_000 = Path(__file__).resolve().parents[4] / "fixtures" / "000_5d7574d3c5ca649c.txt"
PART_TITLES = ("基本履职事项清单", "配合履职事项清单", "上级部门收回事项清单")
# Queries for importing one bundled list into an empty database: places, township, version,
# categories, departments and aliases, one insert per table, the checks and the import record,
# one round trip that brings the statistics summaries up to date (township/services/summaries.py),
# and for the report what awaits review: its count, and its flags one by one.
MAX_IMPORT_QUERIES = 43


def _list_of(tmp_path: Path, copies: int) -> Path:
    """List 000 (tab-separated) with the first rows of each part repeated `copies` times, renumbered."""
    lines = LIST_000.read_text(encoding="utf-8").splitlines()
    titles = [number for number, line in enumerate(lines) if "\t" not in line and line.endswith(PART_TITLES)]
    text = lines[:titles[0]]
    for start, end in zip(titles, titles[1:] + [len(lines)]):
        section = lines[start:end]
        header = next(line for line in section if line.startswith("序号\t"))
        rows = [line.split("\t") for line in section if re.match(r"\d+\t", line)][:10]
        text += [section[0], "", header]
        for seq, (_, category, name, *rest) in enumerate(rows * copies, start=1):
            text.append("\t".join([str(seq), category, f"{name}（第{seq}项）", *rest]))
        text.append("")
    path = tmp_path / f"000_{copies}.txt"
    path.write_text("\n".join(text), encoding="utf-8")
    return path


def _import_queries(path: Path) -> tuple[int, int]:
    """(queries, items) of importing one list file with import_list into this database, then undone."""
    with transaction.atomic():
        with CaptureQueriesContext(connection) as queries:
            call_command("import_list", str(path), stdout=io.StringIO())
        items = Duty.objects.count()
        transaction.set_rollback(True)
    return len(queries), items


@pytest.mark.parametrize("path", sorted(LIST_000.parent.glob("*.txt")), ids=lambda path: path.name)
def test_importing_a_bundled_list_takes_a_bounded_number_of_queries(path, django_assert_max_num_queries):
    with django_assert_max_num_queries(MAX_IMPORT_QUERIES):
        call_command("import_list", str(path), stdout=io.StringIO())
    assert Duty.objects.count() > 250


def test_a_list_twice_as_long_takes_no_more_queries(tmp_path):
    # Past a thousand items, where a batched write (as the search documents' update once was) adds queries.
    shorter, short_items = _import_queries(_list_of(tmp_path, 20))
    longer, long_items = _import_queries(_list_of(tmp_path, 40))
    assert (short_items, long_items) == (600, 1200)
    assert longer == shorter <= MAX_IMPORT_QUERIES
