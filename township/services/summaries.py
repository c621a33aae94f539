"""The statistics summaries: recomputed for the townships whose lists changed, or rebuilt whole.

Each refresh is a fixed handful of statements sent in one round trip, whatever the number of
townships or items: the rows of the given townships are deleted and inserted again from their
latest list version with INSERT … SELECT … GROUP BY, then the rows of their counties are added
up again from the township rows. A township without any list keeps no rows.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection, transaction

from township.models import (
    CategorySummary, CountyCategorySummary, CountyDepartmentSummary, DepartmentSummary, Duty, DutyDepartment,
    DutyList, Place, Township, TownshipSummary,
)
from township.selectors.statistics import DEPARTMENT_KINDS

# Taken for the rest of the transaction: two refreshes of one county at once would each insert
# the county's rows, and the second would break the unique constraint.
SUMMARY_LOCK = 0x7375_6D6D  # "summ"
SUMMARY_TOWNSHIP_MODELS = (TownshipSummary, CategorySummary, DepartmentSummary)
SUMMARY_COUNTY_MODELS = (CountyCategorySummary, CountyDepartmentSummary)


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


def _county_statements(counties: str) -> list[str]:
    """Add up again the county rows of the counties whose ids the SQL `counties` gives."""
    statements = []
    for county_model, township_model, key in ((CountyCategorySummary, CategorySummary, "category_id"),
                                              (CountyDepartmentSummary, DepartmentSummary, "department_id")):
        statements += [
            f"DELETE FROM {_table(county_model)} WHERE county_id IN ({counties})",
            f"INSERT INTO {_table(county_model)} (county_id, kind, {key}, items) "
            f"SELECT t.county_id, s.kind, s.{key}, sum(s.items) FROM {_table(township_model)} s "
            f"JOIN {_table(Township)} t ON t.id = s.township_id WHERE t.county_id IN ({counties}) "
            f"GROUP BY 1, 2, 3",
        ]
    return statements


def _run(statements: list[str], params: dict) -> None:
    """Every statement in one round trip, after the summaries' lock."""
    with connection.cursor() as cursor:
        cursor.execute(";\n".join([f"SELECT pg_advisory_xact_lock({SUMMARY_LOCK})", *statements]), params)


def summaries_refresh(*, township_ids: Iterable[int]) -> None:
    """Recompute the summaries of these townships and of their counties, in the caller's transaction.

    One round trip to the database, whatever the number of townships or items.
    """
    township_ids = sorted(set(township_ids))
    if not township_ids:
        return
    counties = f"SELECT county_id FROM {_table(Township)} WHERE id = ANY(%(townships)s)"
    with transaction.atomic(savepoint=False):  # no savepoint: an import's queries stay bounded
        _run(_township_statements("township_id = ANY(%(townships)s)") + _county_statements(counties),
             {"townships": township_ids})


def summaries_refresh_counties(*, county_ids: Iterable[int]) -> None:
    """Add up these counties' rows again from their townships' rows (which must be current)."""
    county_ids = sorted(set(county_ids))
    if county_ids:
        _run(_county_statements("SELECT unnest(%(counties)s::int[])"), {"counties": county_ids})


def summaries_rebuild() -> None:
    """Recompute every summary row from every township's latest list, in one transaction."""
    with transaction.atomic():
        _run(_township_statements("TRUE") + _county_statements(f"SELECT id FROM {_table(Place)}"), {})
