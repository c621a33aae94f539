"""Writes of the admission check: tasks read from a pasted text or a department's notice, a check stored.

A notice is read with the importers' own readers (importers/sources.py decodes text in UTF-8 or
GB18030, the Word and spreadsheet layouts turn a file into paragraphs and table rows), then
each paragraph's sentences and each table row's longest cell become tasks; the notice's title,
salutation, signature and dates are not tasks and are left out.
"""

from __future__ import annotations

import re
import unicodedata

from django.db import transaction

from importers.layouts.docx import read_docx
from importers.layouts.docx.container import is_word_file
from importers.layouts.sheet.container import XLSX, workbook_kind
from importers.layouts.sheet.openxml import xlsx_grids
from importers.records import ParseError
from importers.sources import decode
from importers.tables.model import Paragraph
from township.models import AdmissionCheck, Township
from township.selectors.admission import CheckRefused, check_tasks_bounded

MAX_NOTICE_BYTES = 5 * 1024 * 1024  # a notice is a few pages; the lists' own limit is 30 MB
NOTICE_SUFFIXES = (".txt", ".docx", ".xlsx")
NOTICE_TOO_LARGE = "通知文件“{name}”过大（{size:,} 字节，上限 {limit:,} 字节）：请只上传通知本身。"
NOTICE_EMPTY = "通知文件“{name}”是空的。"
NOTICE_KIND = "通知文件“{name}”的格式不能读取：可上传文本（.txt）、Word（.docx）或 Excel（.xlsx）文件。"
NOTICE_UNREADABLE = "通知文件“{name}”无法读取：{reason}"
NOTICE_NO_TASKS = "通知文件“{name}”中没有找到任务：每项任务应为一段文字或表格的一行。"

# What a notice says around its tasks: its title, whom it is sent to, attachments, signature, date.
# A signature is an office's name alone: "某县民政局", not "请各乡镇配合县人社局".
_NOT_A_TASK = re.compile(
    r"^(?:关于.*的通知|.*通知$|各(?:乡镇|乡|镇|街道|有关单位|相关单位|单位).*[:：]$|附件|联系人|联系电话|"
    r"序号|任务内容|工作任务|责任单位|完成时限|主送|抄送|印发|特此通知|此复|"
    r"(?!.*(?:请|做好|开展|配合|协助|负责|落实|推进|完成|加强))[^，。、]{2,30}(?:局|委员会|委|办公室|人民政府|中心)$|"
    r"\d{4}年\d{1,2}月\d{1,2}日$)"
)
_SENTENCE_END = re.compile(r"(?<=[。！!])")
_CJK = re.compile(r"[\u4e00-\u9fff]")
MIN_TASK_CHARACTERS = 4  # fewer Chinese characters than this is a heading or a number, not a task


def tasks_from_text(text: str) -> list[str]:
    """Tasks of a pasted text: one a line, a line of several sentences split, a notice's title or signature left out.

    Unlike a notice's paragraphs, a short line stays a task: someone typed "禁毒" on purpose.
    """
    return [sentence for line in text.splitlines() for sentence in _sentences(line) if not _framing(sentence)]


def _plain(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


def _framing(text: str) -> bool:
    """Whether a line is the notice's own: its title, salutation, signature, date or a table header."""
    return bool(_NOT_A_TASK.match(_plain(text)))


def _looks_like_task(text: str) -> bool:
    return len(_CJK.findall(_plain(text))) >= MIN_TASK_CHARACTERS and not _framing(text)


def _sentences(paragraph: str) -> list[str]:
    return [sentence.strip() for sentence in _SENTENCE_END.split(paragraph) if sentence.strip()]


def _row_task(cells: tuple[str | None, ...]) -> str:
    """A table row's task: its longest cell (the others are a number, a department, a date)."""
    texts = [cell for cell in cells if cell]
    return max(texts, key=len) if texts else ""


def _document_lines(name: str, content: bytes) -> list[str]:
    """The paragraphs and row tasks of a .docx or .xlsx, or the lines of a text file."""
    suffix = name.lower().rsplit(".", 1)[-1] if "." in name else ""
    if suffix == "docx" and is_word_file(content):
        blocks = read_docx(content, source=name).blocks
        return [block.text if isinstance(block, Paragraph) else _row_task(block.cells) for block in blocks]
    if suffix == "xlsx" and workbook_kind(content) == XLSX:
        return [_row_task(row) for grid in xlsx_grids(content, source=name) for row in grid.rows]
    if suffix == "txt":
        return decode(content, name=name)[0].splitlines()
    raise CheckRefused(NOTICE_KIND.format(name=name))


def tasks_from_notice(name: str, content: bytes) -> list[str]:
    """The tasks of an uploaded notice, sentence by sentence; CheckRefused for what cannot be read."""
    name = name[-120:]
    if len(content) > MAX_NOTICE_BYTES:
        raise CheckRefused(NOTICE_TOO_LARGE.format(name=name, size=len(content), limit=MAX_NOTICE_BYTES))
    if not content.strip():
        raise CheckRefused(NOTICE_EMPTY.format(name=name))
    try:
        lines = _document_lines(name, content)
    except ParseError as error:
        raise CheckRefused(NOTICE_UNREADABLE.format(name=name, reason=error.issue.message)) from None
    tasks = [sentence for line in lines for sentence in _sentences(line) if _looks_like_task(sentence)]
    if not tasks:
        raise CheckRefused(NOTICE_NO_TASKS.format(name=name))
    return tasks


@transaction.atomic
def admission_check_create(*, tasks: list[str], townships: list[Township], scope: str,
                           source_name: str = "") -> AdmissionCheck:
    """Store a check (tasks bounded as the selector bounds them) under a new random address."""
    check = AdmissionCheck.objects.create(tasks=check_tasks_bounded(tasks), scope=scope[:255],
                                          source_name=source_name[:255])
    check.townships.set(townships)
    return check
