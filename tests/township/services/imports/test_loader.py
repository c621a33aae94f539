"""The writer: what a parsed list becomes in the database (scanned cells' images among it)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from importers.records import ParsedList, Place
from importers.tables.model import CellScan, Row, TableDocument, Where
from importers.tables.reading import read_document
from township.models import ReviewFlag
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
