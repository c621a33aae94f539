"""`python manage.py refresh_summaries`: recompute the statistics summaries of every township from scratch."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from township.models import TownshipSummary
from township.services import summaries_rebuild

DATABASE_FAILED = "重新汇总统计数据时数据库出错，原有汇总保持不变：{error}"
REFRESHED = "统计汇总已重新生成：{townships} 个乡镇（街道）的最新清单，用时 {seconds:.2f} 秒。"


class Command(BaseCommand):
    """Rebuild every statistics summary in one transaction and say how long it took."""

    help = ("按各乡镇（街道）最新清单重新汇总统计页面所用的数据（各部分、各类别、各部门的事项数），"
            "在一个事务中整体重建。导入清单、在管理后台修改或删除事项、合并部门时会自动更新，"
            "平时无需运行；用于直接改动数据库之后，或核对汇总。")

    def handle(self, *args, **options) -> None:
        """Rebuild the summaries; a database error leaves the previous ones whole."""
        started = time.perf_counter()
        try:
            summaries_rebuild()
        except DatabaseError as error:
            raise CommandError(DATABASE_FAILED.format(error=error)) from error
        self.stdout.write(REFRESHED.format(townships=TownshipSummary.objects.count(),
                                           seconds=time.perf_counter() - started))
