"""How import_list refuses: in Chinese only, naming the refused file, with no library's English."""

from __future__ import annotations

import io
import logging
import os
import subprocess
import sys
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from importers.layouts import sheet
from importers.sources import read_source
from township.management.commands.import_list import Command

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[4]
LIST_000 = ROOT / "fixtures" / "000_5d7574d3c5ca649c.txt"
LIST_002 = ROOT / "fixtures" / "002_fe4ab73d7f7b2358.txt"
WORKBOOK_004 = ROOT / "fixtures" / "documents" / "004_xiamale_by_part.xlsx"


def test_a_refusal_on_the_command_line_is_its_chinese_message_without_a_class_name(capsys):
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "import_list", "没有这个文件.txt"])
    assert exited.value.code == 1
    printed = capsys.readouterr().err
    assert "找不到文件：没有这个文件.txt" in printed
    assert "CommandError" not in printed and "Traceback" not in printed


def test_with_several_files_a_refusal_names_the_refused_file(tmp_path):
    call_command("import_list", str(LIST_002), stdout=io.StringIO())
    revised = tmp_path / "002_修订.txt"
    revised.write_text(LIST_002.read_text(encoding="utf-8").replace("推荐县级以上党代表工作", "推荐县级以上党代表的工作"),
                       encoding="utf-8")
    with pytest.raises(CommandError) as raised:
        call_command("import_list", str(LIST_000), str(revised), stdout=io.StringIO())
    assert str(raised.value).startswith("002_修订.txt：")
    assert "已由另一文件（002_fe4ab73d7f7b2358.txt）导入" in str(raised.value)


def test_a_file_name_that_is_not_utf8_is_named_readably(tmp_path):
    path = tmp_path / os.fsdecode(b"\xff\xfe\xe6\xb8\x85\xe5\x8d\x95.txt")  # bytes, then "清单"
    path.write_bytes(b"\x00" * 10)
    with pytest.raises(CommandError) as raised:
        call_command("import_list", str(path), stdout=io.StringIO())
    message = str(raised.value)
    message.encode("utf-8")  # no lone surrogates left to break a terminal or a log
    assert "清单.txt" in message and "二进制" in message


def test_a_missing_setting_is_its_message_without_a_traceback():
    environment = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    environment.update(DUTYLISTS_ENV="production", DATABASE_URL="postgres://nobody@localhost/none")
    finished = subprocess.run([sys.executable, "manage.py", "import_list", "清单.txt"], cwd=ROOT,
                              env=environment, capture_output=True, text=True, timeout=60)
    assert finished.returncode == 1
    assert "生产环境必须设置环境变量 DJANGO_SECRET_KEY" in finished.stderr
    assert "Traceback" not in finished.stderr and "ImproperlyConfigured" not in finished.stderr


def _workbook_openpyxl_warns_about() -> bytes:
    """The county workbook with a sheet entry of no part: openpyxl warns (in English) and drops it."""
    with zipfile.ZipFile(io.BytesIO(WORKBOOK_004.read_bytes())) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    members["xl/workbook.xml"] = members["xl/workbook.xml"].replace(
        b"</sheets>", b'<sheet name="stray" sheetId="99"/></sheets>', 1)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def test_openpyxls_english_warnings_go_to_the_log_not_to_the_user(tmp_path, caplog):
    path = tmp_path / "县里的表格.xlsx"
    path.write_bytes(_workbook_openpyxl_warns_about())
    with warnings.catch_warnings(record=True) as shown, caplog.at_level(logging.INFO, logger="importers"):
        warnings.simplefilter("always")
        reading = sheet.parse(read_source(path))
    assert reading.items.basic
    assert not shown
    assert "invalid specification" in caplog.text
