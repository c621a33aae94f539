"""`python manage.py export_list TOWNSHIP [--format json|xlsx] [-o FILE]`: write an imported list.

The formats are the export registry's list formats (township/exports/registry.py).
"""

from __future__ import annotations

import errno
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from township.selectors import lists as selectors_lists, places as selectors_places
from township.exports.registry import ExportFormat, export_format, list_formats
from township.models import DutyList

NO_TOWNSHIP = "找不到乡镇 “{name}”"
AMBIGUOUS = "有多个乡镇叫 “{name}”（{places}），请改用编号"
NO_VERSION = "乡镇 “{name}” 没有{month}的清单"
NEEDS_OUTPUT = "{name} 是二进制格式，请用 -o 文件名{suffix} 指定输出文件（或 -o - 写到标准输出）"
XLSX_NEEDS_OUTPUT = NEEDS_OUTPUT.format(name="xlsx", suffix=".xlsx")
BAD_MONTH = "--published 应写作 YYYY-MM（如 2025-07），而不是 “{value}”"
CANNOT_WRITE = "无法写入文件 “{path}”：{reason}"
# Why a file could not be written, in the user's language (the OS says it in English).
WRITE_REFUSALS = (
    (FileNotFoundError, "所在文件夹不存在"),
    (IsADirectoryError, "这是一个文件夹"),
    (PermissionError, "没有写入权限"),
)
OTHER_WRITE_FAILURE = "系统错误 {code}"
STDOUT = "-"
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
MIN_YEAR = 1900  # year 0000 cannot be a date; no list predates the republic's counties


def _checked_month(published: str | None) -> str | None:
    """The --published value if it is a month (YYYY-MM, 1 to 12, a year a date can hold); CommandError otherwise."""
    match = _MONTH.match(published) if published is not None else None
    if published is not None and not (match and 1 <= int(match.group(2)) <= 12 and int(match.group(1)) >= MIN_YEAR):
        raise CommandError(BAD_MONTH.format(value=published))
    return published


def _write_file(output: str, write: Callable[[Path], None]) -> None:
    """Write to the file `output`; an OS refusal (missing folder, no permission…) names the file."""
    try:
        write(Path(output))
    except OSError as error:
        reason = next((text for kind, text in WRITE_REFUSALS if isinstance(error, kind)),
                      OTHER_WRITE_FAILURE.format(code=errno.errorcode.get(error.errno, error.errno)))
        raise CommandError(CANNOT_WRITE.format(path=output, reason=reason)) from error


def _text(duty_list: DutyList, export: ExportFormat) -> str:
    """A text format's whole file, as text."""
    with export.list_file(duty_list) as spool:
        return spool.read().decode("utf-8")


def _save(duty_list: DutyList, export: ExportFormat, path: Path) -> None:
    """Write the version to `path`: a text format as text, a binary one straight into the file."""
    if not export.binary:
        path.write_text(_text(duty_list, export), encoding="utf-8")
        return
    with path.open("wb") as target:  # opened first, so a bad path fails before any sheet is built
        export.write_list(duty_list, target)


class Command(BaseCommand):
    help = ("导出一个乡镇已导入的履职事项清单：JSON（核对导入结果），或 xlsx 工作簿"
            "（与公布的清单同样排版，可在 Excel 中修改后用 import_list 重新导入）。")

    def add_arguments(self, parser) -> None:
        formats = list_formats()
        parser.add_argument("township", help="乡镇名称或编号")
        parser.add_argument("--format", choices=[export.name for export in formats], default=formats[0].name,
                            help="导出格式：" + "；".join(f"{export.name}：{export.label}" for export in formats)
                                 + f"（默认 {formats[0].name}）")
        parser.add_argument("--published", help="导出指定月份（YYYY-MM）的版本；默认最新版本")
        text = "、".join(export.name for export in formats if not export.binary)
        binary = "、".join(export.name for export in formats if export.binary)
        parser.add_argument("-o", "--output",
                            help=f"写入该文件（- 为标准输出）；{text} 默认输出到标准输出，{binary} 必须指定")

    def handle(self, *args, **options) -> None:
        export = export_format(options["format"], among=list_formats())
        output, published = options["output"], _checked_month(options["published"])
        if export.binary and not output:
            raise CommandError(NEEDS_OUTPUT.format(name=export.name, suffix=export.suffix))
        duty_list = self._duty_list(options["township"], published)
        if output and output != STDOUT:
            _write_file(output, lambda path: _save(duty_list, export, path))
        else:
            self._write_stdout(duty_list, export)

    def _write_stdout(self, duty_list: DutyList, export: ExportFormat) -> None:
        """Text as text (through self.stdout); a binary file's bytes as they are."""
        if not export.binary:
            self.stdout.write(_text(duty_list, export), ending="")
            return
        with export.list_file(duty_list) as spool:  # a pipe cannot seek; a zip is built aside
            self.stdout.flush()
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.buffer.flush()

    def _duty_list(self, name: str, published: str | None) -> DutyList:
        townships = list(selectors_places.township_lookup(name_or_id=name))
        if not townships:
            raise CommandError(NO_TOWNSHIP.format(name=name))
        if len(townships) > 1:
            places = "、".join(str(township) for township in townships)
            raise CommandError(AMBIGUOUS.format(name=name, places=places))
        duty_list = selectors_lists.duty_list_for_export(township=townships[0], published=published)
        if duty_list is None:
            raise CommandError(NO_VERSION.format(name=name, month=published or "任何月份"))
        return duty_list
