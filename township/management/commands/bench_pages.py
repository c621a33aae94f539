"""`python manage.py bench_pages`: p50/p95, bytes and queries of every kind of page, ILIKE beside search."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from urllib.parse import unquote

from django.core.management.base import BaseCommand, CommandError
from township.models import Duty, Township
from township.services.page_bench import PageFigures, bench_pages

REPEAT = 20

HEADER = (f"{'页面':<22}{'p50(毫秒)':>11}{'p95(毫秒)':>11}{'字节':>11}{'查询':>6}{'状态':>6}"
          f"{'ILIKE p50':>11}{'倍数':>7}{'匹配':>9}  示例")
SCALE = "数据规模：{townships} 个乡镇，{items} 项事项；每种页面 {repeat} 次（另预热 {warmup} 次），ILIKE 扫描 {scans} 次。"
WRITTEN = "测量结果已写入 {path}"
REPEAT_POSITIVE = "--repeat 须为正整数。"


def _width(text: str, width: int) -> str:
    """Pad to a display width: a Chinese character takes two columns."""
    used = sum(2 if ord(char) > 0x2e7f else 1 for char in text)
    return text + " " * max(0, width - used)


def format_row(figures: dict) -> str:
    """One line of the table."""
    scan = (f"{figures['ilike_p50_ms']:>11.1f}{figures['speedup']:>7.1f}{figures['matches']:>9}"
            if "ilike_p50_ms" in figures else f"{'':>11}{'':>7}{'':>9}")
    status = ",".join(str(code) for code in figures["status"])
    return (f"{_width(figures['kind'], 22)}{figures['p50_ms']:>11.1f}{figures['p95_ms']:>11.1f}"
            f"{figures['bytes']:>11}{figures['queries']:>6}{status:>6}{scan}  {unquote(figures['example'])}")


class Command(BaseCommand):
    help = ("测量当前数据库上各类页面的响应时间（p50/p95）、字节数和查询数（进程内请求，含模板与中间件），"
            "搜索页旁并列不用索引的 ILIKE 全表扫描作基准。")

    def add_arguments(self, parser) -> None:
        # 20, not 10: of ten requests the p95 (nearest rank) is the slowest one, and on a 2-core
        # machine one stray process moves that by tens of milliseconds; of twenty it is the 19th.
        parser.add_argument("--repeat", type=int, default=REPEAT,
                            help=f"每种页面测量的次数（乡镇、事项页每次换一个样本），默认 {REPEAT}：只测 10 次时 p95 就是最慢的一次")
        parser.add_argument("--warmup", type=int, default=1, help="每种页面测量前不计时的请求次数")
        parser.add_argument("--scan-repeat", type=int, default=3,
                            help="每个搜索旁 ILIKE 全表扫描的次数（不超过 --repeat；百万项时每次要数秒）")
        parser.add_argument("--json", type=Path, help="把测量结果另存为 JSON 文件")

    def handle(self, *args, **options) -> None:
        if options["repeat"] < 1:
            raise CommandError(REPEAT_POSITIVE)
        self.stdout.write(SCALE.format(townships=Township.objects.count(), items=Duty.objects.count(),
                                       repeat=options["repeat"], warmup=options["warmup"],
                                       scans=min(options["repeat"], max(1, options["scan_repeat"]))))
        self.stdout.write(HEADER)
        # The static files are served plainly for the measurement; collectstatic's folder may be absent.
        warnings.filterwarnings("ignore", message="No directory at", module="django.core.handlers.base")
        try:
            results = bench_pages(repeat=options["repeat"], warmup=options["warmup"],
                                  scan_repeat=max(1, options["scan_repeat"]), progress=self._row)
        except LookupError as error:
            raise CommandError(str(error)) from error
        if options["json"]:
            options["json"].write_text(json.dumps([figures.as_dict() for figures in results], ensure_ascii=False,
                                                  indent=2), encoding="utf-8")
            self.stdout.write(WRITTEN.format(path=options["json"]))

    def _row(self, figures: PageFigures) -> None:
        self.stdout.write(format_row(figures.as_dict()))
        self.stdout.flush()
