"""Demo data at national scale: copies of the loaded lists under generated places, written with COPY.

`demo_data_build` gives each of N generated townships a copy of one loaded list (round robin)
with everything an import writes: the version and its profile, the items with their search
documents, department links, responsibility blocks and steps, taken-back methods, review flags,
the county's departments and their aliases, and an import record. Ids are reserved from each
table's sequence up front, so every table is written with one COPY per batch of townships and
no round trip per row; it all happens in one transaction. COPY bypasses the ORM, so places,
townships and departments are written with their pinyin sort keys here (township/pinyin.py).

The search document is copied as it is: it is made of the item's name, category, department
names and texts (township/services/search_documents.py), none of which names the place, and
a copy keeps its source's department names.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from contextlib import contextmanager
from typing import Callable, Iterable, Iterator

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import connection, transaction
from django.db.models import Model, TextField
from django.db.models.functions import Cast
from django.utils import timezone

from township.models import (
    AdmissionCheck, CatalogueLink, CountyDepartmentSummary, Department, DepartmentAlias, Duty, DutyDepartment,
    DutyList, DutyRevision, EditorProfile, ImportRecord, Place, ReclaimedMethod, ResponsibilityBlock, ReviewFlag, Step,
    Township, TownshipProfile,
)
from township.pinyin import pinyin_key
from township.services.demo_places import DemoPlace, demo_counties, demo_geography
from township.services.summaries import SUMMARY_PLACE_MODELS, SUMMARY_TOWNSHIP_MODELS, summaries_rebuild
from township.services.page_cache import page_cache_invalidate

DEMO_LAYOUT = "demo"  # the layout of every demo version: how demo data is told from imported lists
DEMO_SOURCE_NAME = "演示数据（复制自 {source}）"
DEMO_SUMMARY = "演示数据：{items} 项，复制自 {source}"
ALREADY_BUILT = "数据库中已有演示数据（{townships} 个乡镇）；如要重新生成，请加 --reset 先删除。"
NO_SOURCE = "数据库中没有可复制的清单，fixtures/ 中也没有清单文件。"
BATCH_TOWNSHIPS = 100  # townships per COPY of each table: a few tens of MB of rows at most
FIXTURES_DIR = Path(settings.BASE_DIR) / "fixtures"
INDEX_BUILD_MEMORY = "256MB"  # for building the search index again in one pass


class DemoDataRefused(Exception):
    """Demo data is already loaded (remove it first with --reset), or there is no list to copy."""


@dataclass(frozen=True)
class CopiedTable:
    """A table whose rows are copied from a source list into each demo township.

    `parents` maps a foreign key column to the model of the row it points to in the same
    copy; `departments` are foreign keys to the county's departments; `fixed` columns take
    the same value in every copy (cleared corrections, the demo marker), or one computed from
    the source version.
    """

    model: type[Model]
    to_list: str
    parents: dict[str, type[Model]]
    departments: tuple[str, ...] = ()
    fixed: dict[str, object] = field(default_factory=dict)


def _demo_source_name(source: DutyList) -> str:
    return DEMO_SOURCE_NAME.format(source=source.source_name)[:255]


def _demo_sha256(source: DutyList) -> str:
    """Not the source's checksum: re-importing the source file must not take a copy for itself."""
    return hashlib.sha256(f"demo:{source.source_sha256}".encode()).hexdigest()


def _copied_tables(now: datetime.datetime) -> tuple[CopiedTable, ...]:
    """The copied tables in dependency order, each after the tables its rows point to."""
    return (
        CopiedTable(DutyList, "pk", {"township_id": Township}, fixed={
            "layout": DEMO_LAYOUT, "imported_at": now, "imported_by_id": None,
            "source_name": _demo_source_name, "source_sha256": _demo_sha256,
        }),
        CopiedTable(TownshipProfile, "duty_list", {"duty_list_id": DutyList}),
        CopiedTable(Duty, "duty_list", {"duty_list_id": DutyList},
                    fixed={"corrected_at": None, "corrected_by_id": None}),
        CopiedTable(DutyDepartment, "duty__duty_list", {"duty_id": Duty}, ("department_id",)),
        CopiedTable(ResponsibilityBlock, "duty__duty_list", {"duty_id": Duty}, ("department_id",)),
        CopiedTable(Step, "block__duty__duty_list", {"block_id": ResponsibilityBlock}),
        CopiedTable(ReclaimedMethod, "duty__duty_list", {"duty_id": Duty}, ("department_id",)),
        CopiedTable(ReviewFlag, "duty_list", {"duty_list_id": DutyList, "duty_id": Duty},
                    fixed={"created_at": now, "reviewed_by_id": None}),
    )


def copy_value(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, (bytes, memoryview)):
        return r"\\x" + bytes(value).hex()
    if isinstance(value, (dict, list)):
        value = json.dumps(value, ensure_ascii=False)
    elif isinstance(value, (datetime.date, datetime.datetime)):
        value = value.isoformat()
    elif isinstance(value, (int, Decimal)):
        return str(value)
    return (str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
            .replace("\r", "\\r"))


@dataclass
class SourceList:
    """One loaded list and its rows, ready to be written again under new ids."""

    duty_list: DutyList
    county_id: int
    # table → [(source id, (parent indices in the copy…), (department source ids…), tail)], by id
    rows: dict[type[Model], list[tuple]] = field(default_factory=dict)
    local: dict[type[Model], dict[int, int]] = field(default_factory=dict)  # source id → index in copy
    department_ids: set[int] = field(default_factory=set)  # its county's and any its rows name

    def count(self, model: type[Model]) -> int:
        """How many rows of a table one copy of this list writes."""
        return len(self.rows.get(model, ()))


def _tail_columns(table: CopiedTable) -> list[str]:
    """The columns copied unchanged (or fixed), after the id, parents and departments."""
    remapped = {"id", *table.parents, *table.departments}
    # A generated column (the item's name document) is the database's to fill; COPY refuses it.
    return [f.attname for f in table.model._meta.concrete_fields
            if f.attname not in remapped and not f.generated]


def _fixed(table: CopiedTable, name: str, source: SourceList):
    value = table.fixed[name]
    return value(source.duty_list) if callable(value) else value


def _read_rows(table: CopiedTable, source: SourceList) -> None:
    """Read a source list's rows of one table; documents come as text, to be copied as they are."""
    fields = {f.attname: f for f in table.model._meta.concrete_fields}
    tail = _tail_columns(table)
    documents = {name: Cast(name, TextField()) for name in tail
                 if isinstance(fields[name], SearchVectorField) and name not in table.fixed}
    rows = (table.model.objects.filter(**{table.to_list: source.duty_list.pk}).order_by("pk")
            .annotate(**{f"{name}_text": expression for name, expression in documents.items()}))
    read = [name for name in tail if name not in table.fixed]
    parents, departments = len(table.parents), len(table.departments)
    parent_indices = [source.local[model] for model in table.parents.values()]
    copied = []
    for values in rows.values_list("pk", *table.parents, *table.departments,
                                   *[f"{name}_text" if name in documents else name for name in read]):
        keys, named = values[1:1 + parents], values[1 + parents:1 + parents + departments]
        by_name = dict(zip(read, values[1 + parents + departments:]))
        tail_text = "\t".join(copy_value(_fixed(table, name, source) if name in table.fixed else by_name[name])
                              for name in tail)
        # Parents as their index within the copy: a copy's row is then its block's start plus that.
        indices = tuple(None if key is None else local[key] for local, key in zip(parent_indices, keys))
        copied.append((values[0], indices, named, tail_text))
    source.rows[table.model] = copied
    source.local[table.model] = {row[0]: index for index, row in enumerate(copied)}


def _source_lists(tables: tuple[CopiedTable, ...]) -> list[SourceList]:
    """The latest imported (not demo) version of every township, with its rows."""
    latest = (DutyList.objects.exclude(layout=DEMO_LAYOUT).order_by("township_id", "-published")
              .distinct("township_id").select_related("township"))
    sources = [SourceList(duty_list, duty_list.township.county_id) for duty_list in
               sorted(latest, key=lambda duty_list: duty_list.pk)]
    for source in sources:
        source.local[Township] = {source.duty_list.township_id: 0}
        for table in tables:
            _read_rows(table, source)
    return sources


def _import_fixtures() -> None:
    """Import the bundled lists the normal way, when the database has no list to copy (caller's transaction)."""
    from township.services.imports.service import ImportOptions, import_files

    paths = sorted(FIXTURES_DIR.glob("*.txt"))
    if not paths:
        raise DemoDataRefused(NO_SOURCE)
    for _report in import_files(paths, ImportOptions()):
        pass



def _source_departments(sources: list[SourceList]) -> tuple[dict[int, str], dict[int, list[str]]]:
    """{department id: name} of every department a source needs, and {department id: its aliases}.

    A source needs its county's departments (its pages and the search form list them) and any
    its rows name.
    """
    counties = {source.county_id for source in sources}
    by_county: dict[int, set[int]] = {}
    names: dict[int, str] = {}
    for department_id, place_id, name in Department.objects.filter(place_id__in=counties).values_list(
            "pk", "place_id", "name"):
        by_county.setdefault(place_id, set()).add(department_id)
        names[department_id] = name
    for source in sources:
        named = {department for rows in source.rows.values() for _id, _parents, departments, _tail in rows
                 for department in departments if department is not None}
        source.department_ids = by_county.get(source.county_id, set()) | named
    names.update(Department.objects.filter(
        pk__in={d for s in sources for d in s.department_ids} - set(names)).values_list("pk", "name"))
    aliases: dict[int, list[str]] = {}
    for department_id, alias in DepartmentAlias.objects.filter(department_id__in=names).order_by(
            "pk").values_list("department_id", "name"):
        aliases.setdefault(department_id, []).append(alias)
    return names, aliases


@dataclass
class DemoCounty:
    """A generated county: the source of each of its townships and its departments by name."""

    place: DemoPlace
    sources: list[SourceList]
    departments: dict[str, list[str]] = field(default_factory=dict)  # name → aliases
    department_ids: dict[str, int] = field(default_factory=dict)  # name → id in the demo county


def _demo_counties(regions: list[DemoPlace], sources: list[SourceList], names: dict[int, str],
                   aliases: dict[int, list[str]]) -> list[DemoCounty]:
    """Every generated county with its townships' sources (round robin) and the departments they need.

    Departments of different sources with one name are one department of the demo county, as
    an import resolves them.
    """
    counties, copied = [], 0
    for place in demo_counties(regions):
        county = DemoCounty(place, [sources[(copied + i) % len(sources)] for i in range(len(place.townships))])
        copied += len(place.townships)
        for department_id in sorted({d for source in county.sources for d in source.department_ids}):
            known = county.departments.setdefault(names[department_id], [])
            known += [alias for alias in aliases.get(department_id, []) if alias not in known]
        counties.append(county)
    for county in counties:  # a spelling names one department of a place, and is no department's name
        seen = set(county.departments)
        for spellings in county.departments.values():
            spellings[:] = [alias for alias in spellings if alias not in seen and not seen.add(alias)]
    return counties


def _columns(model: type[Model], attnames: Iterable[str]) -> str:
    """The quoted database columns of the given attribute names, for a COPY."""
    by_attname = {f.attname: f.column for f in model._meta.concrete_fields}
    return ", ".join(f'"{by_attname[name]}"' for name in attnames)


class TableWriter:
    """COPY text per table, with ids taken from blocks reserved from each table's sequence."""

    def __init__(self, cursor, counts: dict[type[Model], int], *, now: datetime.datetime):
        self.cursor = cursor
        self.now = now
        tables = ", ".join(f'"{model._meta.db_table}"' for model in counts)
        # Nobody else inserts while the ids are reserved and the rows written.
        cursor.execute(f"LOCK TABLE {tables} IN SHARE ROW EXCLUSIVE MODE")
        self.next_id = {model: self._reserve(model, count) for model, count in counts.items()}
        self.columns: dict[type[Model], str] = {}
        self.buffers: dict[type[Model], io.StringIO] = {model: io.StringIO() for model in counts}
        self.written: dict[type[Model], int] = dict.fromkeys(counts, 0)

    def _reserve(self, model: type[Model], count: int) -> int:
        """The first of `count` consecutive ids now taken from the table's sequence."""
        self.cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
        [sequence] = self.cursor.fetchone()
        self.cursor.execute("SELECT nextval(%s)", [sequence])
        [first] = self.cursor.fetchone()
        if count > 1:
            self.cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
        return first

    def take_ids(self, model: type[Model], count: int) -> int:
        """The first of the next `count` reserved ids of a table."""
        first = self.next_id[model]
        self.next_id[model] += count
        self.written[model] += count
        return first

    def add(self, model: type[Model], columns: list[str], line: str) -> None:
        """Queue one row (its COPY text, without the newline) for the table."""
        self.columns.setdefault(model, _columns(model, columns))
        buffer = self.buffers[model]
        buffer.write(line)
        buffer.write("\n")

    def flush(self) -> None:
        """COPY every queued row, table by table in the order they were declared."""
        for model, buffer in self.buffers.items():
            if buffer.tell():
                buffer.seek(0)
                self.cursor.copy_expert(f'COPY "{model._meta.db_table}" ({self.columns[model]}) FROM STDIN',
                                        buffer)
                self.buffers[model] = io.StringIO()


def _write_places(writer: TableWriter, regions: list[DemoPlace], counties: list[DemoCounty]) -> dict[int, int]:
    """Places, departments with their aliases and townships; {id of a DemoPlace: its place id}."""
    ids: dict[int, int] = {}
    for region in regions:
        _write_place(writer, region, None, ids)
    columns = ["id", "place_id", "name", "pinyin_key"]
    alias_columns = ["id", "department_id", "place_id", "name"]
    for county in counties:
        county_id = ids[id(county.place)]
        for name, aliases in county.departments.items():
            department_id = county.department_ids[name] = writer.take_ids(Department, 1)
            writer.add(Department, columns,
                       f"{department_id}\t{county_id}\t{copy_value(name)}\t{copy_value(pinyin_key(name))}")
            for alias in aliases:
                alias_id = writer.take_ids(DepartmentAlias, 1)
                writer.add(DepartmentAlias, alias_columns,
                           f"{alias_id}\t{department_id}\t{county_id}\t{copy_value(alias)}")
    return ids


def _write_place(writer: TableWriter, place: DemoPlace, parent_id: int | None, ids: dict[int, int]) -> None:
    place_id = ids[id(place)] = writer.take_ids(Place, 1)
    writer.add(Place, ["id", "name", "pinyin_key", "level", "parent_id"],
               f"{place_id}\t{copy_value(place.name)}\t{copy_value(pinyin_key(place.name))}\t{place.level}\t"
               f"{copy_value(parent_id)}")
    for child in place.children:
        _write_place(writer, child, place_id, ids)


def _write_copy(writer: TableWriter, tables: tuple[CopiedTable, ...], source: SourceList,
                township_id: int, departments: dict[int, int]) -> int:
    """One source list's rows under a demo township (new ids, parents and departments remapped); its list id."""
    starts = {Township: township_id}
    for table in tables:
        rows = source.rows[table.model]
        start = starts[table.model] = writer.take_ids(table.model, len(rows))
        parent_starts = [starts[model] for model in table.parents.values()]
        columns = ["id", *table.parents, *table.departments, *_tail_columns(table)]
        for offset, (_id, parents, named, tail) in enumerate(rows):
            keys = [r"\N" if index is None else str(first + index) for first, index in zip(parent_starts, parents)]
            keys += [r"\N" if department is None else str(departments[department]) for department in named]
            writer.add(table.model, columns, "\t".join([str(start + offset), *keys, tail]))
    return starts[DutyList]


@dataclass(frozen=True)
class DemoSummary:
    """What a build wrote."""

    townships: int
    counties: int
    sources: int
    rows: dict[str, int]  # table → rows written

    @property
    def items(self) -> int:
        """How many items the demo townships hold."""
        return self.rows.get(Duty._meta.db_table, 0)


def demo_township_count() -> int:
    """How many townships hold demo data."""
    return DutyList.objects.filter(layout=DEMO_LAYOUT).values("township_id").distinct().count()


def _row_counts(counties: list[DemoCounty], regions: list[DemoPlace], tables) -> dict[type[Model], int]:
    """Rows each table will receive, in the order the tables are written."""
    copies = [source for county in counties for source in county.sources]
    places = sum(1 + len(region.children) + sum(len(p.children) for p in region.children) for region in regions)
    counts = {Place: places,
              Department: sum(len(county.departments) for county in counties),
              DepartmentAlias: sum(len(a) for county in counties for a in county.departments.values()),
              Township: len(copies)}
    counts.update({table.model: sum(source.count(table.model) for source in copies) for table in tables})
    counts[ImportRecord] = len(copies)
    return counts


def _import_record(writer: TableWriter, source: SourceList, list_id: int, township_id: int) -> None:
    duty_list = source.duty_list
    items = source.count(Duty)
    values = [list_id, township_id, duty_list.published, _demo_source_name(duty_list), _demo_sha256(duty_list), "created",
              DEMO_SUMMARY.format(items=items, source=duty_list.source_name), ImportRecord.Via.COMMAND,
              writer.now, None, ""]
    columns = ["id", "duty_list_id", "township_id", "published", "source_name", "source_sha256", "status",
               "summary", "via", "imported_at", "imported_by_id", "system_user"]
    record_id = writer.take_ids(ImportRecord, 1)
    writer.add(ImportRecord, columns, "\t".join(copy_value(value) for value in [record_id, *values]))


def demo_data_build(*, townships: int, seed: int,
                    progress: Callable[[int, int], None] | None = None) -> DemoSummary:
    """Write `townships` demo townships, each a copy of a loaded list, in one transaction.

    Imports the bundled lists first when the database has none. Raises DemoDataRefused when
    demo data is already loaded. `progress(done, total)` is called after each batch.
    """
    if demo_township_count():
        raise DemoDataRefused(ALREADY_BUILT.format(townships=demo_township_count()))
    now = timezone.now()
    with transaction.atomic(), connection.cursor() as cursor:
        if not DutyList.objects.exclude(layout=DEMO_LAYOUT).exists():
            _import_fixtures()
        tables = _copied_tables(now)
        sources = _source_lists(tables)
        names, aliases = _source_departments(sources)
        taken = set(Place.objects.filter(parent__isnull=True).values_list("name", flat=True))
        regions = demo_geography(townships=townships, seed=seed, taken_regions=taken)
        counties = _demo_counties(regions, sources, names, aliases)
        counts = _row_counts(counties, regions, tables)
        writer = TableWriter(cursor.cursor, counts, now=now)
        place_ids = _write_places(writer, regions, counties)
        with _search_index_set_aside(added=counts[Duty]):
            for done, (county, name, source) in enumerate(_townships(counties), start=1):
                _write_township(writer, tables, county, place_ids[id(county.place)], name, source, names)
                if done % BATCH_TOWNSHIPS == 0 or done == townships:
                    writer.flush()
                    if progress is not None:
                        progress(done, townships)
        for model in counts:
            cursor.execute(f'ANALYZE "{model._meta.db_table}"')  # the planner must know the tables grew
        # COPY bypasses lists_changed: the statistics are summarised here, in the same transaction, whole
        # (as fast as a refresh of every demo township, and the summary tables are analysed after).
        summaries_rebuild()
        page_cache_invalidate()  # COPY bypasses lists_changed; the home page counts the new townships
    return DemoSummary(townships=townships, counties=len(counties), sources=len(sources),
                       rows={model._meta.db_table: count for model, count in counts.items()})


@contextmanager
def _search_index_set_aside(*, added: int) -> Iterator[None]:
    """Drop the items' search index while many items are copied in, and build it once afterwards.

    A GIN index built in one pass is several times faster than one updated row by row; that
    pays only when the copy at least doubles the items. Readers wait meanwhile (the table is
    locked until the commit), which a benchmark database can afford.
    """
    indexes = [index for index in Duty._meta.indexes if isinstance(index, GinIndex)]
    if added < Duty.objects.count():
        yield
        return
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.remove_index(Duty, index)
    yield
    with connection.cursor() as cursor:
        # No index is built over rows whose foreign keys are still to be checked: check them now.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_BUILD_MEMORY}'")
    with connection.schema_editor() as editor:
        for index in indexes:
            editor.add_index(Duty, index)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as Django declares every deferrable constraint


def _townships(counties: list[DemoCounty]) -> Iterable[tuple[DemoCounty, str, SourceList]]:
    """Every demo township: its county, its name and the list it copies."""
    for county in counties:
        for name, source in zip(county.place.townships, county.sources):
            yield county, name, source


def _write_township(writer: TableWriter, tables, county: DemoCounty, county_id: int, name: str,
                    source: SourceList, names: dict[int, str]) -> None:
    """A township with a copy of its source list and an import record."""
    township_id = writer.take_ids(Township, 1)
    writer.add(Township, ["id", "county_id", "name", "pinyin_key", "kind"],
               f"{township_id}\t{county_id}\t{copy_value(name)}\t{copy_value(pinyin_key(name))}\t"
               f"{Township.kind_from_name(name)}")
    departments = {department: county.department_ids[names[department]] for department in source.department_ids}
    list_id = _write_copy(writer, tables, source, township_id, departments)
    _import_record(writer, source, list_id, township_id)


def _table(model: type[Model]) -> str:
    return f'"{model._meta.db_table}"'


def _removal_statements() -> list[str]:
    """SQL that deletes demo data, children first; places only where nothing else is left in them.

    Plain DELETEs by id sets: the ORM would read a million items into memory to cascade.
    """
    demo_duties = f"SELECT id FROM {_table(Duty)} WHERE duty_list_id IN (SELECT id FROM demo_lists)"
    empty_place = (f"NOT EXISTS (SELECT 1 FROM {_table(Township)} t WHERE t.county_id = p.id) AND NOT EXISTS "
                   f"(SELECT 1 FROM {_table(Place)} c WHERE c.parent_id = p.id)")
    return [
        f"CREATE TEMP TABLE demo_lists ON COMMIT DROP AS SELECT id, township_id FROM {_table(DutyList)} "
        f"WHERE layout = '{DEMO_LAYOUT}'",
        f"CREATE TEMP TABLE demo_places ON COMMIT DROP AS SELECT DISTINCT c.id, c.parent_id FROM {_table(Place)} c "
        f"JOIN {_table(Township)} t ON t.county_id = c.id WHERE t.id IN (SELECT township_id FROM demo_lists)",
        *[f"INSERT INTO demo_places SELECT p.id, p.parent_id FROM {_table(Place)} p WHERE p.id IN "
          "(SELECT parent_id FROM demo_places) AND p.id NOT IN (SELECT id FROM demo_places)"] * 2,
        f"DELETE FROM {_table(Step)} WHERE block_id IN (SELECT id FROM {_table(ResponsibilityBlock)} "
        f"WHERE duty_id IN ({demo_duties}))",
        *[f"DELETE FROM {_table(model)} WHERE duty_id IN ({demo_duties})"
          for model in (ResponsibilityBlock, DutyDepartment, ReclaimedMethod, CatalogueLink)],
        *[f"DELETE FROM {_table(model)} WHERE township_id IN (SELECT township_id FROM demo_lists)"
          for model in SUMMARY_TOWNSHIP_MODELS],
        *[f"DELETE FROM {_table(model)} WHERE place_id IN (SELECT id FROM demo_places)"
          for model in SUMMARY_PLACE_MODELS],
        f"DELETE FROM {_table(CountyDepartmentSummary)} WHERE county_id IN (SELECT id FROM demo_places)",
        f"UPDATE {_table(DutyRevision)} SET duty_id = NULL WHERE duty_id IN ({demo_duties})",
        *[f"DELETE FROM {_table(model)} WHERE duty_list_id IN (SELECT id FROM demo_lists)"
          for model in (ReviewFlag, Duty, TownshipProfile, ImportRecord)],
        f"DELETE FROM {_table(DutyList)} WHERE id IN (SELECT id FROM demo_lists)",
        # A stored admission check forgets the demo townships it asked about.
        f'DELETE FROM "{AdmissionCheck.townships.through._meta.db_table}" '
        "WHERE township_id IN (SELECT township_id FROM demo_lists)",
        f"DELETE FROM {_table(Township)} t WHERE t.id IN (SELECT township_id FROM demo_lists) AND NOT EXISTS "
        f"(SELECT 1 FROM {_table(DutyList)} l WHERE l.township_id = t.id) AND NOT EXISTS "
        f"(SELECT 1 FROM {_table(ImportRecord)} r WHERE r.township_id = t.id)",
        *[f"DELETE FROM {_table(model)} d WHERE place_id IN (SELECT id FROM demo_places) AND NOT EXISTS "
          f"(SELECT 1 FROM {_table(Township)} t WHERE t.county_id = d.place_id)"
          for model in (DepartmentAlias, Department)],
        f'DELETE FROM "{EditorProfile.counties.through._meta.db_table}" WHERE place_id IN '
        f"(SELECT id FROM demo_places p WHERE {empty_place})",
        *[f"DELETE FROM {_table(Place)} p WHERE p.id IN (SELECT id FROM demo_places) AND {empty_place}"] * 3,
    ]


def demo_data_remove() -> int:
    """Delete every demo township with all it holds, in one transaction; return how many there were."""
    townships = demo_township_count()
    with transaction.atomic(), connection.cursor() as cursor:
        for statement in _removal_statements():
            cursor.execute(statement)
        # What is left is the imported lists, few: summarised again whole, places above them included.
        summaries_rebuild()
        page_cache_invalidate()
    return townships
