"""Reads of the type-ahead fields: a few townships, departments or places whose name holds some text.

Townships, departments and places are small tables (thousands of rows, tens of thousands of
departments at national scale): a substring match over them costs milliseconds, and every answer
is cut to SUGGESTIONS rows, names starting with the text first, then the shortest.
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Length

from township.models import Department, Place, Township
from township.selectors.common import by_pinyin, department_full_name, department_label, place_label, township_label

SUGGESTIONS = 20


def _within(place_id: int | None, county: str) -> Q:
    """Rows whose county is `place_id` or lies below it (no condition for None)."""
    if place_id is None:
        return Q()
    return (Q(**{county: place_id}) | Q(**{f"{county}__parent": place_id})
            | Q(**{f"{county}__parent__parent": place_id}))


def _best_first(rows: QuerySet, text: str) -> QuerySet:
    """The first SUGGESTIONS rows: names starting with the text, then the shortest, then by pinyin."""
    starts = Case(When(name__startswith=text, then=Value(0)), default=Value(1), output_field=IntegerField())
    return rows.annotate(starts=starts, length=Length("name")).order_by("starts", "length", *by_pinyin())[:SUGGESTIONS]


def township_suggestions(*, text: str, place_id: int | None = None) -> list[dict]:
    """Townships whose full name (county and township) holds the text, within a place if given."""
    rows = (Township.objects.annotate(label=township_label())
            .filter(_within(place_id, "county"), label__icontains=text))
    return list(_best_first(rows, text).values("id", "label"))


def department_suggestions(*, text: str, place_id: int | None = None) -> list[dict]:
    """Departments whose name holds the text, each labelled with its county, within a place if given."""
    rows = (Department.objects.annotate(label=department_label())
            .filter(_within(place_id, "place"), name__icontains=text))
    return list(_best_first(rows, text).values("id", "label"))


def place_suggestions(*, text: str, place_id: int | None = None, level: str | None = None) -> list[dict]:
    """Places (of any level, or of `level`) whose name holds the text, each labelled with the place above it."""
    rows = Place.objects.filter(name__icontains=text).annotate(label=place_label())
    if level is not None:
        rows = rows.filter(level=level)
    if place_id is not None:
        rows = rows.filter(Q(pk=place_id) | Q(parent=place_id) | Q(parent__parent=place_id))
    return list(_best_first(rows, text).values("id", "label"))


SUGGESTERS = {
    "township": township_suggestions,
    "department": department_suggestions,
    "place": place_suggestions,
}
