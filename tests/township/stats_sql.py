"""Statistics counted straight from the tables with SQL, independently of the selectors."""

from __future__ import annotations

from django.db import connection

from township.models import Place

# Each township's latest version, written independently of the selectors' subquery.
LATEST = """
    SELECT l.id FROM township_dutylist l
    WHERE l.published = (SELECT MAX(o.published) FROM township_dutylist o WHERE o.township_id = l.township_id)
"""


def sql(query: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall()


def county_filter(county: Place | None) -> tuple[str, list]:
    return ("AND t.county_id = %s", [county.pk]) if county else ("", [])


def expected_part_counts(county: Place | None) -> dict[str, dict[str, int]]:
    where, params = county_filter(county)
    rows = sql(f"""
        SELECT t.name, d.kind, COUNT(*) FROM township_duty d
        JOIN township_dutylist l ON l.id = d.duty_list_id JOIN township_township t ON t.id = l.township_id
        WHERE l.id IN ({LATEST}) {where} GROUP BY t.name, d.kind""", params)
    counts: dict[str, dict[str, int]] = {}
    for township, kind, items in rows:
        counts.setdefault(township, {})[kind] = items
    return counts


def expected_category_counts(county: Place | None) -> dict[tuple[str, str, str], int]:
    where, params = county_filter(county)
    rows = sql(f"""
        SELECT d.kind, c.name, t.name, COUNT(*) FROM township_duty d
        JOIN township_category c ON c.id = d.category_id
        JOIN township_dutylist l ON l.id = d.duty_list_id JOIN township_township t ON t.id = l.township_id
        WHERE l.id IN ({LATEST}) {where} GROUP BY d.kind, c.name, t.name""", params)
    return {(kind, category, township): items for kind, category, township, items in rows}


def expected_departments(county: Place | None) -> dict[int, tuple[int, int]]:
    where, params = county_filter(county)
    rows = sql(f"""
        SELECT dd.department_id,
               COUNT(DISTINCT d.id) FILTER (WHERE d.kind = 'coordinating'),
               COUNT(DISTINCT d.id) FILTER (WHERE d.kind = 'reclaimed')
        FROM township_dutydepartment dd JOIN township_duty d ON d.id = dd.duty_id
        JOIN township_dutylist l ON l.id = d.duty_list_id JOIN township_township t ON t.id = l.township_id
        WHERE dd.department_id IS NOT NULL AND l.id IN ({LATEST}) {where}
        GROUP BY dd.department_id""", params)
    return {department: (coordinating, reclaimed) for department, coordinating, reclaimed in rows}
