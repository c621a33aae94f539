"""Zip-based documents (Word, Excel): which parts they hold, and a bound on what they unpack to."""

from __future__ import annotations

import zipfile
from io import BytesIO

from importers.records import ParseError, ParseIssue

ZIP_SIGNATURE = b"PK\x03\x04"
# A list's workbook or Word file unpacks to a few MB of XML; a zip bomb to far more. Refusing
# past this keeps reading bounded before any XML parser sees a byte.
MAX_UNPACKED_BYTES = 256 * 1024 * 1024

BROKEN_ZIP = "文件以 zip 格式开头（Word、Excel 文件都是 zip），但已损坏，无法打开"
TOO_LARGE_UNPACKED = "文件解压后过大（{size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"


def member_names(content: bytes) -> frozenset[str] | None:
    """The names inside a zip document, or None when the bytes are no readable zip."""
    if not content.startswith(ZIP_SIGNATURE):
        return None
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            return frozenset(archive.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        return None


def read_member(content: bytes, member: str, *, limit: int = 4 * 1024 * 1024) -> bytes | None:
    """One small part of a zip document (at most `limit` bytes unpacked), or None."""
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            info = archive.getinfo(member)
            if info.file_size > limit:
                return None
            return archive.read(member)
    except (KeyError, zipfile.BadZipFile, ValueError, OSError, RuntimeError):
        return None


def check_zip(content: bytes, *, source: str, limit: int | None = None) -> None:
    """Refuse a damaged zip, or one whose parts unpack past `limit`, before anything parses it."""
    limit = MAX_UNPACKED_BYTES if limit is None else limit
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ParseError(ParseIssue(source, None, "binary", BROKEN_ZIP)) from None
    if unpacked > limit:
        message = TOO_LARGE_UNPACKED.format(size=unpacked, limit=limit)
        raise ParseError(ParseIssue(source, None, "too_large", message))
