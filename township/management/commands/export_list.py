"""`python manage.py export_list TOWNSHIP [--format json|xlsx] [-o FILE]`: write an imported list."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from township import selectors
from township.exports import duty_list_as_json, duty_list_as_xlsx

NO_TOWNSHIP = "找不到乡镇 “{name}”"
AMBIGUOUS = "有多个乡镇叫 “{name}”（{places}），请改用编号"
NO_VERSION = "乡镇 “{name}” 没有{month}的清单"
XLSX_NEEDS_OUTPUT = "xlsx 是二进制格式，请用 -o 文件名.xlsx 指定输出文件（或 -o - 写到标准输出）"
STDOUT = "-"


class Command(BaseCommand):
    help = ("导出一个乡镇已导入的履职事项清单：JSON（核对导入结果），或 xlsx 工作簿"
            "（与公布的清单同样排版，可在 Excel 中修改后用 import_list 重新导入）。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("township", help="乡镇名称或编号")
        parser.add_argument("--format", choices=["json", "xlsx"], default="json",
                            help="导出格式：json（默认）或 xlsx")
        parser.add_argument("--published", help="导出指定月份（YYYY-MM）的版本；默认最新版本")
        parser.add_argument("-o", "--output", help="写入该文件（- 为标准输出）；json 默认输出到标准输出，xlsx 必须指定")

    def handle(self, *args, **options) -> None:
        output = options["output"]
        if options["format"] == "xlsx" and not output:
            raise CommandError(XLSX_NEEDS_OUTPUT)
        duty_list = self._duty_list(options["township"], options["published"])
        if options["format"] == "xlsx":
            self._write_xlsx(duty_list, output)
            return
        text = json.dumps(duty_list_as_json(duty_list), ensure_ascii=False, indent=2)
        if output and output != STDOUT:
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)

    def _write_xlsx(self, duty_list, output: str) -> None:
        if output != STDOUT:
            duty_list_as_xlsx(duty_list, Path(output))
            return
        with tempfile.TemporaryFile() as spool:  # a pipe cannot seek; the zip is built aside
            duty_list_as_xlsx(duty_list, spool)
            spool.seek(0)
            self.stdout.flush()
            shutil.copyfileobj(spool, sys.stdout.buffer)
            sys.stdout.buffer.flush()

    def _duty_list(self, name: str, published: str | None):
        townships = list(selectors.township_lookup(name_or_id=name))
        if not townships:
            raise CommandError(NO_TOWNSHIP.format(name=name))
        if len(townships) > 1:
            places = "、".join(str(township) for township in townships)
            raise CommandError(AMBIGUOUS.format(name=name, places=places))
        duty_list = selectors.duty_list_for_export(township=townships[0], published=published)
        if duty_list is None:
            raise CommandError(NO_VERSION.format(name=name, month=published or "任何月份"))
        return duty_list
