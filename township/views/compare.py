"""The compare page and its Excel export: 2 to 5 list versions lined up item by item."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import SafeString

from township.selectors import compare as selectors_compare
from township.charts import GroupedBar, grouped_bar_chart
from township.exports.compare import comparison_workbook
from township.exports.registry import export_format
from township.forms import CompareCountyForm, CompareForm, ticked_ids
from township.selectors.compare import ComparedPart, Comparison
from township.views.downloads import attachment_header

XLSX = export_format("xlsx").content_type  # the comparison is a workbook like the other exports
EXPORT_NAME = "乡镇履职事项清单比较.xlsx"


def category_chart(compared: ComparedPart) -> SafeString:
    """One part's items per category, a bar per compared list."""
    part = compared.part
    return grouped_bar_chart(title=f"{part.label}各类别事项数", chart_id=part.kind, series=compared.labels,
                             groups=[GroupedBar(count.name, count.counts) for count in part.counts])


def _forms(request: HttpRequest) -> tuple[CompareCountyForm, CompareForm]:
    """The county box and the boxes to tick: the chosen county's townships and those already ticked.

    Choosing a county (`step=county`, the county box's button) keeps the ticked boxes without
    judging them: a person ticks in one county, then goes on to the next.
    """
    county_form = CompareCountyForm(request.GET)
    county = county_form.cleaned_data["county"] if county_form.is_valid() else None
    ticked = {"t": ticked_ids(request.GET, "t"), "v": ticked_ids(request.GET, "v")}
    townships, versions = selectors_compare.compare_choices(
        county=county, township_ids=ticked["t"], list_ids=ticked["v"])
    bound = ("t" in request.GET or "v" in request.GET) and request.GET.get("step") != "county"
    form = CompareForm(request.GET if bound else None, initial=ticked, townships=townships, versions=versions,
                       county=county)
    return county_form, form


def _comparison(form: CompareForm) -> Comparison:
    return selectors_compare.compare_result(township_ids=form.cleaned_data["t"], list_ids=form.cleaned_data["v"])


def compare(request: HttpRequest) -> HttpResponse:
    """Render the county box, its townships to tick and, once 2 to 5 are ticked, their lists side by side."""
    county_form, form = _forms(request)
    comparison = _comparison(form) if form.is_bound and form.is_valid() else None
    context = {
        "county_form": county_form,
        "form": form,
        "comparison": comparison,
        "parts": [(compared, category_chart(compared)) for compared in comparison.parts] if comparison else [],
        "export_url": f"{reverse('township:compare_export')}?{request.GET.urlencode()}",
    }
    return render(request, "township/compare.html", context)


def compare_export(request: HttpRequest) -> HttpResponse:
    """Send the comparison as an Excel workbook; back to the page to fix an invalid choice."""
    _, form = _forms(request)
    if not (form.is_bound and form.is_valid()):
        return redirect(f"{reverse('township:compare')}?{request.GET.urlencode()}")
    response = HttpResponse(comparison_workbook(_comparison(form)), content_type=XLSX)
    response["Content-Disposition"] = attachment_header(EXPORT_NAME)
    return response
