"""The stream names of an OLE2 compound file (CFB), enough to tell a .doc from an encrypted .docx.

Word saves a password-protected .docx not as a zip but as a compound file holding the streams
"EncryptionInfo" and "EncryptedPackage"; an old binary .doc is a compound file holding
"WordDocument". Only the directory is read (a few sectors), never a stream, so this stays cheap
enough for detect(). Layout of the header and directory: [MS-CFB] sections 2.2 and 2.6.
"""

from __future__ import annotations

import struct

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HEADER_SIZE = 512
DIRECTORY_ENTRY_SIZE = 128
HEADER_DIFAT_ENTRIES = 109
LAST_REGULAR_SECTOR = 0xFFFFFFFA  # above are ENDOFCHAIN, FREESECT and other markers
STORAGE, STREAM = 1, 2
# Chains longer than this are loops in a damaged file, or a directory no Office file has
# (a .doc or an encrypted package holds a few dozen entries, 4 or 32 per sector).
MAX_CHAIN = 4096


def is_compound_file(content: bytes) -> bool:
    """Whether the bytes start with the OLE2 compound file signature."""
    return content.startswith(MAGIC)


def stream_names(content: bytes) -> frozenset[str]:
    """Names of the storages and streams in a compound file; empty if it cannot be read."""
    if not is_compound_file(content) or len(content) < HEADER_SIZE:
        return frozenset()
    try:
        return frozenset(_directory_names(content))
    except (struct.error, IndexError, ValueError):
        return frozenset()


def _directory_names(content: bytes) -> list[str]:
    sector_shift = struct.unpack_from("<H", content, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise ValueError("bad sector size")
    sector_size = 1 << sector_shift
    fat = _Fat(content, sector_size)
    names = []
    for sector in fat.chain(struct.unpack_from("<I", content, 0x30)[0]):
        start = (sector + 1) * sector_size
        for offset in range(start, start + sector_size, DIRECTORY_ENTRY_SIZE):
            names.extend(_entry_name(content, offset))
    return names


def _entry_name(content: bytes, offset: int) -> list[str]:
    entry = content[offset:offset + DIRECTORY_ENTRY_SIZE]
    if len(entry) < DIRECTORY_ENTRY_SIZE or entry[0x42] not in (STORAGE, STREAM):
        return []
    length = min(struct.unpack_from("<H", entry, 0x40)[0], 64)
    return [entry[:length].decode("utf-16-le", errors="replace").rstrip("\x00")]


class _Fat:
    """The file allocation table, read sector by sector as a chain needs it."""

    def __init__(self, content: bytes, sector_size: int):
        self.content = content
        self.sector_size = sector_size
        self.sectors = self._fat_sectors()

    def _fat_sectors(self) -> list[int]:
        entries = list(struct.unpack_from(f"<{HEADER_DIFAT_ENTRIES}I", self.content, 0x4C))
        difat = struct.unpack_from("<I", self.content, 0x44)[0]
        per_sector = self.sector_size // 4 - 1  # the last entry links to the next DIFAT sector
        for _ in range(MAX_CHAIN):
            if difat > LAST_REGULAR_SECTOR:
                break
            words = struct.unpack_from(f"<{per_sector + 1}I", self.content, (difat + 1) * self.sector_size)
            entries.extend(words[:per_sector])
            difat = words[per_sector]
        return [sector for sector in entries if sector <= LAST_REGULAR_SECTOR]

    def next(self, sector: int) -> int:
        per_sector = self.sector_size // 4
        offset = (self.sectors[sector // per_sector] + 1) * self.sector_size
        return struct.unpack_from("<I", self.content, offset + 4 * (sector % per_sector))[0]

    def chain(self, first: int) -> list[int]:
        chain: list[int] = []
        seen: set[int] = set()
        sector = first
        while sector <= LAST_REGULAR_SECTOR:
            if len(chain) >= MAX_CHAIN or sector in seen:
                raise ValueError("sector chain loops")
            chain.append(sector)
            seen.add(sector)
            sector = self.next(sector)
        return chain
