"""`python manage.py build_catalogue`: regroup every township's latest items into the catalogue, for the first build and after the matching rules change."""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from importers.progress import ProgressBar
from township.models import Duty
from township.services import CatalogueSummary, catalogue_rebuild

NOTHING_TO_BUILD = "还没有导入任何清单，事项目录无从生成。"
DATABASE_FAILED = "生成事项目录时数据库出错，原有目录保持不变：{error}"
BUILT = ("事项目录已重新生成：{townships} 个乡镇最新清单的 {linked} 项事项归为 {entries} 条目录"
         "（{per_kind}），用时 {seconds:.2f} 秒。")
UNNAMED = "另有 {count} 项事项原文缺少名称，未归入目录。"
KEPT_CURRENT = ("此后每次导入清单、在管理后台修改或删除事项，都会在同一事务中更新事项目录，无需再运行本命令；"
                "只有修改了事项匹配规则（township/matching）之后，才需要再次整体重建。")


class Command(BaseCommand):
    """Rebuild the catalogue from every township's latest list, with a progress bar and a report."""

    help = ("按事项名称的相似度，把各乡镇最新清单中相同的事项归为事项目录条目，"
            "用于乡镇页面的“少见”标记和“本县多数乡镇有、本乡镇缺少的事项”。"
            "整体重建，在一个事务中完成。首次生成目录后，导入和修改清单会随之更新目录；"
            "只有修改了匹配规则之后才需要重新运行。")

    def handle(self, *args, **options) -> None:
        """Rebuild the catalogue in one transaction; a database error leaves the previous one whole."""
        if not Duty.objects.exists():
            raise CommandError(NOTHING_TO_BUILD)
        # One step per part, and one for the writes.
        progress = ProgressBar(total=len(Duty.Kind.values) + 1, stream=sys.stderr)
        started = time.perf_counter()
        try:
            summary = catalogue_rebuild(progress=progress.advance)
        except DatabaseError as error:
            raise CommandError(DATABASE_FAILED.format(error=error)) from error
        finally:
            progress.close()
        self.stdout.write(report(summary, seconds=time.perf_counter() - started))


def report(summary: CatalogueSummary, *, seconds: float) -> str:
    """What the command prints once the catalogue is rebuilt."""
    labels = dict(Duty.Kind.choices)
    per_kind = "，".join(f"{labels[kind]} {count} 条" for kind, count in sorted(summary.entries_per_kind.items()))
    lines = [BUILT.format(townships=summary.townships, linked=summary.linked, entries=summary.entries,
                          per_kind=per_kind, seconds=seconds)]
    if summary.items > summary.linked:
        lines.append(UNNAMED.format(count=summary.items - summary.linked))
    lines.append(KEPT_CURRENT)
    return "\n".join(lines)
