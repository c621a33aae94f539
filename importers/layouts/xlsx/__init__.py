"""Layout for the portal's own .xlsx export, so an editor can correct a list in Excel and re-import it.

Unlike the text layouts it reads a workbook, not text: the pipeline hands it the file's bytes.
The sheets and cell grammar are defined in `format` and `cells`, which the exporter uses too.
"""

from __future__ import annotations

import logging

from importers.layouts.xlsx.format import META_SHEET, NOTES_SHEET, part_sheet_names
from importers.layouts.xlsx.items import listed_flags, part_items, with_flags
from importers.layouts.xlsx.messages import FOREIGN_WORKBOOK
from importers.layouts.xlsx.notes import check_format, read_preamble
from importers.layouts.xlsx.workbook import fail, open_workbook
from importers.layouts.archive import check_zip, member_names, read_member
from importers.layouts.quiet import warnings_to_log
from importers.records import PARTS, ParsedItems, Preamble, Reading

logger = logging.getLogger(__name__)

__all__ = ["NAME", "DESCRIPTION", "LABEL", "detect", "parse", "parse_workbook"]

NAME = "xlsx"
DESCRIPTION = "本门户导出的 Excel 工作簿（.xlsx）：三个清单部分各一个工作表，另有“说明”和“待核对”工作表"
LABEL = "本门户导出的 Excel 工作簿"
WORKBOOK_PART = "xl/workbook.xml"  # what makes a zip an Excel workbook (a .docx has word/…)


def _check_sheets(sheetnames: list[str], *, source: str) -> None:
    required = [META_SHEET, NOTES_SHEET, *part_sheet_names()]
    missing = [name for name in required if name not in sheetnames]
    if missing:
        raise fail(source, None, FOREIGN_WORKBOOK.format(missing="、".join(f"“{name}”" for name in missing)))


def parse_workbook(content: bytes, *, source: str) -> tuple[ParsedItems, Preamble]:
    """The items (with their flags) and the preamble a workbook holds."""
    workbook = open_workbook(content, source=source)
    try:
        _check_sheets(workbook.sheetnames, source=source)
        check_format(workbook, source=source)
        preamble = read_preamble(workbook, source=source)
        items = {part: part_items(workbook, part, source=source) for part in PARTS}
        items = with_flags(items, listed_flags(workbook, source=source), source=source)
    finally:
        workbook.close()  # read-only mode keeps the zip open until told
    return ParsedItems(**items), preamble


def detect(source) -> bool:
    """True for a workbook that names the portal's own hidden format sheet."""
    names = member_names(source.content)
    if names is None or WORKBOOK_PART not in names:
        return False
    workbook_xml = read_member(source.content, WORKBOOK_PART) or b""
    return f'name="{META_SHEET}"'.encode() in workbook_xml


def parse(source) -> Reading:
    """The items, flags and preamble of the portal's own workbook."""
    check_zip(source.content, source=source.name)
    with warnings_to_log(logger, source=source.name):
        items, preamble = parse_workbook(source.content, source=source.name)
    return Reading(items=items, preamble=preamble)
