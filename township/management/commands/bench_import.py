"""`python manage.py bench_import FILE …`: how long each document takes to import, and at what peak memory.

Each file is imported as `import_list --dry-run` in a process of its own, so its peak resident
memory is that import's alone (read from the child's rusage), and its wall time includes
everything a user waits for. The parse alone is also timed in this process, best of three, to
show how much of that time is reading the document.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from importers.pipeline import Given, parse_source
from importers.records import ParseError
from importers.sources import place_from_values, read_metadata, read_source

HEADER = (f"{'文件':<40} {'版式':<10} {'页':>4} {'事项':>5} {'解析(秒)':>9} {'导入(秒)':>9} {'每页(秒)':>9} "
          f"{'峰值内存(MB)':>13}")
ROW = "{name:<40} {layout:<10} {pages:>4} {items:>5} {parse:>9.2f} {total:>9.2f} {per_page:>9} {peak:>13.0f}"
PLACE_OPTIONS = ("county", "township", "published")
FAILED = "{name}：导入失败：{error}"


def _parse_seconds(path: Path, options: dict, repeat: int) -> tuple[float, str, int]:
    """Best of `repeat` parse times of one file, its layout and item count."""
    values = {**read_metadata(path), **{key: options[key] for key in PLACE_OPTIONS if options.get(key)}}
    given = Given(place=place_from_values(values), published=values.get("published"))
    best, parsed = float("inf"), None
    for _ in range(repeat):
        started = time.perf_counter()
        parsed, _issues = parse_source(read_source(path), given=given)
        best = min(best, time.perf_counter() - started)
    items = sum(len(getattr(parsed.items, part)) for part in ("basic", "coordinating", "reclaimed"))
    return best, parsed.layout, items


def _pages(path: Path) -> int | None:
    if path.suffix.lower() != ".pdf":
        return None
    import pypdfium2

    document = pypdfium2.PdfDocument(str(path))
    try:
        return len(document)
    finally:
        document.close()


def _import_in_child(path: Path, options: dict) -> tuple[float, float, str]:
    """Wall seconds and peak RSS (MB) of `import_list --dry-run path` in its own process."""
    place = [argument for key in PLACE_OPTIONS if options.get(key) for argument in (f"--{key}", options[key])]
    command = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), "import_list", "--dry-run", *place,
               str(path)]
    started = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - started
    error = child.stderr.read().decode(errors="replace").strip() if status else ""
    child.stderr.close()
    return seconds, usage.ru_maxrss / 1024, error  # ru_maxrss is in KB on Linux


class Command(BaseCommand):
    """Time and measure the import of each given document."""

    help = "测量每份清单文件的导入用时（解析与完整试导入）和峰值内存，供 make bench 使用。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="要测量的清单文件（PDF、Word、Excel、文本、扫描件）")
        parser.add_argument("--repeat", type=int, default=3, help="解析计时重复次数，取最快一次（扫描件可设为 1）")
        for key in PLACE_OPTIONS:
            parser.add_argument(f"--{key}", help="清单未写明时的地名或发布月份，同 import_list")

    def handle(self, *args, **options) -> None:
        self.stdout.write(HEADER)
        for path in options["paths"]:
            try:
                parse, layout, items = _parse_seconds(path, options, max(1, options["repeat"]))
            except ParseError as error:
                raise CommandError(FAILED.format(name=path.name, error=error)) from error
            total, peak, error = _import_in_child(path, options)
            if error:
                raise CommandError(FAILED.format(name=path.name, error=error))
            pages = _pages(path)
            per_page = f"{total / pages:.2f}" if pages else "-"
            self.stdout.write(ROW.format(name=path.name[:40], layout=layout, pages=pages or "-", items=items,
                                         parse=parse, total=total, per_page=per_page, peak=peak))
