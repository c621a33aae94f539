"""An upload's parse in a child process: the same result, or a Chinese error past its time or memory."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.bounded import OUT_OF_MEMORY, TIMED_OUT, parse_bounded
from importers.pipeline import parse_source
from importers.records import ParseError
from importers.sources import read_source

DOCUMENTS = Path(__file__).resolve().parents[2] / "fixtures" / "documents"
PDF = DOCUMENTS / "002_xianbaibazha.pdf"


def test_the_child_gives_the_same_list_as_parsing_in_process():
    source = read_source(DOCUMENTS / "002_xianbaibazha.docx")
    bounded, _ = parse_bounded(source, seconds=60, memory_bytes=2 * 2**30)
    direct, _ = parse_source(source)
    assert bounded == direct


def test_a_parse_past_its_time_is_stopped_with_a_message_naming_the_file():
    with pytest.raises(ParseError) as raised:
        parse_bounded(read_source(PDF), seconds=0.05, memory_bytes=2 * 2**30)
    assert raised.value.issue.file == PDF.name
    assert raised.value.issue.message == TIMED_OUT.format(seconds=0)


def test_a_parse_past_its_memory_is_stopped_with_a_message():
    # Far below what the forked interpreter already holds: the first allocation fails.
    with pytest.raises(ParseError) as raised:
        parse_bounded(read_source(PDF), seconds=120, memory_bytes=16 * 2**20)
    assert raised.value.issue.message == OUT_OF_MEMORY.format(megabytes=16)


def test_a_bad_file_gives_its_own_error_from_the_child():
    source = read_source(DOCUMENTS / "002_xianbaibazha.pdf")
    damaged = type(source)(name="残缺.pdf", content=source.content[:30_000], sha256="")
    with pytest.raises(ParseError) as raised:
        parse_bounded(damaged, seconds=60, memory_bytes=2 * 2**30)
    assert raised.value.issue.file == "残缺.pdf" and raised.value.issue.code.startswith("pdf_")
