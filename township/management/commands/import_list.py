"""`python manage.py import_list PATH …`: import published duty lists, all or nothing."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError, transaction

from importers import registry
from township.services.imports.loader import ImportRefused
from importers.progress import ProgressBar
from importers.records import ParseError
from township.services.imports.service import ImportOptions, import_files
from township.services.catalogue import CATALOGUE_HINT  # shared with the admin's upload

NOTHING_WRITTEN = "导入已中止，数据库未作任何改动。"
MISSING = "找不到文件：{paths}"


def _quiet_library_diagnostics(verbosity: int) -> None:
    """Keep what the importers log about a library's failure (in English) off the terminal.

    The user gets the Chinese refusal; -v 2 shows the diagnostics too, for whoever debugs.
    """
    if verbosity < 2:
        logging.getLogger("importers").setLevel(logging.ERROR)


class Command(BaseCommand):
    help = ("导入乡镇履职事项清单：PDF（带文字层）、Word（.docx）、Excel（.xlsx、.xls）、文本，或本门户导出的工作簿。"
            "自动识别版式与编码（UTF-8、GB18030/GBK）；"
            "全部文件在一个事务中导入，任何错误都不会改动数据库。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", type=Path, help="清单文件路径，可多个")
        parser.add_argument("--layout", choices=registry.layout_names(),
                            help="指定版式，不自动识别")
        parser.add_argument("--region", help="自治区/省（清单未写明时）")
        parser.add_argument("--prefecture", help="地区/自治州/地级市（清单未写明时）")
        parser.add_argument("--county", help="县/县级市/区（清单未写明时）")
        parser.add_argument("--township", help="乡/镇/街道（清单未写明时）")
        parser.add_argument("--published", help="发布月份 YYYY-MM（清单未写明时）")
        parser.add_argument("--dry-run", action="store_true", help="只打印报告，不写入数据库")
        parser.add_argument("--replace", action="store_true",
                            help="同一乡镇同一月份已有不同文件导入时，用本文件替换该版本")

    def run_from_argv(self, argv: list[str]) -> None:
        """Django's, but a refusal is printed as its Chinese message alone, not as "CommandError: …"."""
        if "--traceback" in argv:
            super().run_from_argv(argv)
            return
        try:
            # With --traceback Django raises the CommandError instead of printing it with its class name.
            super().run_from_argv([*argv, "--traceback"])
        except CommandError as error:
            self.stderr.write(str(error))
            sys.exit(error.returncode)

    def handle(self, *args, **options) -> None:
        paths: list[Path] = options["paths"]
        missing = [str(path) for path in paths if not path.exists() and not path.is_symlink()]
        if missing:
            raise CommandError(MISSING.format(paths="、".join(missing)))
        progress = ProgressBar(total=len(paths), stream=sys.stderr, enabled=len(paths) > 1)
        _quiet_library_diagnostics(options["verbosity"])
        try:
            with transaction.atomic():
                for report in import_files(paths, ImportOptions.from_command(options), progress=progress):
                    self.stdout.write("\n".join(report))
                if options["dry_run"]:
                    transaction.set_rollback(True)
        except (ParseError, ImportRefused, DatabaseError) as error:
            raise CommandError(f"{error}\n{NOTHING_WRITTEN}") from error
        finally:
            progress.close()
            logging.getLogger("importers").setLevel(logging.NOTSET)
        if not options["dry_run"]:
            self.stdout.write(CATALOGUE_HINT)
