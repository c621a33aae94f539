"""`python manage.py bench_check`: how long the admission check of 200 tasks against 20 townships takes."""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from township.services.check_bench import bench_check

REPEAT_POSITIVE = "--repeat、--tasks 和 --townships 须为正整数。"
NO_LISTS = "数据库中没有任何清单：请先导入清单（make run 会导入 fixtures/ 中的清单）。"
RESULT = ("事项准入核查：{tasks} 项任务 × {townships} 个乡镇（以{county}为主{demo}），{rows} 行结果；"
          "中位数 {p50_s:.3f} 秒，最长 {max_s:.3f} 秒（共 {count} 次）。目标：2 秒以内。")
DEMO = "，另生成演示乡镇，测后撤销"
WRITTEN = "测量结果已写入 {path}"


class Command(BaseCommand):
    help = "测量事项准入核查的耗时：默认 200 项通知式任务对一个县 20 个乡镇的最新清单，数据库保持不变。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tasks", type=int, default=200, help="每次核查的任务数（默认 200）")
        parser.add_argument("--townships", type=int, default=20, help="核查的乡镇数（默认 20，不足时生成演示乡镇）")
        parser.add_argument("--repeat", type=int, default=5, help="测量次数（默认 5，另预热 1 次）")
        parser.add_argument("--json", type=Path, help="把测量结果另存为 JSON 文件")

    def handle(self, *args, **options) -> None:
        if min(options["repeat"], options["tasks"], options["townships"]) < 1:
            raise CommandError(REPEAT_POSITIVE)
        figures = bench_check(tasks=options["tasks"], townships=options["townships"], repeat=options["repeat"])
        if not figures.townships:
            raise CommandError(NO_LISTS)
        result = figures.as_dict()
        self.stdout.write(RESULT.format(**result, count=len(figures.seconds), demo=DEMO if figures.demo else ""))
        if options["json"]:
            options["json"].parent.mkdir(parents=True, exist_ok=True)
            options["json"].write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
            self.stdout.write(WRITTEN.format(path=options["json"]))
