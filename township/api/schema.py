"""The OpenAPI schema's words for the API: Chinese names per operation, typed search filters."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from township.filters import DutySearchFilter


class PortalAutoSchema(AutoSchema):
    """Operations named, described and grouped as the browsable API names them, in Chinese."""

    def get_summary(self) -> str | None:
        return self.view.get_view_name() if hasattr(self.view, "title") else super().get_summary()

    def get_description(self) -> str:
        return self.view.get_view_description() if hasattr(self.view, "title") else super().get_description()

    def get_tags(self) -> list[str]:
        return [self.view.title] if hasattr(self.view, "title") else super().get_tags()


def drop_docstring_descriptions(result: dict, generator, **kwargs) -> dict:
    """A schema post-processing hook: record components lose the description taken from a docstring.

    drf-spectacular describes each serializer's component by its class docstring, which is written
    for programmers in English; what the docs page shows a client is Chinese (field titles, and the
    enums' descriptions, which are kept).
    """
    for component in result.get("components", {}).get("schemas", {}).values():
        if "properties" in component:
            component.pop("description", None)
    return result


# Where a client finds the ids that the filters choosing a record take.
ID_SOURCES = {
    "place": "/api/townships/ 所列的 county、prefecture、region",
    "township": "/api/townships/",
    "category": "/api/categories/",
    "department": "/api/departments/",
}


def _filter_type(search_filter: django_filters.Filter) -> OpenApiTypes:
    if isinstance(search_filter, django_filters.ModelChoiceFilter):
        return OpenApiTypes.INT  # a place, township, category or department is chosen by its id
    if issubclass(search_filter.field_class, forms.BooleanField):
        return OpenApiTypes.BOOL
    return OpenApiTypes.STR


def search_filter_parameters() -> list[OpenApiParameter]:
    """The item list's query parameters: one per search filter, described by its label and help.

    Written out from DutySearchFilter because drf-spectacular cannot type the filters that
    work through a method (place, department, all_versions) and would call them strings.
    """
    parameters = []
    for name, search_filter in DutySearchFilter.base_filters.items():
        choices = search_filter.extra.get("choices")
        kind = _filter_type(search_filter)
        description = str(search_filter.label)
        if kind == OpenApiTypes.INT:
            description += f"编号（见 {ID_SOURCES[name]}）" if name in ID_SOURCES else "编号"
        if search_filter.extra.get("help_text"):
            description += f"。{search_filter.extra['help_text']}"
        parameters.append(OpenApiParameter(
            name, kind, OpenApiParameter.QUERY, description=description,
            enum=[value for value, _ in choices] if isinstance(choices, (list, tuple)) else None,
        ))
    return parameters
