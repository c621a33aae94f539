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


def expected_summaries() -> dict[str, set[tuple]]:
    """Every row the summary tables should hold, computed from scratch from the items."""
    latest = f"SELECT id FROM township_dutylist WHERE id IN ({LATEST})"
    return {
        "townships": set(sql(f"""
            SELECT l.township_id, l.id, l.published,
                   COUNT(d.id) FILTER (WHERE d.kind = 'basic'), COUNT(d.id) FILTER (WHERE d.kind = 'coordinating'),
                   COUNT(d.id) FILTER (WHERE d.kind = 'reclaimed')
            FROM township_dutylist l LEFT JOIN township_duty d ON d.duty_list_id = l.id
            WHERE l.id IN ({latest}) GROUP BY l.township_id, l.id, l.published""")),
        "categories": set(sql(f"""
            SELECT l.township_id, d.kind, d.category_id, COUNT(*) FROM township_duty d
            JOIN township_dutylist l ON l.id = d.duty_list_id WHERE l.id IN ({latest}) GROUP BY 1, 2, 3""")),
        "departments": set(sql(f"""
            SELECT l.township_id, dd.department_id, d.kind, COUNT(DISTINCT d.id) FROM township_dutydepartment dd
            JOIN township_duty d ON d.id = dd.duty_id JOIN township_dutylist l ON l.id = d.duty_list_id
            WHERE l.id IN ({latest}) AND dd.department_id IS NOT NULL AND d.kind <> 'basic' GROUP BY 1, 2, 3""")),
        "county_departments": set(sql(f"""
            SELECT t.county_id, dd.department_id, d.kind, COUNT(DISTINCT d.id) FROM township_dutydepartment dd
            JOIN township_duty d ON d.id = dd.duty_id JOIN township_dutylist l ON l.id = d.duty_list_id
            JOIN township_township t ON t.id = l.township_id
            WHERE l.id IN ({latest}) AND dd.department_id IS NOT NULL AND d.kind <> 'basic' GROUP BY 1, 2, 3""")),
        "places": set(sql(f"""
            SELECT a.place_id, COUNT(DISTINCT l.township_id), COUNT(d.id) FILTER (WHERE d.kind = 'basic'),
                   COUNT(d.id) FILTER (WHERE d.kind = 'coordinating'), COUNT(d.id) FILTER (WHERE d.kind = 'reclaimed')
            FROM township_dutylist l LEFT JOIN township_duty d ON d.duty_list_id = l.id
            JOIN township_township t ON t.id = l.township_id JOIN ({ANCESTORS}) a ON a.county_id = t.county_id
            WHERE l.id IN ({latest}) GROUP BY 1""")),
        "place_categories": set(sql(f"""
            SELECT a.place_id, d.kind, d.category_id, COUNT(*) FROM township_duty d
            JOIN township_dutylist l ON l.id = d.duty_list_id JOIN township_township t ON t.id = l.township_id
            JOIN ({ANCESTORS}) a ON a.county_id = t.county_id WHERE l.id IN ({latest}) GROUP BY 1, 2, 3""")),
        "place_departments": set(sql(f"""
            SELECT a.place_id, dep.name, COUNT(DISTINCT d.id) FILTER (WHERE d.kind = 'coordinating'),
                   COUNT(DISTINCT d.id) FILTER (WHERE d.kind = 'reclaimed'), COUNT(DISTINCT t.county_id)
            FROM township_dutydepartment dd JOIN township_department dep ON dep.id = dd.department_id
            JOIN township_duty d ON d.id = dd.duty_id JOIN township_dutylist l ON l.id = d.duty_list_id
            JOIN township_township t ON t.id = l.township_id JOIN ({ANCESTORS}) a ON a.county_id = t.county_id
            WHERE l.id IN ({latest}) AND d.kind <> 'basic' GROUP BY 1, 2""")),
    }


# Every county with itself and each place above it, written independently of the service.
ANCESTORS = """
    SELECT c.id AS county_id, c.id AS place_id FROM township_place c WHERE c.level = 'county'
    UNION ALL SELECT c.id, c.parent_id FROM township_place c WHERE c.level = 'county' AND c.parent_id IS NOT NULL
    UNION ALL SELECT c.id, p.parent_id FROM township_place c JOIN township_place p ON p.id = c.parent_id
              WHERE c.level = 'county' AND p.parent_id IS NOT NULL
"""


def stored_summaries() -> dict[str, set[tuple]]:
    """Every row the summary tables hold, in the shape of expected_summaries()."""
    return {
        "townships": set(sql("SELECT township_id, duty_list_id, published, basic, coordinating, reclaimed "
                             "FROM township_townshipsummary")),
        "categories": set(sql("SELECT township_id, kind, category_id, items FROM township_categorysummary")),
        "departments": set(sql("SELECT township_id, department_id, kind, items FROM township_departmentsummary")),
        "county_departments": set(sql(
            "SELECT county_id, department_id, kind, items FROM township_countydepartmentsummary")),
        "places": set(sql("SELECT place_id, townships, basic, coordinating, reclaimed FROM township_placesummary")),
        "place_categories": set(sql("SELECT place_id, kind, category_id, items FROM township_placecategorysummary")),
        "place_departments": set(sql(
            "SELECT place_id, name, coordinating, reclaimed, counties FROM township_placedepartmentsummary")),
    }


# The counties under a place, each with the child of that place it lies in (the top-level
# places when place is None), written independently of the selectors' scope.
UNDER = """
    SELECT c.id AS county_id, CASE
        WHEN %(place)s::int IS NULL THEN COALESCE(g.id, p.id, c.id)
        WHEN c.parent_id = %(place)s THEN c.id ELSE p.id END AS child_id
    FROM township_place c LEFT JOIN township_place p ON p.id = c.parent_id
    LEFT JOIN township_place g ON g.id = p.parent_id
    WHERE c.level = 'county' AND (%(place)s::int IS NULL OR c.parent_id = %(place)s OR p.parent_id = %(place)s)
"""


def expected_child_counts(place: Place | None) -> dict[int, dict[str, int]]:
    """{child place id: {kind: items}} over the latest lists of the townships under each child."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT u.child_id, d.kind, COUNT(*) FROM township_duty d
            JOIN township_dutylist l ON l.id = d.duty_list_id JOIN township_township t ON t.id = l.township_id
            JOIN ({UNDER}) u ON u.county_id = t.county_id WHERE l.id IN ({LATEST}) GROUP BY 1, 2""",
                       {"place": place.pk if place else None})
        counts: dict[int, dict[str, int]] = {}
        for child, kind, items in cursor.fetchall():
            counts.setdefault(child, {})[kind] = items
        return counts


def expected_department_names(place: Place | None) -> dict[str, tuple[int, int]]:
    """{department name: (coordinating, reclaimed)} over every county under the place, distinct items."""
    with connection.cursor() as cursor:
        cursor.execute(f"""
            SELECT dep.name, COUNT(DISTINCT d.id) FILTER (WHERE d.kind = 'coordinating'),
                   COUNT(DISTINCT d.id) FILTER (WHERE d.kind = 'reclaimed')
            FROM township_dutydepartment dd JOIN township_department dep ON dep.id = dd.department_id
            JOIN township_duty d ON d.id = dd.duty_id JOIN township_dutylist l ON l.id = d.duty_list_id
            JOIN township_township t ON t.id = l.township_id JOIN ({UNDER}) u ON u.county_id = t.county_id
            WHERE l.id IN ({LATEST}) AND d.kind <> 'basic' GROUP BY dep.name""", {"place": place.pk if place else None})
        return {name: (coordinating, reclaimed) for name, coordinating, reclaimed in cursor.fetchall()}
