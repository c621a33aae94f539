"""The import service shared by `import_list` and the admin upload: read, parse, load, report."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from importers.loader import LoadResult, dutylist_import
from importers.pipeline import Given, parse_source
from importers.progress import ProgressBar
from importers.records import ParsedList, ParseIssue, Place
from importers.report import format_report
from importers.sources import Source, metadata_path, place_from_values, read_metadata, read_source


@dataclass(frozen=True)
class ImportOptions:
    """What the user asked for besides the files themselves."""

    layout: str | None = None
    place: Place = Place()
    published: str | None = None
    dry_run: bool = False
    replace: bool = False
    user: object = None

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
    return Given(place=place, published=options.published or metadata.get("published"), metadata_name=name)


def import_source(source: Source, options: ImportOptions, *,
                  path: Path | None = None) -> tuple[ParsedList, list[ParseIssue], LoadResult]:
    """Parse and load one list file, text or workbook (the caller owns the transaction)."""
    parsed, issues = parse_source(source, layout_name=options.layout, given=given_for(path, options))
    result = dutylist_import(parsed=parsed, sha256=source.sha256, user=options.user,
                             replace=options.replace)
    return parsed, issues, result


def import_files(paths: Iterable[Path], options: ImportOptions, *,
                 progress: ProgressBar | None = None) -> Iterator[list[str]]:
    """Import each file in turn, yielding its report lines; errors propagate to the caller."""
    for path in paths:
        parsed, issues, result = import_source(read_source(path), options, path=path)
        if progress is not None:
            progress.advance(path.name)
        yield format_report(parsed, issues, result, dry_run=options.dry_run)
