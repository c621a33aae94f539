"""Search filters written with names (as test tables read) turned into the query string's ids."""

from __future__ import annotations

from township.models import Category, Department, Place, Township


def query_string(spec: dict) -> dict[str, str]:
    """{"place": "于田县", "q": "消防"} → {"place": "16", "q": "消防"}; a department is (place, name)."""
    params = {}
    for name, value in spec.items():
        if name == "place":
            value = Place.objects.get(name=value).pk
        elif name == "township":
            value = Township.objects.get(name=value).pk
        elif name == "category":
            value = Category.objects.get(name=value).pk
        elif name == "department":
            place, department = value
            value = Department.objects.get(place__name=place, name=department).pk
        params[name] = str(value)
    return params
