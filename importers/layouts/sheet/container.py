"""What kind of workbook a file is, told from its container alone: zip members or OLE2 streams.

Cheap enough for detect(): a zip's member list and its (small) workbook part, or an OLE2 file's
directory, are read; no sheet is.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from io import BytesIO

from xlrd.compdoc import CompDoc

from importers.layouts.xlsx.format import META_SHEET

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
WORKBOOK_PART = "xl/workbook.xml"  # what makes a zip an Excel workbook (a .docx has word/…)
MACRO_PART = "xl/vbaProject.bin"
CONTENT_TYPES = "[Content_Types].xml"
EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".xltx", ".xltm", ".xlt")
# workbook.xml lists sheet names only; anything much larger is not a workbook part we should read.
MAX_WORKBOOK_PART = 1024 * 1024

# The kinds of file this layout tells apart.
XLSX = "xlsx"
XLSM = "xlsm"  # macros: refused
XLS = "xls"
PORTAL = "portal"  # the portal's own export, which the xlsx layout reads
ENCRYPTED = "encrypted"  # a password-protected .xlsx is an OLE2 file holding an EncryptedPackage
DAMAGED = "damaged"  # starts like a workbook but cannot be opened

_PORTAL_SHEET = re.compile(rb"""name\s*=\s*["']""" + re.escape(META_SHEET.encode()) + rb"""["']""")


def _zip_kind(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = {member.filename: member for member in archive.infolist()}
            if WORKBOOK_PART not in members:
                return None  # a Word file, an OpenDocument file, an ordinary zip
            if MACRO_PART in members or _macro_content_type(archive, members):
                return XLSM
            if members[WORKBOOK_PART].file_size <= MAX_WORKBOOK_PART:
                if _PORTAL_SHEET.search(archive.read(WORKBOOK_PART)):
                    return PORTAL
            return XLSX
    # What zipfile raises for a cut or corrupt archive, or a compression it does not know.
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, NotImplementedError, ValueError, zlib.error):
        return DAMAGED


def _macro_content_type(archive: zipfile.ZipFile, members: dict[str, zipfile.ZipInfo]) -> bool:
    member = members.get(CONTENT_TYPES)
    if member is None or member.file_size > MAX_WORKBOOK_PART:
        return False
    return b"macroenabled" in archive.read(member).lower()


def _ole2_kind(content: bytes) -> str | None:
    try:
        streams = {node.name for node in CompDoc(content, logfile=io.StringIO()).dirlist}
    except Exception:  # noqa: BLE001 - xlrd's OLE2 reader fails with whatever a bad directory gives
        return DAMAGED
    if "EncryptedPackage" in streams:
        return ENCRYPTED
    if streams & {"Workbook", "Book"}:
        return XLS
    return None  # a .doc, a .ppt, an .msg…


def workbook_kind(content: bytes) -> str | None:
    """XLSX, XLSM, XLS, PORTAL, ENCRYPTED or DAMAGED; None for a file that is no workbook."""
    if content.startswith(ZIP_MAGIC):
        return _zip_kind(content)
    if content.startswith(OLE2_MAGIC):
        return _ole2_kind(content)
    return None


def has_excel_name(name: str) -> bool:
    """Whether a file name ends like a spreadsheet's (which is all an encrypted or broken file shows)."""
    return name.lower().endswith(EXCEL_SUFFIXES)
