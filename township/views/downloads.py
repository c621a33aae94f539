"""Sending a file: one Content-Disposition for every file the portal sends, and the response itself."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import BinaryIO
from urllib.parse import quote

from django.http import FileResponse

from township.exports.registry import ExportFormat
from township.exports.xlsx import workbook_title
from township.models import DutyList

# Path separators and what Windows refuses in a file name. A county or township named with a `/`
# would otherwise be cut at it: a browser keeps only what follows the last separator.
_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f\x7f]')
_SUFFIX = re.compile(r"(.*?)(\.[A-Za-z0-9]{1,8})?", re.DOTALL)
REPLACEMENT = "_"
FALLBACK_STEM = "dutylists"  # the ASCII name of a file whose name has no ASCII letters or digits
MAX_LENGTH = 150  # characters; file systems allow 255 bytes, a Chinese character takes 3


def _split(name: str) -> tuple[str, str]:
    """Stem and suffix (`.xlsx`, or empty when the name has none)."""
    stem, suffix = _SUFFIX.fullmatch(name).groups()
    return stem, suffix or ""


def safe_filename(name: str) -> str:
    """`name` as one file name: separators and forbidden characters become `_`, no leading dot."""
    name = _UNSAFE.sub(REPLACEMENT, " ".join(unicodedata.normalize("NFC", name).split()))
    stem, suffix = _split(name)
    stem = stem.strip(". ")[: MAX_LENGTH - len(suffix)] or FALLBACK_STEM
    return stem + suffix


def ascii_filename(name: str) -> str:
    """A plain ASCII stand-in for user agents that do not read `filename*` (RFC 6266, appendix D)."""
    original, suffix = _split(safe_filename(name))
    stem = unicodedata.normalize("NFKD", original).encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9.-]+", REPLACEMENT, stem).strip("._")
    # Digits left over from a Chinese title ("2025年7月" → "20257") would only mislead.
    meaningful = re.search(r"[A-Za-z]", stem) or (stem and original.isascii())
    return (stem if meaningful else FALLBACK_STEM) + suffix


def attachment_header(name: str) -> str:
    """`attachment; filename="ascii"; filename*=utf-8''…`: the full name, and a fallback first.

    The fallback comes first because agents that do not know `filename*` take the first name
    they find, and RFC 6266 agents prefer `filename*` wherever it stands.
    """
    full = quote(safe_filename(name), safe="")
    return f'attachment; filename="{ascii_filename(name)}"; filename*=utf-8\'\'{full}'


def download(body: BinaryIO | Iterable[str], export: ExportFormat, filename: str) -> FileResponse:
    """Send a file or stream as an attachment of this format (a file's size is sent, a stream's not)."""
    response = FileResponse(body, content_type=export.content_type)
    response["Content-Disposition"] = attachment_header(filename)
    return response


def duty_list_download(duty_list: DutyList, export: ExportFormat) -> FileResponse:
    """A list version as a download of this format, named after its county, township and month."""
    filename = f"{duty_list.township.county.name}{workbook_title(duty_list)}{export.suffix}"
    return download(export.list_file(duty_list), export, filename)
