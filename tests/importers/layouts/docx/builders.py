"""Word files built for the docx layout's tests: python-docx documents, raw XML, compound files."""

from __future__ import annotations

import struct
import zipfile
from io import BytesIO
from types import SimpleNamespace

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from importers.layouts.docx import read_docx
from importers.records import ParseError
from importers.tables.model import Row

W_NS = nsdecls("w")


def source(content: bytes, name: str = "清单.docx") -> SimpleNamespace:
    """A source as the pipeline hands it to a layout."""
    return SimpleNamespace(name=name, content=content, sha256="", text=None)


def table(document, cells: list[tuple]):
    """A table appended to `document` with these cell texts, one tuple per row."""
    built = document.add_table(rows=len(cells), cols=len(cells[0]))
    for row, values in zip(built.rows, cells):
        for cell, value in zip(row.cells, values):
            cell.text = value
    return built


def empty_cell(document):
    """The one cell of a new 1×1 table, without the empty paragraph python-docx puts in it."""
    cell = table(document, [("",)]).cell(0, 0)
    cell._tc.remove(cell._tc.p_lst[0])
    return cell


def parse_error(content: bytes, name: str = "清单.docx") -> ParseError:
    """The ParseError reading `content` raises."""
    with pytest.raises(ParseError) as caught:
        read_docx(content, source=name)
    return caught.value


def plain_zip(members: dict[str, bytes]) -> bytes:
    """A zip holding exactly these members."""
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_bytes(document) -> bytes:
    """The saved bytes of a python-docx Document."""
    buffer = BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def read(document) -> tuple:
    """The blocks read back from a python-docx Document."""
    return read_docx(docx_bytes(document), source="清单.docx").blocks


def rows(document) -> list[tuple]:
    """The cells of every table row read back from a python-docx Document."""
    return [block.cells for block in read(document) if isinstance(block, Row)]


def list_definition(document, levels: list[tuple[str, str]], *, start: int = 1,
                    start_override: int | None = None, legal: bool = False) -> str:
    """A new list instance in numbering.xml with levels (numFmt, lvlText); its numId.

    `legal` marks the levels below the first w:isLgl (their labels in plain digits).
    """
    numbering = document.part.numbering_part.element
    abstract_id = str(100 + len(numbering.findall(qn("w:abstractNum"))))
    num_id = str(100 + len(numbering.findall(qn("w:num"))))
    lvls = "".join(
        f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
        f'<w:lvlText w:val="{text}"/>{"<w:isLgl/>" if legal and ilvl else ""}</w:lvl>'
        for ilvl, (fmt, text) in enumerate(levels)
    )
    abstract = parse_xml(f'<w:abstractNum {W_NS} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is None:
        numbering.append(abstract)
    else:
        first_num.addprevious(abstract)  # the schema puts every abstractNum before the nums
    override = ("" if start_override is None else
                f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>')
    numbering.append(parse_xml(f'<w:num {W_NS} w:numId="{num_id}"><w:abstractNumId w:val="{abstract_id}"/>'
                               f"{override}</w:num>"))
    return num_id


def numbered(paragraph, num_id: str, ilvl: int = 0):
    """Give a python-docx paragraph automatic numbering from list `num_id` at level `ilvl`."""
    p_pr = paragraph._p.get_or_add_pPr()
    p_pr.append(parse_xml(f'<w:numPr {W_NS}><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'))
    return paragraph


def raw_paragraph(container, runs_xml: str):
    """Append a w:p with the given inner XML to a document body or a cell."""
    element = container._body._body if hasattr(container, "_body") else container._tc
    paragraph = parse_xml(f"<w:p {W_NS}>{runs_xml}</w:p>")
    last = element[-1] if len(element) else None
    if last is not None and last.tag == qn("w:sectPr"):
        last.addprevious(paragraph)
    else:
        element.append(paragraph)
    return paragraph


def with_members(content: bytes, members: dict[str, bytes | None]) -> bytes:
    """The zip `content` with members replaced, added, or (None) removed."""
    buffer = BytesIO()
    with zipfile.ZipFile(BytesIO(content)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename not in members:
                target.writestr(info, source.read(info))
        for name, data in members.items():
            if data is not None:
                target.writestr(name, data)
    return buffer.getvalue()


def empty_docx() -> bytes:
    """A valid .docx with one paragraph."""
    document = docx.Document()
    document.add_paragraph("基本履职事项清单")
    return docx_bytes(document)


def body_xml(inner: str) -> bytes:
    """A word/document.xml whose body holds `inner`."""
    return f'<?xml version="1.0" encoding="UTF-8"?><w:document {W_NS}><w:body>{inner}</w:body></w:document>'.encode()


ENDOFCHAIN, FREESECT, FATSECT = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD


def compound_file(*stream_names: str, directory_loop: bool = False) -> bytes:
    """A minimal valid OLE2 compound file (version 3) holding empty streams with these names.

    Sector 0 is the FAT, sectors 1… the directory (four entries a sector): a root entry and
    the streams chained as right siblings, a valid (if unbalanced) red-black tree.
    `directory_loop` makes the directory's last sector point back to its first, as in a
    damaged file.
    """
    entries = [_directory_entry("Root Entry", 5, child=1 if stream_names else FREESECT)]
    for index, name in enumerate(stream_names, start=1):
        right = index + 1 if index < len(stream_names) else FREESECT
        entries.append(_directory_entry(name, 2, right=right))
    sectors = (len(entries) + 3) // 4
    chain = [*range(2, sectors + 1), 1 if directory_loop else ENDOFCHAIN]
    header = bytearray(512)
    header[0:8] = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<IIIIIIIII", header, 0x28, 0, 1, 1, 0, 4096, ENDOFCHAIN, 0, ENDOFCHAIN, 0)
    struct.pack_into("<109I", header, 0x4C, 0, *([FREESECT] * 108))
    fat = struct.pack("<128I", FATSECT, *chain, *([FREESECT] * (127 - len(chain))))
    directory = b"".join(entries).ljust(512 * sectors, b"\x00")
    return bytes(header) + fat + directory


def _directory_entry(name: str, kind: int, *, child: int = FREESECT, right: int = FREESECT) -> bytes:
    encoded = (name + "\x00").encode("utf-16-le")
    entry = bytearray(128)
    entry[0:len(encoded)] = encoded
    struct.pack_into("<HBB", entry, 0x40, len(encoded), kind, 1)
    struct.pack_into("<III", entry, 0x44, FREESECT, right, child)
    struct.pack_into("<IQ", entry, 0x74, ENDOFCHAIN, 0)
    return bytes(entry)
