"""`python manage.py check_tasks --township NAME FILE`: the admission check's verdicts as JSON lines."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from importers.records import ParseError
from importers.sources import decode
from township.models import Place, Township
from township.selectors.admission import CheckRefused, admission_check, county_townships
from township.selectors.common import township_label
from township.services.admission import MAX_NOTICE_BYTES, tasks_from_notice, tasks_from_text

STDIN = "-"
NO_PLACE = "请用 --township（可给多次）或 --county 指定要核查的乡镇。"
NO_TOWNSHIP = "找不到乡镇“{name}”：请写乡镇全称，重名时写成“县名乡镇名”（如“某某县某某镇”）。"
AMBIGUOUS_TOWNSHIP = "有 {count} 个乡镇名为“{name}”（{counties}）：请写成“县名乡镇名”。"
NO_COUNTY = "找不到县（市、区）“{name}”。"
AMBIGUOUS_COUNTY = "有 {count} 个县（市、区）名为“{name}”：请改用 --township 逐个指定乡镇。"
CANNOT_READ = "无法读取任务文件“{path}”：{reason}"
TOO_LARGE = "任务文件“{path}”过大（上限 {limit:,} 字节）。"


def _township(name: str) -> Township:
    """A township by its name or its full name with the county's ("某某县某某镇")."""
    found = list(Township.objects.select_related("county").annotate(label=township_label())
                 .filter(Q(name=name) | Q(label=name))[:6])
    if not found:
        raise CommandError(NO_TOWNSHIP.format(name=name))
    if len(found) > 1:
        counties = "、".join(township.county.name for township in found)
        raise CommandError(AMBIGUOUS_TOWNSHIP.format(count=len(found), name=name, counties=counties))
    return found[0]


def _county(name: str) -> list[Township]:
    counties = list(Place.objects.filter(name=name, level=Place.Level.COUNTY)[:3])
    if len(counties) != 1:
        raise CommandError((AMBIGUOUS_COUNTY if counties else NO_COUNTY).format(count=len(counties), name=name))
    return county_townships(counties[0])


def _tasks(path: str) -> list[str]:
    """Tasks of a text file (one a line, any encoding the importers read) or of a .docx/.xlsx notice."""
    try:
        content = sys.stdin.buffer.read(MAX_NOTICE_BYTES + 1) if path == STDIN else Path(path).read_bytes()
    except OSError as error:
        raise CommandError(CANNOT_READ.format(path=path, reason=error.strerror or error)) from None
    if len(content) > MAX_NOTICE_BYTES:
        raise CommandError(TOO_LARGE.format(path=path, limit=MAX_NOTICE_BYTES))
    if path.lower().endswith((".docx", ".xlsx")):
        return tasks_from_notice(Path(path).name, content)
    try:
        return tasks_from_text(decode(content, name=path)[0])
    except ParseError as error:
        raise CommandError(CANNOT_READ.format(path=path, reason=error.issue.message)) from None


class Command(BaseCommand):
    help = ("事项准入核查：对任务文件中的每项任务（文本文件每行一项，或 .docx/.xlsx 通知），按所给乡镇的最新清单"
            "输出一行 JSON：task、township、part（basic|coordinating|reclaimed|none）、seq、name、score。")

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="任务文件：文本（每行一项，UTF-8 或 GBK）、.docx 或 .xlsx；- 表示标准输入")
        parser.add_argument("--township", action="append", default=[],
                            help="乡镇名，重名时写“县名乡镇名”；可给多次")
        parser.add_argument("--county", help="县（市、区）名：核查该县全部已导入清单的乡镇")

    def handle(self, *args, **options) -> None:
        try:
            townships = (_county(options["county"]) if options["county"] else []) + [
                _township(name.strip()) for name in options["township"]]
            if not townships:
                raise CommandError(NO_PLACE)
            result = admission_check(tasks=_tasks(options["file"]), townships=townships)
        except CheckRefused as refusal:
            raise CommandError(str(refusal)) from None
        for row in result.rows:
            duty = row.duty
            self.stdout.write(json.dumps({
                "task": row.verdict.task, "township": str(row.township), "part": row.part,
                "seq": duty.seq if duty else None, "name": duty.name if duty else None, "score": row.verdict.score,
            }, ensure_ascii=False))
