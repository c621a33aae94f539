"""`python manage.py export_list TOWNSHIP --format json [-o FILE]`: write an imported list."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from township import selectors
from township.exports import duty_list_as_json

NO_TOWNSHIP = "找不到乡镇 “{name}”"
AMBIGUOUS = "有多个乡镇叫 “{name}”（{places}），请改用编号"
NO_VERSION = "乡镇 “{name}” 没有{month}的清单"


class Command(BaseCommand):
    help = "导出一个乡镇已导入的履职事项清单（JSON），可用于核对导入结果。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("township", help="乡镇名称或编号")
        parser.add_argument("--format", choices=["json"], default="json", help="导出格式")
        parser.add_argument("--published", help="导出指定月份（YYYY-MM）的版本；默认最新版本")
        parser.add_argument("-o", "--output", type=Path, help="写入该文件；默认输出到标准输出")

    def handle(self, *args, **options) -> None:
        duty_list = self._duty_list(options["township"], options["published"])
        text = json.dumps(duty_list_as_json(duty_list), ensure_ascii=False, indent=2)
        if options["output"]:
            options["output"].write_text(text + "\n", encoding="utf-8")
        else:
            self.stdout.write(text)

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
