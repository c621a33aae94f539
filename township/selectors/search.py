"""Reads of the search page, its exports and the API's item search: the one home of search.

Only this module (and the API's reads) uses township.filters; filters.py itself builds on
township.selectors.common alone, so the two never import each other.
"""

from __future__ import annotations

from typing import Mapping

from django.db.models import QuerySet

from township.filters import DutySearchFilter
from township.models import Duty
from township.selectors.common import SEARCH_ORDER


def duty_search(*, params: Mapping[str, str]) -> DutySearchFilter:
    """The search page's filters bound to a query string; `.qs` is the matching items, best first.

    The items come with what a result row shows (township, category) joined, and with their
    steps and methods prefetched for excerpts: a page costs the same queries however many match.
    """
    duties = (
        Duty.objects.select_related("category", "duty_list__township__county")
        .prefetch_related("blocks__steps", "methods")
        .defer("search_document")  # kilobytes per item that only the database needs
        .order_by(*SEARCH_ORDER)
    )
    return DutySearchFilter(params, queryset=duties)


def duty_search_export(*, duty_search: DutySearchFilter) -> QuerySet[Duty]:
    """The search page's very query (same filters, same order) plus the links an export writes."""
    return duty_search.qs.prefetch_related("duty_departments")
