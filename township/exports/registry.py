"""The export formats: what each is called, its content type, file suffix and writers; one lookup.

The township downloads, the search downloads, `export_list` and the API all look a format up
here, so a new format is its writer's module and one entry in FORMATS: the URLs, the command's
--format choices and the API's choices follow from this table. A format writes a list version
(`write_list`), search results (`write_search`) or both.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import BinaryIO

from township.exports.json import duty_list_as_json_file
from township.exports.search import search_results_csv_body, search_results_xlsx_body
from township.exports.xlsx import duty_list_as_xlsx
from township.models import DutyList

UNKNOWN_FORMAT = "不支持的导出格式“{name}”：可用 {names}。"

ListWriter = Callable[[DutyList, BinaryIO], None]
# Search results → the response body: an open file, or the lines of a stream.
SearchWriter = Callable[..., BinaryIO | Iterable[str]]


@dataclass(frozen=True)
class ExportFormat:
    """One export format: its name (the --format value, the URL's suffix), content type and writers."""

    name: str
    label: str  # what the file is, in Chinese, for help texts and the API's description
    content_type: str
    suffix: str
    write_list: ListWriter | None = None  # a list version into a binary file
    write_search: SearchWriter | None = None  # search results (title=…) as a response body
    binary: bool = True  # False: UTF-8 text that may go to a terminal

    def list_file(self, duty_list: DutyList) -> BinaryIO:
        """The version written to a temporary file (not memory), rewound; it goes when closed."""
        spool = tempfile.TemporaryFile()
        self.write_list(duty_list, spool)
        spool.seek(0)
        return spool


class UnknownExportFormat(LookupError):
    """A format name that no entry of FORMATS has (the message lists those that there are)."""


FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("json", "JSON（与导入结果相同的结构）", "application/json", ".json",
                 write_list=duty_list_as_json_file, binary=False),
    ExportFormat("xlsx", "Excel 工作簿", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 ".xlsx", write_list=duty_list_as_xlsx, write_search=search_results_xlsx_body),
    ExportFormat("csv", "CSV（UTF-8）", "text/csv; charset=utf-8", ".csv", write_search=search_results_csv_body,
                 binary=False),
)


def list_formats() -> tuple[ExportFormat, ...]:
    """The formats a list version can be exported in."""
    return tuple(export for export in FORMATS if export.write_list)


def search_formats() -> tuple[ExportFormat, ...]:
    """The formats search results can be exported in."""
    return tuple(export for export in FORMATS if export.write_search)


def export_format(name: str, *, among: Iterable[ExportFormat] = FORMATS) -> ExportFormat:
    """The format called `name` (among those given, all by default); UnknownExportFormat otherwise."""
    formats = tuple(among)
    for export in formats:
        if export.name == name:
            return export
    names = "、".join(export.name for export in formats)
    raise UnknownExportFormat(UNKNOWN_FORMAT.format(name=name[:20], names=names))

