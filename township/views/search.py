"""The search and filter page."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from township.exports.search import export_refusal
from township.search import search_result
from township.selectors import search as selectors_search
from township.views.caching import cached_page

RESULTS_PER_PAGE = 50


@cached_page(scope="global")  # results change only when lists do; each query string is a page of its own
def search(request: HttpRequest) -> HttpResponse:
    """Render the filters, a line saying what is shown, and one page of matching items.

    At most RESULT_LIMIT items are listed; past that the summary says "以上" and the page asks
    for a narrower search instead of counting the whole country.
    """
    duty_search = selectors_search.duty_search(params=request.GET)
    results = selectors_search.duty_search_results(duty_search=duty_search, rows=selectors_search.result_rows())
    page = Paginator(results, RESULTS_PER_PAGE).get_page(request.GET.get("page"))
    terms = duty_search.terms
    duties = selectors_search.with_excerpts(list(page.object_list), terms)
    context = {
        "form": duty_search.form,
        "summary": duty_search.summary(results.found, more=results.more),
        "more": results.more,
        "limit": results.limit,
        "page": page,
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "ellipsis": Paginator.ELLIPSIS,
        "results": [search_result(duty, terms) for duty in duties],
        "every_version": duty_search.every_version,
        "townships": selectors_search.townships_named(text=duty_search.keyword_text),
        # The page's count: no extra query. Past the limit the export itself counts, and refuses.
        "export_refusal": export_refusal(results.found),
    }
    return render(request, "township/search.html", context)
