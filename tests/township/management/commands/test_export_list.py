"""`export_list`: which version it writes, where, and the errors a user must fix, named in Chinese."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from township.management.commands.export_list import (
    BAD_MONTH, CANNOT_WRITE, NO_TOWNSHIP, NO_VERSION, WRITE_REFUSALS, XLSX_NEEDS_OUTPUT,
)

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[4] / "fixtures"
PART_SHEET_NAMES = ["基本履职事项", "配合履职事项", "上级部门收回事项"]
REASONS = dict(WRITE_REFUSALS)


@pytest.fixture
def list_002() -> None:
    call_command("import_list", str(FIXTURES / "002_fe4ab73d7f7b2358.txt"), stdout=io.StringIO())


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export_list", *args, stdout=out)
    return out.getvalue()


def test_xlsx_needs_an_output_file():
    with pytest.raises(CommandError) as refused:
        call_command("export_list", "先拜巴扎镇", "--format", "xlsx")
    assert str(refused.value) == XLSX_NEEDS_OUTPUT


def test_xlsx_can_go_to_standard_output_when_asked(list_002, capsysbinary):
    call_command("export_list", "先拜巴扎镇", "--format", "xlsx", "-o", "-")
    content = capsysbinary.readouterr().out
    assert content.startswith(b"PK\x03\x04")
    assert load_workbook(io.BytesIO(content)).sheetnames[:3] == PART_SHEET_NAMES


def test_an_unknown_township_is_named_in_the_error():
    with pytest.raises(CommandError) as refused:
        export("不存在镇")
    assert str(refused.value) == NO_TOWNSHIP.format(name="不存在镇")


def test_a_month_without_a_version_is_named(list_002):
    with pytest.raises(CommandError) as refused:
        export("先拜巴扎镇", "--published", "2024-07")
    assert str(refused.value) == NO_VERSION.format(name="先拜巴扎镇", month="2024-07")


@pytest.mark.parametrize("month", ["2025-7", "2025-07"])
def test_the_month_asked_for_is_exported(list_002, month):
    assert json.loads(export("先拜巴扎镇", "--published", month))["township"]["published"] == "2025-07"


@pytest.mark.parametrize("month", ["2025", "2025-ab", "2025-13", "2025-0", "2025-07-01", "25-07", "七月", "", "0000-07"])
def test_a_published_value_that_is_no_month_is_refused_before_any_lookup(list_002, month):
    with pytest.raises(CommandError) as refused:
        export("先拜巴扎镇", "--published", month)
    assert str(refused.value) == BAD_MONTH.format(value=month)


@pytest.mark.parametrize("file_format", ["json", "xlsx"])
def test_an_output_file_in_a_missing_folder_is_named(list_002, tmp_path, file_format):
    target = tmp_path / "没有这个文件夹" / f"清单.{file_format}"
    with pytest.raises(CommandError) as refused:
        export("先拜巴扎镇", "--format", file_format, "-o", str(target))
    assert str(refused.value) == CANNOT_WRITE.format(path=target, reason=REASONS[FileNotFoundError])


@pytest.mark.parametrize("file_format", ["json", "xlsx"])
def test_an_output_path_that_is_a_folder_is_named(list_002, tmp_path, file_format):
    with pytest.raises(CommandError) as refused:
        export("先拜巴扎镇", "--format", file_format, "-o", str(tmp_path))
    assert str(refused.value) == CANNOT_WRITE.format(path=tmp_path, reason=REASONS[IsADirectoryError])


def test_an_output_file_without_write_permission_is_named(list_002, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    # Tests may run as root, whom file modes do not stop; the refusal is the OS's all the same.
    monkeypatch.setattr(Path, "write_text", refuse)
    target = tmp_path / "清单.json"
    with pytest.raises(CommandError) as refused:
        export("先拜巴扎镇", "-o", str(target))
    assert str(refused.value) == CANNOT_WRITE.format(path=target, reason=REASONS[PermissionError])
