"""Word files that cannot be read: damaged, encrypted, old .doc, macro-enabled, far too large.

Each is refused with a Chinese message naming the file, before the work it would cost.
"""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from importers.layouts.docx import container, messages, read_docx
from importers.tables.model import Paragraph
from tests.importers.layouts.docx.builders import (
    W_NS, body_xml, compound_file, empty_docx, parse_error, plain_zip, with_members,
)


def _without_document_part() -> bytes:
    return with_members(empty_docx(), {"word/document.xml": None})


def _corrupted_member() -> bytes:
    content = bytearray(empty_docx())
    with zipfile.ZipFile(BytesIO(bytes(content))) as archive:
        info = archive.getinfo("word/document.xml")
    data_start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    content[data_start + 10:data_start + 40] = bytes(30)
    return bytes(content)


@pytest.mark.parametrize(("content", "message"), [
    (empty_docx()[:3000], messages.DAMAGED),
    (b"PK\x03\x04" + bytes(100), messages.DAMAGED),
    (_corrupted_member(), messages.DAMAGED),
    (_without_document_part(), messages.NO_BODY),
    (plain_zip({"word/document.xml": body_xml("")}), messages.NO_BODY),  # no [Content_Types] or rels
    (with_members(empty_docx(), {"word/document.xml": b"<w:document><w:body><w:p>"}),
     messages.BAD_XML.format(line=1)),
    (compound_file("EncryptionInfo", "EncryptedPackage"), messages.ENCRYPTED),
    (compound_file("WordDocument", "1Table"), messages.LEGACY_DOC),
    (compound_file("Workbook"), messages.DAMAGED),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(100), messages.DAMAGED),
])
def test_a_file_that_cannot_be_read_is_refused_in_chinese_naming_the_file(content, message):
    error = parse_error(content, name="先拜巴扎镇.docx")
    assert error.issue.message == message
    assert error.issue.file == "先拜巴扎镇.docx" and str(error).startswith("先拜巴扎镇.docx: ")


def test_a_macro_enabled_document_is_refused():
    content = empty_docx()
    with zipfile.ZipFile(BytesIO(content)) as archive:
        types = archive.read("[Content_Types].xml").replace(
            b"wordprocessingml.document.main+xml", b"ms-word.document.macroEnabled.main+xml")
    assert parse_error(with_members(content, {"[Content_Types].xml": types})).issue.message == messages.NOT_A_DOCUMENT


def test_a_body_that_unpacks_past_the_limit_is_refused_before_it_is_read():
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(empty_docx())) as source_zip, \
            zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as target:
        for info in source_zip.infolist():
            if info.filename != "word/document.xml":
                target.writestr(info, source_zip.read(info))
        with target.open("word/document.xml", "w", force_zip64=True) as member:
            chunk = b" " * (1 << 20)
            for _ in range(container.MAX_PART_BYTES // len(chunk) + 1):
                member.write(chunk)
    error = parse_error(buffer.getvalue())
    assert error.issue.code == "too_large" and "word/document.xml" in error.issue.message


def test_a_table_with_more_rows_than_any_list_is_refused():
    body = "<w:tbl>" + "<w:tr><w:tc><w:p/></w:tc></w:tr>" * (container.MAX_ROWS + 1) + "</w:tbl>"
    error = parse_error(with_members(empty_docx(), {"word/document.xml": body_xml(body)}))
    assert error.issue.message == messages.TOO_MANY.format(count=container.MAX_ROWS + 1, what="表格行",
                                                           limit=container.MAX_ROWS)


def test_a_cell_spanning_more_columns_than_word_allows_is_refused_naming_table_and_row():
    body = ('<w:tbl><w:tr><w:tc><w:p/></w:tc></w:tr><w:tr><w:tc><w:tcPr><w:gridSpan w:val="100000000"/>'
            "</w:tcPr><w:p/></w:tc></w:tr></w:tbl>")
    error = parse_error(with_members(empty_docx(), {"word/document.xml": body_xml(body)}))
    assert error.issue.message == messages.TOO_WIDE.format(where="第 1 个表格第 2 行", limit=63)


def _document_with_dtd(dtd: str, text: str) -> bytes:
    return with_members(empty_docx(), {"word/document.xml": (
        f'<?xml version="1.0"?><!DOCTYPE w:document [{dtd}]><w:document {W_NS}><w:body>'
        f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>").encode()})


def test_entities_that_expand_a_billionfold_are_refused_not_expanded():
    laughs = '<!ENTITY a "aaaaaaaaaa">' + "".join(
        f'<!ENTITY {chr(98 + level)} "{("&" + chr(97 + level) + ";") * 10}">' for level in range(9))
    assert parse_error(_document_with_dtd(laughs, "&j;")).issue.message == messages.BAD_XML.format(line=1)


def test_an_external_entity_is_never_fetched():
    content = _document_with_dtd('<!ENTITY secret SYSTEM "file:///etc/hostname">', "先拜巴扎镇&secret;")
    assert read_docx(content, source="清单.docx").blocks == (Paragraph("先拜巴扎镇"),)
