"""From a decoded file to a checked ParsedList: layout, items, preamble, place, review."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, replace

from importers import registry
from importers.layouts import archive
from importers.numbers import NumberTooLong
from importers.records import (
    PARTS, PART_TITLES, ParsedItems, ParsedList, ParseError, ParseIssue, Place,
)
from importers.review import review_items
from importers.sources import Source

UNKNOWN_LAYOUT = "无法识别清单版式；已知的文本版式：{known}。可用 --layout 指定版式"
UNKNOWN_DOCUMENT = "无法识别的文件：不是 PDF、Word（.docx）或 Excel（.xlsx、.xls）清单文件"
NO_SUCH_LAYOUT = "没有名为 “{name}” 的版式；已知版式：{known}"
MISSING_PLACE = "清单中没有写明{what}，且{how}；导入不会自行推测"
NOT_GIVEN_ON_COMMAND_LINE = "未通过 --{option} 或元数据文件 {meta} 提供"
NOT_GIVEN_IN_FORM = "上传时也没有填写“{label}”"
TEXT_LAYOUT_FOR_DOCUMENT = "{name} 不是文本文件，不能按文本版式 --layout {layout} 导入"
DOCUMENT_LAYOUT_FOR_TEXT = "{name} 是文本文件，不能按 --layout {layout}（{label}）导入"
WRONG_DOCUMENT_LAYOUT = "{name} 不是 --layout {layout}（{label}）能读的文件"
# The same four for the admin's upload form, which has a 版式 choice where the command has --layout.
UNKNOWN_LAYOUT_IN_FORM = ("无法识别清单版式：请在上传表单的“版式”中选择这份文本清单的版式（{known}），"
                          "或上传 PDF、Word、Excel 原件")
TEXT_LAYOUT_FOR_DOCUMENT_IN_FORM = "{name} 不是文本文件，不能按“{label}”导入：请把“版式”改为“自动识别”"
DOCUMENT_LAYOUT_FOR_TEXT_IN_FORM = "{name} 是文本文件，不能按“{label}”导入：请把“版式”改为“自动识别”或一种文本版式"
WRONG_DOCUMENT_LAYOUT_IN_FORM = "{name} 不是“{label}”能读的文件：请把“版式”改为“自动识别”"
BAD_MONTH = "发布月份 “{value}” 格式不对，应为 YYYY-MM，例如 2025-07"
DUPLICATE_SEQ = "{part}序号 {seq} 重复出现（第 {lines} 行）"

_REQUIRED = (("township", "乡镇（街道）名称", "township", "乡镇（街道）"),
             ("county", "县（市、区）名称", "county", "县（市、区）"))
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


@dataclass(frozen=True)
class Given:
    """What the user supplied besides the file: command-line options over the metadata file."""

    place: Place = Place()
    published: str | None = None
    metadata_name: str = "（无）"
    in_form: bool = False  # supplied through the admin's upload form rather than the command line

    def missing(self, *, what: str, option: str, label: str) -> str:
        """The message for a place or month that neither the list nor the user gave."""
        how = (NOT_GIVEN_IN_FORM.format(label=label) if self.in_form
               else NOT_GIVEN_ON_COMMAND_LINE.format(option=option, meta=self.metadata_name))
        return MISSING_PLACE.format(what=what, how=how)


def _refuse(source: Source, message: str) -> ParseError:
    return ParseError(ParseIssue(source.name, None, "layout", message))


def _named_layout(source: Source, layout_name: str, *, in_form: bool):
    """The layout the user named, when it can read this kind of file."""
    layout = registry.layout_named(layout_name)
    if layout is None:
        known = "、".join(registry.layout_names())
        raise _refuse(source, NO_SUCH_LAYOUT.format(name=layout_name, known=known))
    reads_text = getattr(layout, "READS_TEXT", False)
    if reads_text and not source.is_text:
        message = TEXT_LAYOUT_FOR_DOCUMENT_IN_FORM if in_form else TEXT_LAYOUT_FOR_DOCUMENT
    elif not reads_text and source.is_text:
        message = DOCUMENT_LAYOUT_FOR_TEXT_IN_FORM if in_form else DOCUMENT_LAYOUT_FOR_TEXT
    elif not reads_text and not layout.detect(source):
        message = WRONG_DOCUMENT_LAYOUT_IN_FORM if in_form else WRONG_DOCUMENT_LAYOUT
    else:
        return layout
    raise _refuse(source, message.format(name=source.name, layout=layout_name, label=layout.LABEL))


def choose_layout(source: Source, *, layout_name: str | None, in_form: bool = False):
    """The layout module to parse with: the one named, or the one detected.

    `in_form`: the user chose in the admin's upload form, so a refusal says what to choose there.
    """
    if layout_name:
        return _named_layout(source, layout_name, in_form=in_form)
    layout = registry.detect_layout(source)
    if layout is not None:
        return layout
    if not source.is_text:
        if source.content.startswith(archive.ZIP_SIGNATURE):
            archive.check_zip(source.content, source=source.name)  # a damaged zip says so, not "unknown"
        raise _refuse(source, UNKNOWN_DOCUMENT)
    text_layouts = [layout for layout in registry.LAYOUTS if getattr(layout, "READS_TEXT", False)]
    if in_form:
        known = "、".join(f"“{layout.LABEL}”" for layout in text_layouts)
        raise _refuse(source, UNKNOWN_LAYOUT_IN_FORM.format(known=known))
    raise _refuse(source, UNKNOWN_LAYOUT.format(known="、".join(layout.NAME for layout in text_layouts)))


def _merged_place(document: Place, item_place: Place, given: Place) -> Place:
    """Given values win over the document's title, which wins over the part titles."""
    levels = ("region", "prefecture", "county", "township")
    return Place(**{
        level: getattr(given, level) or getattr(document, level) or getattr(item_place, level)
        for level in levels
    })


def _check_place(place: Place, published: str | None, *, source: str, given: Given) -> str:
    for attribute, what, option, label in _REQUIRED:
        if not getattr(place, attribute):
            message = given.missing(what=what, option=option, label=label)
            raise ParseError(ParseIssue(source, None, "place_missing", message))
    if not published:
        message = given.missing(what="发布月份", option="published", label="发布月份")
        raise ParseError(ParseIssue(source, None, "published_missing", message))
    match = _MONTH.match(published)
    if not match or not 1 <= int(match.group(2)) <= 12 or not 1900 <= int(match.group(1)) <= 2999:
        raise ParseError(ParseIssue(source, None, "published_invalid", BAD_MONTH.format(value=published)))
    return f"{match.group(1)}-{int(match.group(2)):02d}"


def _refuse_duplicate_seqs(items: ParsedItems, *, source: str) -> None:
    for part in PARTS:
        rows = getattr(items, part)
        for seq, times in Counter(item.seq for item in rows).items():
            if times > 1:
                lines = "、".join(item.where or str(item.line) for item in rows if item.seq == seq)
                message = DUPLICATE_SEQ.format(part=PART_TITLES[part], seq=seq, lines=lines)
                line = next(item.line for item in rows if item.seq == seq)
                raise ParseError(ParseIssue(source, line, "sequence_duplicate", message))


def _read(layout, source: Source, *, progress):
    """What the layout reads; a number too long to be real is refused with the file's name."""
    paged = progress is not None and getattr(layout, "REPORTS_PAGES", False)
    try:
        return layout.parse(source, progress=progress) if paged else layout.parse(source)
    except NumberTooLong as error:
        raise ParseError(ParseIssue(source.name, error.line, "number_too_long", str(error))) from None


def parse_source(source: Source, *, layout_name: str | None = None, given: Given = Given(),
                 progress: Callable[[int, int], None] | None = None) -> tuple[ParsedList, list[ParseIssue]]:
    """Parse and check one list file; raises ParseError for anything the user must fix.

    `progress(page, pages)` is called after each page by layouts that read page by page (scans).
    """
    layout = choose_layout(source, layout_name=layout_name, in_form=given.in_form)
    read = _read(layout, source, progress=progress)
    place = _merged_place(read.preamble.place, read.items.place, given.place)
    published = _check_place(place, given.published or read.preamble.published,
                             source=source.name, given=given)
    preamble = replace(read.preamble, place=place, published=published)
    _refuse_duplicate_seqs(read.items, source=source.name)
    items, issues = review_items(read.items, preamble=preamble, source=source.name)
    parsed = ParsedList(layout=layout.NAME, source=source.name, preamble=preamble, items=items)
    return parsed, list(read.remarks) + list(items.issues) + list(issues)
