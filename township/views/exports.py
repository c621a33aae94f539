"""Downloads: a township's list in each list format, the search results in each search format.

The formats, their content types and suffixes are the export registry's (township/exports/
registry.py); township/urls.py gives each format its addresses. A search export past
settings.DUTYLISTS_EXPORT_MAX_ROWS items is refused with a page saying how to narrow it,
never started and cut off.
"""

from __future__ import annotations

from http import HTTPStatus

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from township.selectors import (
    lists as selectors_lists, places as selectors_places, search as selectors_search,
)
from township.exports.registry import export_format, list_formats, search_formats
from township.exports.search import export_limit, export_refusal, exportable_count
from township.models import Duty, Township
from township.views.downloads import download, duty_list_download
from township.views.pages import TOWNSHIP_NOT_FOUND, VERSION_NOT_FOUND

# The content types tests and callers name; the registry is their one source.
XLSX_TYPE = export_format("xlsx").content_type
CSV_TYPE = export_format("csv").content_type
SEARCH_FILE = "履职事项检索结果"
SEARCH_TITLE = "履职事项检索结果（{summary}）"


@require_safe
def township_export(request: HttpRequest, township_id: int, list_id: int | None = None, *,
                    format_name: str) -> FileResponse:
    """Send a township's latest list (or the version asked for) in the format the address names."""
    export = export_format(format_name, among=list_formats())
    try:
        township = selectors_places.township_detail(township_id=township_id)
    except Township.DoesNotExist:
        raise Http404(TOWNSHIP_NOT_FOUND)
    duty_list = selectors_lists.duty_list_for_export(township=township, list_id=list_id)
    if duty_list is None:
        raise Http404(VERSION_NOT_FOUND)
    return duty_list_download(duty_list, export)


def _refused(request: HttpRequest, duties: QuerySet[Duty]) -> HttpResponse:
    """A page saying the search is too broad to export (400: the filters must change), with a way back."""
    # The bounded count has said "more than the limit"; the message says no more (an exact
    # count of a country-wide search would cost seconds for one figure).
    message = export_refusal(export_limit() + 1)
    back = reverse("township:search") + ("?" + request.GET.urlencode() if request.GET else "")
    context = {"message": message, "back": back}
    return render(request, "township/export_refused.html", context, status=HTTPStatus.BAD_REQUEST)


@require_safe
def search_export(request: HttpRequest, *, format_name: str) -> HttpResponse:
    """Send the search page's results, with its filters, in the format the address names (or refuse too many).

    The query and the first chunk run before the response starts (see search_results_as_csv), so
    a failure there is an ordinary error page. A streamed CSV cannot change its status after its
    first bytes: a failure then ends the response iterator, the server drops the connection
    without the closing chunk of its chunked encoding (no Content-Length is ever sent), and the
    browser reports an interrupted download, not a complete-looking file. The row cap keeps a
    healthy export well inside gunicorn's timeout, whose kill would end the download the same way.
    """
    export = export_format(format_name, among=search_formats())
    duty_search = selectors_search.duty_search(params=request.GET)
    duties = selectors_search.duty_search_export(duty_search=duty_search)
    count = exportable_count(duties)
    if count is None:
        return _refused(request, duties)
    title = SEARCH_TITLE.format(summary=duty_search.summary(count))
    return download(export.write_search(duties, title=title), export, f"{SEARCH_FILE}{export.suffix}")
