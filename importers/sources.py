"""Reading a list file: size limit, binary refusal, encoding detection, metadata beside it.

A text file becomes a SourceText; the portal's own .xlsx export becomes a SourceWorkbook, whose
bytes the xlsx layout reads. Any other binary file is refused.
"""

from __future__ import annotations

import hashlib
import tomllib
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from importers.records import ParseError, ParseIssue, Place

# A township list is a few hundred KB of text; anything far larger is not one, and parsing it
# would hold it all in memory.
MAX_BYTES = 8 * 1024 * 1024
# An xlsx is a zip: its XML unpacks to several times the file's size, a zip bomb to far more.
# Refusing what unpacks past this keeps a workbook's reading bounded like a text file's.
MAX_UNPACKED_BYTES = 8 * MAX_BYTES
WORKBOOK_PART = "xl/workbook.xml"  # what makes a zip an Excel workbook (a .docx has word/…)
METADATA_SUFFIX = ".meta.toml"
METADATA_KEYS = ("region", "prefecture", "county", "township", "published")

EMPTY_FILE = "文件为空，没有可导入的内容"
TOO_LARGE = "文件过大（{size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"
BINARY_FILE = "这是二进制文件（如 PDF、Word 或图片），请先提取为文本再导入（本门户导出的 .xlsx 工作簿可直接导入）"
BROKEN_ZIP = "文件以 zip 格式开头，但已损坏，无法作为 xlsx 工作簿读取"
TOO_LARGE_UNPACKED = "工作簿解压后过大（{size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"
UNDECODABLE = "无法识别文件编码（已尝试 UTF-8、带 BOM 的 UTF-8 和 GB18030/GBK）"
BAD_METADATA = "元数据文件 {name} 有误：{error}"
UNKNOWN_METADATA_KEY = "元数据文件 {name} 含未知项 “{key}”（可用：{known}）"


@dataclass(frozen=True)
class SourceText:
    """A decoded list file with what the loader records about it."""

    name: str
    text: str
    sha256: str
    encoding: str


@dataclass(frozen=True)
class SourceWorkbook:
    """An .xlsx workbook (the portal's own export), kept as bytes for the xlsx layout."""

    name: str
    content: bytes
    sha256: str


Source = SourceText | SourceWorkbook


def _fail(name: str, code: str, message: str, line: int | None = None) -> ParseError:
    return ParseError(ParseIssue(file=name, line=line, code=code, message=message))


def _looks_binary(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample or sample.startswith((b"%PDF", b"PK\x03\x04", b"\xd0\xcf\x11\xe0")):
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls > len(sample) // 20


def decode(content: bytes, *, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else GB18030 (a superset of GBK/GB2312)."""
    if content.startswith(b"\xef\xbb\xbf"):
        return content[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _fail(name, "encoding", UNDECODABLE)


def _workbook(content: bytes, *, name: str) -> SourceWorkbook | None:
    """The bytes as a workbook when they are an xlsx zip; None for any other kind of file."""
    if not content.startswith(b"PK\x03\x04"):
        return None
    try:
        with zipfile.ZipFile(BytesIO(content)) as archive:
            members = archive.infolist()
    except zipfile.BadZipFile:
        raise _fail(name, "binary", BROKEN_ZIP) from None
    if WORKBOOK_PART not in {member.filename for member in members}:
        return None
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_UNPACKED_BYTES:
        raise _fail(name, "too_large", TOO_LARGE_UNPACKED.format(size=unpacked, limit=MAX_UNPACKED_BYTES))
    return SourceWorkbook(name=name, content=content, sha256=hashlib.sha256(content).hexdigest())


def read_source(path: Path, *, name: str | None = None) -> Source:
    """Read one list file (text, or the portal's xlsx), refusing empty, huge and other binary files."""
    name = name or path.name
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise _fail(name, "too_large", TOO_LARGE.format(size=size, limit=MAX_BYTES))
    return source_from_bytes(path.read_bytes(), name=name)


def source_from_bytes(content: bytes, *, name: str) -> Source:
    """Uploaded or read bytes as a SourceText (or SourceWorkbook), with read_source's checks."""
    if len(content) > MAX_BYTES:
        raise _fail(name, "too_large", TOO_LARGE.format(size=len(content), limit=MAX_BYTES))
    if not content.strip():
        raise _fail(name, "empty", EMPTY_FILE)
    workbook = _workbook(content, name=name)
    if workbook is not None:
        return workbook
    if _looks_binary(content):
        raise _fail(name, "binary", BINARY_FILE)
    text, encoding = decode(content, name=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _fail(name, "empty", EMPTY_FILE)
    return SourceText(name=name, text=text, sha256=hashlib.sha256(content).hexdigest(), encoding=encoding)


def metadata_path(path: Path) -> Path:
    """Where the metadata of a list lives: 'list.txt' → 'list.meta.toml' beside it."""
    return path.with_name(path.stem + METADATA_SUFFIX)


def read_metadata(path: Path) -> dict[str, str]:
    """The place and month from the metadata file beside a list; {} when there is none."""
    meta_file = metadata_path(path)
    if not meta_file.exists():
        return {}
    try:
        values = tomllib.loads(meta_file.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise _fail(meta_file.name, "metadata", BAD_METADATA.format(name=meta_file.name, error=error))
    unknown = sorted(set(values) - set(METADATA_KEYS))
    if unknown:
        message = UNKNOWN_METADATA_KEY.format(
            name=meta_file.name, key=unknown[0], known="、".join(METADATA_KEYS))
        raise _fail(meta_file.name, "metadata", message)
    return {key: str(value).strip() for key, value in values.items() if str(value).strip()}


def place_from_values(values: dict[str, str]) -> Place:
    """A Place from metadata/option values (missing levels stay None)."""
    return Place(**{level: values.get(level) or None for level in ("region", "prefecture", "county", "township")})
