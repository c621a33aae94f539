"""Layout for Word files (.docx): paragraphs and tables read into a TableDocument, then items.

This package only turns the file into the shared tables model, faithfully: merged cells,
automatic list numbers and nested tables resolved (see body.py and numbering.py). Finding
header rows, parts and items is `importers.tables.reading`'s work, the same for every format.
Encrypted Word files and old binary .doc files are recognised and refused with a message.
"""

from __future__ import annotations

from importers.layouts.docx.body import read_body
from importers.layouts.docx.container import fail, is_word_file, open_document
from importers.layouts.docx.numbering import Numbering
from importers.records import Reading
from importers.tables.model import TableDocument
from importers.tables.reading import read_document

__all__ = ["NAME", "LABEL", "DESCRIPTION", "detect", "parse", "read_docx"]

NAME = "docx"
LABEL = "Word 表格"
DESCRIPTION = "Word 文件（.docx）：标题、说明等段落和三个清单表格，支持合并单元格和自动编号"


def detect(source) -> bool:
    """Whether `source` is a .docx, or a Word file this layout can explain it cannot read."""
    content = getattr(source, "content", None)
    return isinstance(content, bytes | bytearray) and is_word_file(bytes(content))


def read_docx(content: bytes, *, source: str) -> TableDocument:
    """The paragraphs and table rows of a .docx in reading order; ParseError if unreadable."""
    body, numbering_xml, styles_xml = open_document(content, source=source)
    blocks = read_body(body, Numbering(numbering_xml, styles_xml), fail=lambda message: fail(source, message))
    return TableDocument(blocks)


def parse(source) -> Reading:
    """The items and preamble of a Word file (a Reading), via the shared tables reader."""
    return read_document(read_docx(source.content, source=source.name), source=source.name)
