"""The OpenAPI schema's words for the API: Chinese names per operation, typed search filters."""

from __future__ import annotations

import django_filters
from django import forms
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter

from township.api.filters import REPEATABLE_FILTERS, ApiDutyFilter, SwitchField
from township.filters import MAX_DEPARTMENTS


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


ERROR_SCHEMAS = {
    "ParameterErrors": {
        "type": "object",
        "description": "以出错的查询参数名为键，值为说明如何改正的中文提示。",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    "FieldErrors": {
        "type": "object",
        "description": "以出错的请求体字段名为键（non_field_errors 指整个请求体），值为说明如何改正的中文提示。",
        "additionalProperties": {"type": "array", "items": {"type": "string"}},
    },
    "ErrorDetail": {
        "type": "object",
        "properties": {"detail": {"type": "string", "description": "中文说明。"}},
        "required": ["detail"],
    },
}
BAD_BODY = "请求体有误（字段缺失、类型不对、超出上限，或所给编号不存在）：逐个字段说明如何改正。"
BAD_PARAMETERS = ("查询参数有误（如 page、page_size 不是从 1 开始的整数，筛选条件的取值无效或所指记录不存在）："
                  "逐个参数说明如何改正。")
NOT_FOUND = "所请求的记录不存在（编号不是现有记录的编号），或页码超出了结果的页数。"
THROTTLED = "请求过于频繁：请按 Retry-After 所示的秒数之后再试。"
RETRY_AFTER = {"Retry-After": {"description": "多少秒之后可以再次请求。", "schema": {"type": "integer"}}}


def _error_response(description: str, component: str, headers: dict | None = None) -> dict:
    content = {"schema": {"$ref": f"#/components/schemas/{component}"}}
    response = {"description": description, "content": {"application/json": content}}
    return {**response, "headers": headers} if headers else response


def add_error_responses(result: dict, generator, **kwargs) -> dict:
    """A schema post-processing hook: every operation also states the errors it can answer.

    400 where the operation takes query parameters or a request body, 404 everywhere (an id that names no record,
    a page past the last), 429 past the rate limit; each body is JSON with Chinese messages.
    """
    result.setdefault("components", {}).setdefault("schemas", {}).update(ERROR_SCHEMAS)
    for path in result.get("paths", {}).values():
        for operation in path.values():
            responses = operation.setdefault("responses", {})
            if any(parameter.get("in") == "query" for parameter in operation.get("parameters", [])):
                responses.setdefault("400", _error_response(BAD_PARAMETERS, "ParameterErrors"))
            if "requestBody" in operation:
                responses.setdefault("400", _error_response(BAD_BODY, "FieldErrors"))
            responses.setdefault("404", _error_response(NOT_FOUND, "ErrorDetail"))
            responses.setdefault("429", _error_response(THROTTLED, "ErrorDetail", RETRY_AFTER))
    return result


# Where a client finds the ids that the filters choosing a record take.
ID_SOURCES = {
    "place": "/api/townships/ 所列的 county、prefecture、region",
    "township": "/api/townships/",
    "category": "/api/categories/",
    "department": "/api/departments/",
}
REPEATABLE = "可给多次（如 department=1&department=2，至多 {limit} 个）：事项须同时涉及所给的每一个。"


def _filter_type(search_filter: django_filters.Filter) -> OpenApiTypes:
    if isinstance(search_filter, django_filters.ModelChoiceFilter):
        return OpenApiTypes.INT  # a place, township, category or department is chosen by its id
    if issubclass(search_filter.field_class, (forms.BooleanField, SwitchField)):
        return OpenApiTypes.BOOL
    return OpenApiTypes.STR


def search_filter_parameters() -> list[OpenApiParameter]:
    """The item list's query parameters: one per search filter, described by its label and help.

    Written out from the item filters because drf-spectacular cannot type the filters that
    work through a method (place, department, all_versions) and would call them strings.
    """
    parameters = []
    for name, search_filter in ApiDutyFilter.base_filters.items():
        choices = search_filter.extra.get("choices")
        kind = _filter_type(search_filter)
        description = str(search_filter.label)
        if kind == OpenApiTypes.INT:
            description += f"编号（见 {ID_SOURCES[name]}）" if name in ID_SOURCES else "编号"
        if search_filter.extra.get("help_text"):
            description += f"。{search_filter.extra['help_text']}"
        if search_filter.extra.get("max_length"):  # longer keywords answer 400
            kind = {"type": "string", "maxLength": search_filter.extra["max_length"]}
        repeatable = name in REPEATABLE_FILTERS
        if repeatable:  # `department=1&department=2`: form style, exploded, as many as the filter takes
            description += f"。{REPEATABLE.format(limit=MAX_DEPARTMENTS)}"
            kind = {"type": "array", "items": {"type": "integer"}, "maxItems": MAX_DEPARTMENTS}
        parameters.append(OpenApiParameter(
            name, kind, OpenApiParameter.QUERY, description=description,
            enum=[value for value, _ in choices] if isinstance(choices, (list, tuple)) else None,
            style="form" if repeatable else None, explode=True if repeatable else None,
        ))
    return parameters
