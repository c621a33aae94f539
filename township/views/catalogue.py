"""The catalogue's public page: one entry and the townships whose lists have it."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from township.selectors import catalogue as selectors_catalogue
from township.models import CatalogueEntry

ENTRY_NOT_FOUND = "没有这个事项目录条目"
# An entry common to every township of a province would list thousands: a page holds this many.
TOWNSHIPS_PER_PAGE = 100


def catalogue_entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    """Render an entry's usual wording, then one page of the townships that have it, each with its item."""
    try:
        entry = selectors_catalogue.catalogue_entry(entry_id=entry_id)
    except CatalogueEntry.DoesNotExist:
        raise Http404(ENTRY_NOT_FOUND)
    links = selectors_catalogue.catalogue_entry_links(entry=entry)
    page = Paginator(links, TOWNSHIPS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "entry": entry,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": Paginator.ELLIPSIS,
        "status": selectors_catalogue.catalogue_status(),
    }
    return render(request, "township/catalogue_entry.html", context)
