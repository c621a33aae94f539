"""Stream names read from the directory of an OLE2 compound file, and damaged ones survived."""

from __future__ import annotations

import pytest

from importers.layouts.docx.cfb import stream_names
from tests.importers.layouts.docx.builders import compound_file


@pytest.mark.parametrize("names", [
    ("EncryptionInfo", "EncryptedPackage"),
    ("WordDocument", "1Table", "\x05SummaryInformation"),
    tuple(f"Stream{index}" for index in range(11)),  # a directory over three sectors
])
def test_the_names_of_the_streams_are_read_from_the_directory(names):
    assert stream_names(compound_file(*names)) == frozenset(names)


@pytest.mark.parametrize("content", [
    compound_file("WordDocument", "1Table", "Data", "ObjectPool", directory_loop=True),
    compound_file("WordDocument")[:520],  # directory cut off
    compound_file("WordDocument")[:512],
    compound_file("WordDocument")[:100],
    compound_file("WordDocument")[:30] + b"\x0f\x00" + compound_file("WordDocument")[32:],  # sector size
    b"PK\x03\x04",
])
def test_a_damaged_or_foreign_file_gives_no_names_without_hanging(content):
    assert stream_names(content) == frozenset()
