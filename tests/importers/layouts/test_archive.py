"""Zip documents: a damaged zip or a zip bomb is refused by name before any XML is parsed."""

from __future__ import annotations

import io
import zipfile

import pytest

from importers.layouts import archive
from importers.records import ParseError


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, data in members.items():
            zipped.writestr(name, data)
    return buffer.getvalue()


def test_a_document_that_unpacks_past_the_limit_is_refused_before_it_is_read(monkeypatch):
    monkeypatch.setattr(archive, "MAX_UNPACKED_BYTES", 100_000)
    data = _zip({"xl/workbook.xml": b"<workbook/>", "xl/worksheets/sheet1.xml": b" " * 200_000})
    assert len(data) < 10_000  # small on disk, large unpacked: what a zip bomb looks like
    with pytest.raises(ParseError) as raised:
        archive.check_zip(data, source="bomb.xlsx")
    assert raised.value.issue.code == "too_large"
    assert "bomb.xlsx" in str(raised.value) and "解压后过大" in str(raised.value)


def test_a_damaged_zip_is_refused_as_damaged():
    with pytest.raises(ParseError) as raised:
        archive.check_zip(b"PK\x03\x04" + b"\x00" * 100, source="bad.xlsx")
    assert raised.value.issue.message == archive.BROKEN_ZIP


def test_member_names_lists_a_zip_and_says_none_for_anything_else():
    assert archive.member_names(_zip({"word/document.xml": b"<w/>"})) == {"word/document.xml"}
    assert archive.member_names(b"PK\x03\x04 broken") is None
    assert archive.member_names(b"%PDF-1.7") is None
