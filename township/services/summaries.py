"""The statistics summaries: recomputed for the townships whose lists changed, or rebuilt whole.

Each refresh is a fixed handful of statements sent in one round trip, whatever the number of
townships or items: the rows of the given townships are deleted and inserted again from their
latest list version with INSERT … SELECT … GROUP BY, then the rows of their counties are added
up again from the township rows, and their prefectures' and regions' from those. A township
without any list keeps no rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from township.models import (
    CategorySummary, CountyDepartmentSummary, Department, DepartmentSummary, Duty, DutyDepartment, DutyList, Place,
    PlaceCategorySummary, PlaceDepartmentSummary, PlaceSummary, Township, TownshipSummary,
)
from township.selectors.statistics import DEPARTMENT_KINDS

# Taken for the rest of the transaction: two refreshes of one county at once would each insert
# the county's rows, and the second would break the unique constraint.
SUMMARY_LOCK = 0x7375_6D6D  # "summ"
SUMMARY_TOWNSHIP_MODELS = (TownshipSummary, CategorySummary, DepartmentSummary)
SUMMARY_PLACE_MODELS = (PlaceSummary, PlaceCategorySummary, PlaceDepartmentSummary)


def _table(model) -> str:
    return f'"{model._meta.db_table}"'


def _township_statements(where: str) -> list[str]:
    """Delete and insert the township rows whose township satisfies `where` (on column township_id)."""
    latest = (f"WITH latest AS (SELECT DISTINCT ON (township_id) id, township_id, published "
              f"FROM {_table(DutyList)} WHERE {where} ORDER BY township_id, published DESC, id DESC) ")
    parts = ", ".join(f"count(d.id) FILTER (WHERE d.kind = '{kind}')" for kind in Duty.Kind.values)
    department_kinds = ", ".join(f"'{kind}'" for kind in DEPARTMENT_KINDS)
    return [
        *[f"DELETE FROM {_table(model)} WHERE {where}" for model in SUMMARY_TOWNSHIP_MODELS],
        f"INSERT INTO {_table(TownshipSummary)} (township_id, duty_list_id, published, "
        f"{', '.join(Duty.Kind.values)}) {latest}"
        f"SELECT l.township_id, l.id, l.published, {parts} FROM latest l "
        f"LEFT JOIN {_table(Duty)} d ON d.duty_list_id = l.id GROUP BY l.township_id, l.id, l.published",
        f"INSERT INTO {_table(CategorySummary)} (township_id, kind, category_id, items) {latest}"
        f"SELECT l.township_id, d.kind, d.category_id, count(*) FROM latest l "
        f"JOIN {_table(Duty)} d ON d.duty_list_id = l.id GROUP BY 1, 2, 3",
        # An item naming a department twice counts once; unresolved names are no department.
        f"INSERT INTO {_table(DepartmentSummary)} (township_id, department_id, kind, items) {latest}"
        f"SELECT l.township_id, dd.department_id, d.kind, count(DISTINCT d.id) FROM latest l "
        f"JOIN {_table(Duty)} d ON d.duty_list_id = l.id JOIN {_table(DutyDepartment)} dd ON dd.duty_id = d.id "
        f"WHERE dd.department_id IS NOT NULL AND d.kind IN ({department_kinds}) GROUP BY 1, 2, 3",
    ]


def _replace(model, places: str, insert: str) -> list[str]:
    """Delete a place table's rows of the places `places` gives, and insert them again with `insert`."""
    return [f"DELETE FROM {_table(model)} WHERE {'county_id' if model is CountyDepartmentSummary else 'place_id'} "
            f"IN ({places})", insert]


def _county_statements(counties: str) -> list[str]:
    """Add up the rows of the counties whose ids the SQL `counties` gives, from their townships' rows."""
    parts = ", ".join(Duty.Kind.values)
    sums = ", ".join(f"sum(s.{kind})" for kind in Duty.Kind.values)
    of_townships = f"JOIN {_table(Township)} t ON t.id = s.township_id WHERE t.county_id IN ({counties})"
    return [
        *_replace(PlaceSummary, counties, f"INSERT INTO {_table(PlaceSummary)} (place_id, townships, {parts}) "
                  f"SELECT t.county_id, count(*), {sums} FROM {_table(TownshipSummary)} s {of_townships} GROUP BY 1"),
        *_replace(PlaceCategorySummary, counties,
                  f"INSERT INTO {_table(PlaceCategorySummary)} (place_id, kind, category_id, items) "
                  f"SELECT t.county_id, s.kind, s.category_id, sum(s.items) FROM {_table(CategorySummary)} s "
                  f"{of_townships} GROUP BY 1, 2, 3"),
        *_replace(CountyDepartmentSummary, counties,
                  f"INSERT INTO {_table(CountyDepartmentSummary)} (county_id, department_id, kind, items) "
                  f"SELECT t.county_id, s.department_id, s.kind, sum(s.items) FROM {_table(DepartmentSummary)} s "
                  f"{of_townships} GROUP BY 1, 2, 3"),
        # A county has one department of a name; above it, departments of one name are added up.
        *_replace(PlaceDepartmentSummary, counties,
                  f"INSERT INTO {_table(PlaceDepartmentSummary)} (place_id, name, coordinating, reclaimed, counties) "
                  f"SELECT s.county_id, d.name, {_department_sums('s.items')}, 1 "
                  f"FROM {_table(CountyDepartmentSummary)} s JOIN {_table(Department)} d ON d.id = s.department_id "
                  f"WHERE s.county_id IN ({counties}) GROUP BY 1, 2"),
    ]


def _department_sums(items: str) -> str:
    return ", ".join(f"coalesce(sum({items}) FILTER (WHERE s.kind = '{kind}'), 0)" for kind in DEPARTMENT_KINDS)


def _parent_statements(places: str) -> list[str]:
    """Add up the rows of the places `places` gives (prefectures, regions) from their children's rows."""
    parts = ", ".join(Duty.Kind.values)
    sums = ", ".join(f"sum(s.{kind})" for kind in Duty.Kind.values)
    children = f"JOIN {_table(Place)} p ON p.id = s.place_id WHERE p.parent_id IN ({places})"
    return [
        *_replace(PlaceSummary, places, f"INSERT INTO {_table(PlaceSummary)} (place_id, townships, {parts}) "
                  f"SELECT p.parent_id, sum(s.townships), {sums} FROM {_table(PlaceSummary)} s {children} GROUP BY 1"),
        *_replace(PlaceCategorySummary, places,
                  f"INSERT INTO {_table(PlaceCategorySummary)} (place_id, kind, category_id, items) "
                  f"SELECT p.parent_id, s.kind, s.category_id, sum(s.items) FROM {_table(PlaceCategorySummary)} s "
                  f"{children} GROUP BY 1, 2, 3"),
        *_replace(PlaceDepartmentSummary, places,
                  f"INSERT INTO {_table(PlaceDepartmentSummary)} (place_id, name, coordinating, reclaimed, counties) "
                  f"SELECT p.parent_id, s.name, sum(s.coordinating), sum(s.reclaimed), sum(s.counties) "
                  f"FROM {_table(PlaceDepartmentSummary)} s {children} GROUP BY 1, 2"),
    ]


def _place_statements(counties: str) -> list[str]:
    """The counties' rows, then their parents', then their grandparents' (each from the level below).

    A region holding a county directly is among the parents and the grandparents both: the
    second time, after its prefectures, it is added up right.
    """
    parents = f"SELECT parent_id FROM {_table(Place)} WHERE id IN ({counties})"
    grandparents = f"SELECT parent_id FROM {_table(Place)} WHERE id IN ({parents})"
    return _county_statements(counties) + _parent_statements(parents) + _parent_statements(grandparents)


def _run(statements: list[str], params: dict) -> None:
    """Every statement in one round trip, after the summaries' lock."""
    with connection.cursor() as cursor:
        cursor.execute(";\n".join([f"SELECT pg_advisory_xact_lock({SUMMARY_LOCK})", *statements]), params)


def summaries_refresh(*, township_ids: Iterable[int]) -> None:
    """Recompute the summaries of these townships and of the places above them, in the caller's transaction.

    One round trip to the database, whatever the number of townships or items.
    """
    township_ids = sorted(set(township_ids))
    if not township_ids:
        return
    counties = f"SELECT county_id FROM {_table(Township)} WHERE id = ANY(%(townships)s)"
    with transaction.atomic(savepoint=False):  # no savepoint: an import's queries stay bounded
        _run(_township_statements("township_id = ANY(%(townships)s)") + _place_statements(counties),
             {"townships": township_ids})


def summaries_rebuild() -> None:
    """Recompute every summary row from every township's latest list, in one transaction."""
    counties = f"SELECT id FROM {_table(Place)} WHERE level = 'county'"
    models = (*SUMMARY_PLACE_MODELS, CountyDepartmentSummary)
    with transaction.atomic():
        _run([*[f"DELETE FROM {_table(model)}" for model in models],  # places left without any list too
              *_township_statements("TRUE"), *_place_statements(counties),
              # The tables may have grown from nothing: the planner must know.
              *[f"ANALYZE {_table(model)}" for model in (*SUMMARY_TOWNSHIP_MODELS, *models)]], {})
