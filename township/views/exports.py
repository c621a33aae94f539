"""Downloads: a township's list as the portal's Excel workbook, the search results as xlsx or CSV."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from typing import BinaryIO

from django.http import FileResponse, Http404, HttpRequest, StreamingHttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from township.selectors import (
    lists as selectors_lists, places as selectors_places, search as selectors_search,
)
from township.exports import duty_list_as_xlsx, search_results_as_csv, search_results_as_xlsx
from township.exports.xlsx import workbook_title
from township.models import Township
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
    return FileResponse(spool, as_attachment=True, filename=filename, content_type=XLSX_TYPE)


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


@require_safe
def search_xlsx(request: HttpRequest) -> FileResponse:
    """Send the search page's results, with its filters, as an Excel workbook."""
    duty_search = selectors_search.duty_search(params=request.GET)
    duties = selectors_search.duty_search_export(duty_search=duty_search)
    title = SEARCH_TITLE.format(summary=duty_search.summary(duties.count()))
    return _xlsx_response(lambda spool: search_results_as_xlsx(duties, spool, title=title),
                          f"{SEARCH_FILE}.xlsx")


@require_safe
def search_csv(request: HttpRequest) -> StreamingHttpResponse:
    """Stream the search page's results, with its filters, as CSV (UTF-8 with BOM)."""
    duty_search = selectors_search.duty_search(params=request.GET)
    duties = selectors_search.duty_search_export(duty_search=duty_search)
    response = StreamingHttpResponse(search_results_as_csv(duties), content_type=CSV_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, f"{SEARCH_FILE}.csv")
    return response
