"""Downloads: a township's list as the portal's Excel workbook, the search results as xlsx or CSV.

A search export past settings.DUTYLISTS_EXPORT_MAX_ROWS items is refused with a page saying
how to narrow it, never started and cut off.
"""

from __future__ import annotations

import tempfile
from http import HTTPStatus
from collections.abc import Callable
from typing import BinaryIO

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from township.selectors import (
    lists as selectors_lists, places as selectors_places, search as selectors_search,
)
from township.exports import duty_list_as_xlsx, search_results_as_csv, search_results_as_xlsx
from township.exports.search import export_limit, export_refusal, exportable_count
from township.exports.xlsx import workbook_title
from township.models import Duty, Township
from township.views.downloads import attachment_header
from township.views.pages import TOWNSHIP_NOT_FOUND, VERSION_NOT_FOUND

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_TYPE = "text/csv; charset=utf-8"
SEARCH_FILE = "履职事项检索结果"
SEARCH_TITLE = "履职事项检索结果（{summary}）"


def _xlsx_response(write: Callable[[BinaryIO], None], filename: str) -> FileResponse:
    """Write a workbook to a temporary file (not memory) and send it; the file goes when sent."""
    spool = tempfile.TemporaryFile()
    write(spool)
    spool.seek(0)
    response = FileResponse(spool, content_type=XLSX_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response


@require_safe
def township_xlsx(request: HttpRequest, township_id: int, list_id: int | None = None) -> FileResponse:
    """Send a township's latest list (or the version asked for) as an Excel workbook."""
    try:
        township = selectors_places.township_detail(township_id=township_id)
    except Township.DoesNotExist:
        raise Http404(TOWNSHIP_NOT_FOUND)
    duty_list = selectors_lists.duty_list_for_export(township=township, list_id=list_id)
    if duty_list is None:
        raise Http404(VERSION_NOT_FOUND)
    filename = f"{township.county.name}{workbook_title(duty_list)}.xlsx"
    return _xlsx_response(lambda spool: duty_list_as_xlsx(duty_list, spool), filename)


def _refused(request: HttpRequest, duties: QuerySet[Duty]) -> HttpResponse:
    """A page saying the search is too broad to export (400: the filters must change), with a way back."""
    # The bounded count has said "more than the limit"; the message says no more (an exact
    # count of a country-wide search would cost seconds for one figure).
    message = export_refusal(export_limit() + 1)
    back = reverse("township:search") + ("?" + request.GET.urlencode() if request.GET else "")
    context = {"message": message, "back": back}
    return render(request, "township/export_refused.html", context, status=HTTPStatus.BAD_REQUEST)


@require_safe
def search_xlsx(request: HttpRequest) -> HttpResponse:
    """Send the search page's results, with its filters, as an Excel workbook (or refuse too many)."""
    duty_search = selectors_search.duty_search(params=request.GET)
    duties = selectors_search.duty_search_export(duty_search=duty_search)
    count = exportable_count(duties)
    if count is None:
        return _refused(request, duties)
    title = SEARCH_TITLE.format(summary=duty_search.summary(count))
    return _xlsx_response(lambda spool: search_results_as_xlsx(duties, spool, title=title),
                          f"{SEARCH_FILE}.xlsx")


@require_safe
def search_csv(request: HttpRequest) -> HttpResponse:
    """Stream the search page's results, with its filters, as CSV (UTF-8 with BOM), or refuse too many.

    The query runs before the response starts (see search_results_as_csv), so a failure there
    is an ordinary error page. A failure after the first bytes cannot change the status any
    more: the exception ends the response iterator, the server drops the connection without
    the closing chunk of its chunked encoding (no Content-Length is ever sent), and the browser
    reports an interrupted download, not a complete-looking file. The row cap keeps a healthy
    export well inside gunicorn's timeout, whose kill would end the download the same way.
    """
    duty_search = selectors_search.duty_search(params=request.GET)
    duties = selectors_search.duty_search_export(duty_search=duty_search)
    if exportable_count(duties) is None:
        return _refused(request, duties)
    response = StreamingHttpResponse(search_results_as_csv(duties), content_type=CSV_TYPE)
    response["Content-Disposition"] = attachment_header(f"{SEARCH_FILE}.csv")
    return response
