"""Reading a list file into one Source: size limits, binary or text, encoding, metadata beside it.

Documents (PDF, Word, Excel, the portal's own workbook) are kept as bytes for their layouts to
read; text is decoded. Which layout reads a file is the registry's business, not this module's.
"""

from __future__ import annotations

import errno
import hashlib
import os
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from importers.records import ParseError, ParseIssue, Place

# A list published as a PDF or a Word file is a few MB (fonts and a stamp image included); a
# scan of 35 pages at 150 dpi about 10 MB. Far larger is not one township's list.
MAX_BYTES = 30 * 1024 * 1024
# As text the same list is a few hundred KB; a text file far larger is not one.
MAX_TEXT_BYTES = 8 * 1024 * 1024
# How a document announces its kind in its first bytes: PDF, a zip (docx, xlsx), the OLE2
# compound file of .xls/.doc and of every password-protected Office file, and the PNG and JPEG
# photos or scans of a page that the scan layout reads.
DOCUMENT_SIGNATURES = (b"%PDF-", b"PK\x03\x04", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", b"\x89PNG\r\n\x1a\n",
                       b"\xff\xd8\xff")
OTHER_IMAGE_SIGNATURES = (b"GIF8", b"II*\x00", b"MM\x00*", b"BM", b"RIFF")
METADATA_SUFFIX = ".meta.toml"
METADATA_KEYS = ("region", "prefecture", "county", "township", "published")

EMPTY_FILE = "文件为空，没有可导入的内容"
TOO_LARGE = "文件过大（{size:,} 字节，上限 {limit:,} 字节），不像一份乡镇履职事项清单"
TOO_LARGE_TEXT = "文本文件过大（{size:,} 字节，文本清单上限 {limit:,} 字节），不像一份乡镇履职事项清单"
IMAGE_FILE = "这种图片格式不能识别：扫描件或照片请存为 PNG、JPEG 或 PDF 后再导入"
BINARY_FILE = "无法识别的二进制文件：可导入的是文本清单、PDF、Word（.docx）和 Excel（.xlsx、.xls）文件"
UNDECODABLE = "无法识别文件编码（已尝试 UTF-8、带 BOM 的 UTF-8 和 GB18030/GBK）"
NOT_A_FILE = "“{name}”不是普通文件（是目录、设备或管道），无法作为清单导入"
UNREADABLE = "无法读取文件“{name}”：{reason}"
# The system's own reason is English ("Permission denied"): the usual ones are said in Chinese.
OS_REASONS = {
    errno.EACCES: "没有读取权限，请检查文件权限",
    errno.EPERM: "没有读取权限，请检查文件权限",
    errno.ELOOP: "符号链接形成循环，指不到任何文件",
    errno.ENAMETOOLONG: "路径过长",
    errno.EIO: "读取时出现输入输出错误，磁盘或网络存储可能有故障",
}
OS_REASON = "系统错误（错误号 {number}）"
BAD_METADATA = '元数据文件 {name} 有误{where}：每行应为 键 = "值"，例如 county = "于田县"（TOML 格式）'
METADATA_AT = "（第 {line} 行第 {column} 列）"
METADATA_NUL = "元数据文件 {name} 含空字符（NUL），请用文本编辑器重新保存为 UTF-8 文本"
METADATA_ENCODING = "元数据文件 {name} 不是 UTF-8 编码，请用文本编辑器另存为 UTF-8"
METADATA_NOT_TEXT = '元数据文件 {name} 中“{key}”应为带引号的文字，例如 {key} = "…"，而不是“{value}”'
NUL_BYTE = ("含空字符（NUL，0x00）：文本清单中不会有，文件可能已损坏，或是被改了扩展名的其他文件；"
            "请删去空字符，或另存为 UTF-8 文本后再导入")
UNKNOWN_METADATA_KEY = "元数据文件 {name} 含未知项 “{key}”（可用：{known}）"


@dataclass(frozen=True)
class Source:
    """One list file: its name, bytes and digest, and its decoded text when it is text."""

    name: str
    content: bytes
    sha256: str
    text: str | None = None
    encoding: str | None = None

    @property
    def is_text(self) -> bool:
        """Whether the file was decoded as text (a text layout reads it)."""
        return self.text is not None


def _fail(name: str, code: str, message: str, line: int | None = None) -> ParseError:
    return ParseError(ParseIssue(file=name, line=line, code=code, message=message))


def _looks_binary(content: bytes) -> bool:
    sample = content[:4096]
    if b"\x00" in sample:
        return True
    controls = sum(1 for byte in sample if byte < 9 or 13 < byte < 32)
    return controls > len(sample) // 20


def decode(content: bytes, *, name: str) -> tuple[str, str]:
    """(text, encoding): UTF-8 with or without BOM, else GB18030 (a superset of GBK/GB2312)."""
    if content.startswith(b"\xef\xbb\xbf"):
        try:
            return content[3:].decode("utf-8", errors="strict"), "utf-8-sig"
        except UnicodeDecodeError:
            raise _fail(name, "encoding", UNDECODABLE) from None
    for encoding in ("utf-8", "gb18030"):
        try:
            return content.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    raise _fail(name, "encoding", UNDECODABLE)


def read_source(path: Path, *, name: str | None = None) -> Source:
    """Read one list file, refusing what is no regular file, empty, huge or of no known kind."""
    name = name or os.fsdecode(path.name).encode("utf-8", "replace").decode("utf-8")
    try:
        os.stat(path)  # a symlink loop or a folder without permission fails here, not as "not a file"
        if not path.is_file():
            raise _fail(name, "not_a_file", NOT_A_FILE.format(name=name))
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _fail(name, "too_large", TOO_LARGE.format(size=size, limit=MAX_BYTES))
        content = path.read_bytes()
    except OSError as error:
        raise _fail(name, "unreadable", UNREADABLE.format(name=name, reason=os_reason(error))) from None
    return source_from_bytes(content, name=name)


def os_reason(error: OSError) -> str:
    """Why the system could not read a file, in Chinese."""
    return OS_REASONS.get(error.errno, OS_REASON.format(number=error.errno))


def source_from_bytes(content: bytes, *, name: str) -> Source:
    """Uploaded or read bytes as a Source, with read_source's checks."""
    if len(content) > MAX_BYTES:
        raise _fail(name, "too_large", TOO_LARGE.format(size=len(content), limit=MAX_BYTES))
    if not content.strip():
        raise _fail(name, "empty", EMPTY_FILE)
    sha256 = hashlib.sha256(content).hexdigest()
    if content.startswith(DOCUMENT_SIGNATURES):
        return Source(name=name, content=content, sha256=sha256)
    if content.startswith(OTHER_IMAGE_SIGNATURES):
        raise _fail(name, "image", IMAGE_FILE)
    if len(content) > MAX_TEXT_BYTES:
        raise _fail(name, "too_large", TOO_LARGE_TEXT.format(size=len(content), limit=MAX_TEXT_BYTES))
    if _looks_binary(content):
        raise _fail(name, "binary", BINARY_FILE)
    nul = content.find(b"\x00")  # past the sample _looks_binary reads: PostgreSQL text takes none
    if nul >= 0:
        raise _fail(name, "nul", NUL_BYTE, line=content.count(b"\n", 0, nul) + 1)
    text, encoding = decode(content, name=name)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise _fail(name, "empty", EMPTY_FILE)
    return Source(name=name, content=content, sha256=sha256, text=text, encoding=encoding)


def metadata_path(path: Path) -> Path:
    """Where the metadata of a list lives: 'list.txt' → 'list.meta.toml' beside it."""
    return path.with_name(path.stem + METADATA_SUFFIX)


def read_metadata(path: Path) -> dict[str, str]:
    """The place and month from the metadata file beside a list; {} when there is none."""
    meta_file = metadata_path(path)
    if not meta_file.exists():
        return {}
    if not meta_file.is_file():
        raise _fail(meta_file.name, "metadata", NOT_A_FILE.format(name=meta_file.name))
    try:
        values = _metadata_values(meta_file.read_bytes(), name=meta_file.name)
    except OSError as error:
        raise _fail(meta_file.name, "metadata", UNREADABLE.format(name=meta_file.name, reason=os_reason(error))) from None
    unknown = sorted(set(values) - set(METADATA_KEYS))
    if unknown:
        message = UNKNOWN_METADATA_KEY.format(
            name=meta_file.name, key=unknown[0], known="、".join(METADATA_KEYS))
        raise _fail(meta_file.name, "metadata", message)
    return {key: value.strip() for key, value in values.items() if value.strip()}


def _metadata_values(content: bytes, *, name: str) -> dict[str, str]:
    """The keys of a metadata file, each a quoted text; a Chinese message for anything else."""
    if b"\x00" in content:
        raise _fail(name, "metadata", METADATA_NUL.format(name=name))
    try:
        values = tomllib.loads(content.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _fail(name, "metadata", METADATA_ENCODING.format(name=name)) from None
    except tomllib.TOMLDecodeError as error:
        # tomllib says where in English only: "Invalid value (at line 1, column 9)".
        at = re.search(r"line (\d+), column (\d+)", str(error))
        where = METADATA_AT.format(line=at[1], column=at[2]) if at else ""
        raise _fail(name, "metadata", BAD_METADATA.format(name=name, where=where)) from None
    for key, value in values.items():
        if not isinstance(value, str):
            shown = str(value)[:40]
            raise _fail(name, "metadata", METADATA_NOT_TEXT.format(name=name, key=key, value=shown))
    return values


def place_from_values(values: dict[str, str]) -> Place:
    """A Place from metadata/option values (missing levels stay None)."""
    return Place(**{level: values.get(level) or None for level in ("region", "prefecture", "county", "township")})
