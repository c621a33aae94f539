"""Page-number pagination for every list the API returns."""

from __future__ import annotations

from rest_framework.pagination import PageNumberPagination

PAGE_SIZE = 50  # as many as one page of the search page
MAX_PAGE_SIZE = 200


class PageNumbers(PageNumberPagination):
    """`?page=N` (from 1), and `?page_size=N` for up to MAX_PAGE_SIZE records a page."""

    page_size = PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    page_query_description = "页码，从 1 开始。"
    page_size_query_description = f"每页条数，默认 {PAGE_SIZE}，最多 {MAX_PAGE_SIZE}。"
