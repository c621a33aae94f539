"""`python manage.py make_demo_data --townships N`: copies of the loaded lists under generated places."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from importers.progress import ProgressBar
from township.services.catalogue import CATALOGUE_HINT
from township.services.demo import BATCH_TOWNSHIPS, DemoDataRefused, demo_data_build, demo_data_remove

DEFAULT_SEED = 2025
NOTHING_TO_DO = "请用 --townships N 指定要生成的乡镇数，或用 --reset 删除已有的演示数据。"
REMOVED = "已删除演示数据：{townships} 个乡镇。"
BUILT = ("已生成演示数据：{townships} 个乡镇（{counties} 个县），{items} 项事项，复制自 {sources} 份已导入的清单，"
         "用时 {seconds:.0f} 秒。")
TOWNSHIPS_POSITIVE = "--townships 须为正整数。"
DATABASE_FAILED = "写入演示数据失败，数据库未作任何改动：{error}"


class Command(BaseCommand):
    help = ("生成演示数据：在生成的自治区/省、地区、县下建 N 个乡镇，每个乡镇复制一份已导入的清单（数据库中没有清单时"
            "先导入 fixtures/ 中的清单），用 COPY 批量写入，供规模测试（make bench）使用。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("--townships", type=int, help="要生成的乡镇数（约 270 项事项一个乡镇，3,700 个约 100 万项）")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="地名的随机种子；同一种子生成同样的地名")
        parser.add_argument("--reset", action="store_true", help="先删除已有的演示数据（只给 --reset 时只删除）")

    def handle(self, *args, **options) -> None:
        townships = options["townships"]
        if townships is None and not options["reset"]:
            raise CommandError(NOTHING_TO_DO)
        if townships is not None and townships < 1:
            raise CommandError(TOWNSHIPS_POSITIVE)
        if options["reset"]:
            self.stdout.write(REMOVED.format(townships=demo_data_remove()))
        if townships is not None:
            self._build(townships, options["seed"])

    def _build(self, townships: int, seed: int) -> None:
        progress = ProgressBar(total=-(-townships // BATCH_TOWNSHIPS), stream=sys.stderr)
        started = time.perf_counter()
        try:
            summary = demo_data_build(townships=townships, seed=seed,
                                      progress=lambda done, total: progress.advance(f"{done}/{total} 个乡镇"))
        except DemoDataRefused as error:
            raise CommandError(str(error)) from error
        except DatabaseError as error:
            raise CommandError(DATABASE_FAILED.format(error=error)) from error
        finally:
            progress.close()
        self.stdout.write(BUILT.format(townships=summary.townships, counties=summary.counties, items=summary.items,
                                       sources=summary.sources, seconds=time.perf_counter() - started))
        self.stdout.write(CATALOGUE_HINT)
