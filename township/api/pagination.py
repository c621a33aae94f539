"""Page-number pagination for every list the API returns, refusing malformed page parameters."""

from __future__ import annotations

import re

from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination

from township.selectors.search import RESULT_LIMIT

PAGE_SIZE = 50  # as many as one page of the search page
MAX_PAGE_SIZE = 200

INVALID_PAGE = "页码 page 应为从 1 开始的整数，收到“{value}”。"
INVALID_PAGE_SIZE = "每页条数 page_size 应为从 1 开始的整数（大于 {maximum} 的按 {maximum} 计），收到“{value}”。"
REPEATED_PARAMETER = "参数 {name} 只能给一次，收到 {count} 个。"
PAGE_NOT_FOUND = "第 {page_number} 页不存在：页码超出了结果的页数。"

_DIGITS = re.compile(r"[0-9]+")
# A page number longer than this is past the end of any list; converting it is not worth the time.
_MAX_DIGITS = 18


def _whole_number(value: str) -> int | None:
    """A whole number written in ASCII digits (no sign, spaces or other scripts), else None."""
    if not _DIGITS.fullmatch(value):
        return None
    digits = value.lstrip("0") or "0"
    return int(digits) if len(digits) <= _MAX_DIGITS else 10**_MAX_DIGITS


class PageNumbers(PageNumberPagination):
    """`?page=N` (from 1), and `?page_size=N` for up to MAX_PAGE_SIZE records a page.

    DRF quietly falls back to the default for a page size it cannot read (`page_size=null`) and
    reads `page=last`; here anything but a whole number from 1 answers 400 naming the parameter,
    so a client's mistake is not mistaken for a page of results.
    """

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    last_page_strings = ()
    invalid_page_message = PAGE_NOT_FOUND
    page_query_description = "页码，从 1 开始；超出页数时答 404。"
    page_size_query_description = f"每页条数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}（更大的数按 {MAX_PAGE_SIZE} 计）。"

    def _parameter(self, request, name: str, message: str) -> int | None:
        """The parameter `name` as a whole number from 1, None when absent; 400 when malformed."""
        values = request.query_params.getlist(name)
        if not values:
            return None
        if len(values) > 1:
            raise ValidationError({name: [REPEATED_PARAMETER.format(name=name, count=len(values))]})
        number = _whole_number(values[0])
        if not number:
            raise ValidationError({name: [message.format(value=values[0][:50], maximum=MAX_PAGE_SIZE)]})
        return number

    def get_page_size(self, request) -> int:
        asked = self._parameter(request, self.page_size_query_param, INVALID_PAGE_SIZE)
        return min(asked, self.max_page_size) if asked else self.page_size

    def get_page_number(self, request, paginator) -> int:
        return self._parameter(request, self.page_query_param, INVALID_PAGE) or 1

    def get_schema_operation_parameters(self, view) -> list[dict]:
        """DRF's two parameters, stated as whole numbers from 1."""
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"] = {**parameter["schema"], "minimum": 1}
        return parameters


class BoundedPageNumbers(PageNumbers):
    """Pages of a bounded result (township.selectors.search): `count` is what is listed, `more` says more match.

    Past RESULT_LIMIT items an API client narrows its filters, as a person does on the page
    (by township: /api/townships/ lists them); nothing counts every item of the country.
    """

    more = False

    def paginate_queryset(self, queryset, request, view=None):
        self.more = getattr(queryset, "more", False)
        return super().paginate_queryset(queryset, request, view)

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data["more"] = self.more
        return response

    def get_paginated_response_schema(self, schema: dict) -> dict:
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"]["count"]["description"] = f"所列事项数，最多 {RESULT_LIMIT}。"
        paginated["properties"]["more"] = {
            "type": "boolean",
            "description": f"是否还有更多事项符合条件：超过 {RESULT_LIMIT} 项时只列出前 {RESULT_LIMIT} 项，请增加筛选条件（如按乡镇）。",
        }
        paginated["required"] = [*paginated.get("required", []), "more"]
        return paginated
