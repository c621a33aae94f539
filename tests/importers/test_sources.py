"""Reading list files: encodings, refusals of files that are not lists, metadata beside them."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from importers import sources
from importers.records import ParseError

TEXT = "新疆维吾尔自治区和田地区于田县 先拜巴扎镇履职事项清单\n\n2025年7月\n"


@pytest.mark.parametrize(
    "data, encoding",
    [
        (TEXT.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "utf-8-sig"),
        (TEXT.encode("gb18030"), "gb18030"),
        (TEXT.encode("gbk"), "gb18030"),
    ],
)
def test_lists_decode_whatever_their_encoding(data, encoding):
    source = sources.source_from_bytes(data, name="list.txt")
    assert source.text == TEXT
    assert source.encoding == encoding


def test_windows_line_endings_become_plain_newlines():
    source = sources.source_from_bytes(TEXT.replace("\n", "\r\n").encode(), name="list.txt")
    assert "\r" not in source.text


@pytest.mark.parametrize(
    "data, code, message",
    [
        (b"", "empty", sources.EMPTY_FILE),
        (b" \n\n\t ", "empty", sources.EMPTY_FILE),
        (b"GIF89a\x01\x00\x01\x00", "image", sources.IMAGE_FILE),
        (b"II*\x00\x08\x00\x00\x00", "image", sources.IMAGE_FILE),
        (bytes(range(256)) * 4, "binary", sources.BINARY_FILE),
    ],
)
def test_files_that_are_not_lists_are_refused_by_name(data, code, message):
    with pytest.raises(ParseError) as raised:
        sources.source_from_bytes(data, name="bad.txt")
    assert raised.value.issue.code == code
    assert raised.value.issue.file == "bad.txt"
    assert str(raised.value) == f"bad.txt: {message}"


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "MAX_BYTES", 1000)
    path = tmp_path / "huge.txt"
    path.write_bytes(TEXT.encode() * 100)
    with pytest.raises(ParseError) as raised:
        sources.read_source(path)
    assert raised.value.issue.code == "too_large"
    assert "huge.txt" in str(raised.value)


def test_the_sha256_identifies_the_bytes():
    first = sources.source_from_bytes(TEXT.encode(), name="a.txt")
    again = sources.source_from_bytes(TEXT.encode(), name="b.txt")
    other = sources.source_from_bytes((TEXT + "x").encode(), name="a.txt")
    assert first.sha256 == again.sha256 != other.sha256


def test_metadata_beside_a_list_supplies_its_place(tmp_path):
    path = tmp_path / "list.txt"
    path.write_text(TEXT)
    sources.metadata_path(path).write_text('county = "额敏县"\ntownship = "某乡"\npublished = "2025-07"\n')
    assert sources.read_metadata(path) == {"county": "额敏县", "township": "某乡", "published": "2025-07"}


def test_without_metadata_file_nothing_is_supplied(tmp_path):
    assert sources.read_metadata(tmp_path / "list.txt") == {}


@pytest.mark.parametrize(
    "content, fragment",
    [("county = ", "元数据文件 list.meta.toml 有误"), ('town = "某乡"', "未知项 “town”")],
)
def test_a_broken_metadata_file_is_refused_with_its_name(tmp_path, content, fragment):
    path = tmp_path / "list.txt"
    sources.metadata_path(path).write_text(content)
    with pytest.raises(ParseError, match=fragment):
        sources.read_metadata(path)


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    Workbook().save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("content", [
    _xlsx(),
    b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj",
    _zip({"word/document.xml": b"<w:document/>"}),
    b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504,
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    b"\xff\xd8\xff\xe0\x00\x10JFIF",
], ids=["xlsx", "pdf", "docx", "ole2", "png", "jpeg"])
def test_a_document_is_kept_as_bytes_for_its_layout(content):
    source = sources.source_from_bytes(content, name="清单")
    assert not source.is_text and source.text is None
    assert source.content == content and source.sha256 == hashlib.sha256(content).hexdigest()


def test_a_text_file_past_the_text_limit_is_refused_though_documents_may_be_larger(monkeypatch):
    monkeypatch.setattr(sources, "MAX_TEXT_BYTES", 1000)
    with pytest.raises(ParseError) as raised:
        sources.source_from_bytes(TEXT.encode() * 100, name="long.txt")
    assert raised.value.issue.code == "too_large" and "long.txt" in str(raised.value)
    assert sources.source_from_bytes(b"%PDF-1.7\n" + b" " * 5000, name="big.pdf").content


def test_a_directory_is_no_list_file(tmp_path):
    with pytest.raises(ParseError) as raised:
        sources.read_source(tmp_path)
    assert raised.value.issue.code == "not_a_file"


def test_a_metadata_path_that_is_a_directory_is_refused_by_name(tmp_path):
    path = tmp_path / "list.txt"
    sources.metadata_path(path).mkdir()
    with pytest.raises(ParseError, match="list.meta.toml"):
        sources.read_metadata(path)


def test_a_bom_followed_by_gbk_bytes_is_an_encoding_error_not_a_crash():
    with pytest.raises(ParseError) as raised:
        sources.source_from_bytes(b"\xef\xbb\xbf" + TEXT.encode("gbk"), name="mixed.txt")
    assert raised.value.issue.code == "encoding"


def test_a_symlink_loop_is_refused_in_chinese_saying_so(tmp_path):
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    with pytest.raises(ParseError) as raised:
        sources.read_source(tmp_path / "a.txt")
    assert raised.value.issue.code == "unreadable"
    assert "符号链接形成循环" in str(raised.value) and "a.txt" in str(raised.value)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero here")
def test_a_device_is_no_list_file():
    with pytest.raises(ParseError) as raised:
        sources.read_source(Path("/dev/zero"))
    assert raised.value.issue.code == "not_a_file"


def test_an_unknown_system_error_is_said_by_its_number_not_in_english():
    assert sources.os_reason(OSError(5, "Input/output error")).startswith("读取时出现")
    assert sources.os_reason(OSError(122, "Disk quota exceeded")) == "系统错误（错误号 122）"
