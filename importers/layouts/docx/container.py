"""Opening a .docx safely: what kind of file it is, how large it unpacks, whether its XML parses.

Sizes are read from the zip's central directory before anything is unpacked; zipfile never
inflates a member past the size recorded there, so a zip bomb is refused before it costs
memory. python-docx parses XML with resolve_entities=False and lxml's defaults (no network,
no huge trees), so entity expansion and external entities are not a concern.
"""

from __future__ import annotations

import logging
import zipfile
import zlib
from io import BytesIO

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.package import Package
from lxml import etree

from importers.layouts.docx import cfb
from importers.layouts.docx.messages import (
    BAD_XML, DAMAGED, ENCRYPTED, LEGACY_DOC, NO_BODY, NOT_A_DOCUMENT, TOO_LARGE, TOO_MANY, TOO_MANY_ELEMENTS,
)
from importers.records import ParseError, ParseIssue

DOCUMENT_PART = "word/document.xml"
ENCRYPTED_STREAM = "EncryptedPackage"  # [MS-OFFCRYPTO]: an encrypted OOXML package
LEGACY_STREAM = "WordDocument"  # [MS-DOC]: the main stream of a Word 97–2003 file
# A 35-page list's document.xml is 1–3 MB; 64 MB is a Word file of thousands of pages, and
# parsed by lxml it already takes several hundred MB.
MAX_PART_BYTES = 64 * 1024 * 1024
# python-docx loads every part it finds (images too), so the whole package is capped as well.
MAX_PACKAGE_BYTES = 2 * MAX_PART_BYTES
# A list has a few hundred table rows of 3–7 cells; these are fifty times that and more, far
# beyond any list, yet read in well under a second.
MAX_ROWS = 20_000
MAX_CELLS = 200_000
# A 35-page list's body has about 35,000 XML tags. Within MAX_PART_BYTES, empty paragraphs make
# ten million elements, which python-docx takes 20 s and 1.5 GB to build; counted as bytes
# first, such a body is refused in a fraction of a second.
MAX_ELEMENTS = 1_000_000

logger = logging.getLogger(__name__)


def fail(source: str, message: str, code: str = "docx") -> ParseError:
    """A ParseError for the Word file `source`."""
    return ParseError(ParseIssue(file=source, line=None, code=code, message=message))


def is_word_file(content: bytes) -> bool:
    """A .docx (zip with word/document.xml), or a compound file this layout can explain."""
    if cfb.is_compound_file(content):
        return bool({ENCRYPTED_STREAM, LEGACY_STREAM} & cfb.stream_names(content))
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:  # reads the central directory only
            return DOCUMENT_PART in archive.NameToInfo
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError):
        return False


def _refuse_compound_file(content: bytes, *, source: str) -> ParseError:
    names = cfb.stream_names(content)
    if ENCRYPTED_STREAM in names:
        return fail(source, ENCRYPTED, code="encrypted")
    if LEGACY_STREAM in names:
        return fail(source, LEGACY_DOC, code="legacy_doc")
    return fail(source, DAMAGED)


def _check_sizes(content: bytes, *, source: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as error:
        raise fail(source, DAMAGED) from error
    for member in members:
        if member.file_size > MAX_PART_BYTES:
            raise fail(source, TOO_LARGE.format(part=member.filename, size=member.file_size,
                                                limit=MAX_PART_BYTES), code="too_large")
    total = sum(member.file_size for member in members)
    if total > MAX_PACKAGE_BYTES:
        raise fail(source, TOO_LARGE.format(part="全部内容", size=total, limit=MAX_PACKAGE_BYTES),
                   code="too_large")


def _check_element_count(content: bytes, *, source: str) -> None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            if DOCUMENT_PART not in archive.NameToInfo:
                return  # python-docx finds the body the relationships name, or says there is none
            tags = archive.read(DOCUMENT_PART).count(b"<")
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError, zlib.error) as error:
        raise fail(source, DAMAGED) from error
    if tags > MAX_ELEMENTS:
        raise fail(source, TOO_MANY_ELEMENTS.format(count=tags, limit=MAX_ELEMENTS), code="too_large")


def _main_part(content: bytes, *, source: str):
    try:
        return Package.open(BytesIO(content)).main_document_part
    except KeyError as error:  # no officeDocument relationship, or the part it names is missing
        raise fail(source, NO_BODY) from error
    except etree.XMLSyntaxError as error:
        raise fail(source, BAD_XML.format(line=error.lineno)) from error
    # python-docx and zipfile report a damaged package with whatever fails first (bad CRC,
    # truncated deflate stream, missing content types…): all mean one thing to the user, whose
    # message stays in Chinese; the library's words go to the log for whoever debugs.
    except Exception as error:  # noqa: BLE001
        logger.warning("python-docx could not open %s: %r", source, error)
        raise fail(source, DAMAGED) from error


def _related_xml(part, relationship: str):
    try:
        return getattr(part.part_related_by(relationship), "element", None)
    except KeyError:
        return None


def _check_table_size(body, *, source: str) -> None:
    rows = sum(1 for _ in body.iter(qn("w:tr")))
    if rows > MAX_ROWS:
        raise fail(source, TOO_MANY.format(count=rows, what="表格行", limit=MAX_ROWS), code="too_large")
    cells = sum(1 for _ in body.iter(qn("w:tc")))
    if cells > MAX_CELLS:
        raise fail(source, TOO_MANY.format(count=cells, what="单元格", limit=MAX_CELLS), code="too_large")


def open_document(content: bytes, *, source: str):
    """(w:body, numbering.xml root or None, styles.xml root or None) of a .docx, checked."""
    if cfb.is_compound_file(content):
        raise _refuse_compound_file(content, source=source)
    _check_sizes(content, source=source)
    _check_element_count(content, source=source)
    part = _main_part(content, source=source)
    if part.content_type != CT.WML_DOCUMENT_MAIN:  # .docm, .dotx, .dotm
        raise fail(source, NOT_A_DOCUMENT, code="not_a_document")
    body = part.element.find(qn("w:body"))
    if body is None:
        raise fail(source, NO_BODY)
    _check_table_size(body, source=source)
    return body, _related_xml(part, RT.NUMBERING), _related_xml(part, RT.STYLES)
