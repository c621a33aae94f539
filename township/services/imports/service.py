"""The import service shared by `import_list` and the admin upload: read, parse, load, report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction

from importers import registry
from importers.bounded import parse_bounded
from importers.layouts import scan
from importers.pipeline import Given, parse_source
from importers.progress import PageProgress, ProgressBar
from importers.records import ParsedList, ParseError, ParseIssue, Place
from importers.sources import (
    Source, metadata_path, place_from_values, read_metadata, read_source, source_from_bytes,
)
from township.services.changes import lists_changed
from township.services.imports.loader import LoadResult, dutylist_import
from township.services.imports.report import format_report

OUT_OF_SCOPE = "您负责的县（市、区）不包括{county}，不能导入该县的清单。"
SCAN_TOO_LONG = ("这是 {pages} 页的扫描件，逐页文字识别约需 {minutes} 分钟，超出网页上传的时限"
                 "（网页上只识别 {limit} 页以内的扫描件）。请在服务器上运行 python manage.py import_list {name}"
                 "（逐页显示进度），导入后即可在此查看和核对。")
SECONDS_PER_SCANNED_PAGE = 5  # measured in make bench on the 2-core machine


@dataclass(frozen=True)
class ImportOptions:
    """What the user asked for besides the files themselves."""

    layout: str | None = None
    place: Place = Place()
    published: str | None = None
    dry_run: bool = False
    replace: bool = False
    user: object = None
    via: str = "command"  # or "admin": recorded with the import

    def as_dict(self) -> dict:
        """The options as JSON-ready values (kept with an upload awaiting confirmation)."""
        return {"layout": self.layout, "place": vars(self.place), "published": self.published,
                "replace": self.replace}

    @classmethod
    def from_dict(cls, values: dict, **overrides) -> "ImportOptions":
        """The options `as_dict` gave, with `overrides` (user, via, dry_run) applied."""
        return cls(layout=values.get("layout"), place=Place(**values.get("place", {})),
                   published=values.get("published"), replace=values.get("replace", False), **overrides)

    @classmethod
    def from_command(cls, options: dict) -> "ImportOptions":
        """Build from `import_list`'s parsed options."""
        return cls(layout=options.get("layout"), place=place_from_values(options),
                   published=options.get("published"), dry_run=options.get("dry_run", False),
                   replace=options.get("replace", False))


def given_for(path: Path | None, options: ImportOptions) -> Given:
    """Command-line values over the metadata file beside the list."""
    metadata = read_metadata(path) if path is not None else {}
    from_file = place_from_values(metadata)
    place = Place(**{level: getattr(options.place, level) or getattr(from_file, level)
                     for level in ("region", "prefecture", "county", "township")})
    name = metadata_path(path).name if path is not None else "（无）"
    return Given(place=place, published=options.published or metadata.get("published"), metadata_name=name,
                 in_form=options.via == "admin")


def import_source(source: Source, options: ImportOptions, *, path: Path | None = None,
                  pages: Callable[[int, int], None] | None = None) -> tuple[ParsedList, list[ParseIssue], LoadResult]:
    """Parse and load one list file, text or workbook, and match its items into the catalogue (the caller owns the transaction).

    An upload is parsed in a child process bounded in time and memory (settings
    DUTYLISTS_UPLOAD_PARSE_SECONDS and DUTYLISTS_UPLOAD_PARSE_MEMORY_MB), so that no file holds a
    web worker past its timeout; the command line parses in-process, where the user can stop it.
    """
    given = given_for(path, options)
    if options.via == "admin":
        parsed, issues = parse_bounded(source, layout_name=options.layout, given=given,
                                       seconds=settings.DUTYLISTS_UPLOAD_PARSE_SECONDS,
                                       memory_bytes=settings.DUTYLISTS_UPLOAD_PARSE_MEMORY_MB * 2**20)
    else:
        parsed, issues = parse_source(source, layout_name=options.layout, given=given, progress=pages)
    result = dutylist_import(parsed=parsed, sha256=source.sha256, user=options.user,
                             replace=options.replace, via=options.via)
    lists_changed(township_ids=[result.duty_list.township_id])  # in the caller's transaction too
    return parsed, issues, result


def import_files(paths: Iterable[Path], options: ImportOptions, *,
                 progress: ProgressBar | None = None) -> Iterator[list[str]]:
    """Import each file in turn, yielding its report lines; errors propagate to the caller."""
    for path in paths:
        pages = PageProgress(stream=progress.stream, label=path.name) if progress is not None else None
        try:
            parsed, issues, result = import_source(read_source(path), options, path=path, pages=pages)
        finally:
            if pages is not None:
                pages.close()
        if progress is not None:
            progress.advance(path.name)
        yield format_report(parsed, issues, result, dry_run=options.dry_run)


class UploadRefused(Exception):
    """The uploaded list belongs to a county the user may not import into."""


@dataclass(frozen=True)
class UploadOutcome:
    """What importing (or previewing) an uploaded list did, for the admin to show."""

    parsed: ParsedList
    result: LoadResult
    report: list[str]


def import_upload(*, data: bytes, name: str, options: ImportOptions,
                  may_import_county: Callable[[int], bool]) -> UploadOutcome:
    """Import one uploaded file in its own transaction; with options.dry_run, roll it back.

    Raises ParseError, ImportRefused, UploadRefused or DatabaseError, leaving nothing written.
    """
    source = source_from_bytes(data, name=name)
    _refuse_long_scans(source, options)
    with transaction.atomic():
        parsed, issues, result = import_source(source, options)
        county = result.duty_list.township.county
        if not may_import_county(county.pk):
            raise UploadRefused(OUT_OF_SCOPE.format(county=county.name))
        report = format_report(parsed, issues, result, dry_run=options.dry_run)
        if options.dry_run:
            transaction.set_rollback(True)
    return UploadOutcome(parsed=parsed, result=result, report=report)


def _refuse_long_scans(source: Source, options: ImportOptions) -> None:
    """A scan longer than a web request can read is sent to the command line at once, not after a wait."""
    layout = registry.layout_named(options.layout) if options.layout else registry.detect_layout(source)
    if layout is not scan:
        return
    pages, limit = scan.page_count(source), settings.DUTYLISTS_UPLOAD_SCAN_PAGES
    if pages > limit:
        minutes = max(1, round(pages * SECONDS_PER_SCANNED_PAGE / 60))
        message = SCAN_TOO_LONG.format(pages=pages, minutes=minutes, limit=limit, name=source.name)
        raise ParseError(ParseIssue(source.name, None, "scan_too_long", message))
