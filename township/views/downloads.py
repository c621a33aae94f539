"""The name a download is saved under: one Content-Disposition for every file the portal sends."""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

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
