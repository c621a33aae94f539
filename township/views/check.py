"""The admission check page (事项准入核查): ask, see the verdicts at a stable address, export them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from township.check_forms import CheckForm
from township.exports.check import check_workbook
from township.models import AdmissionCheck
from township.selectors.admission import CheckRefused, CheckResult, admission_check
from township.services.admission import admission_check_create
from township.views.downloads import attachment_header

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_NAME = "事项准入核查结果.xlsx"


def check(request: HttpRequest) -> HttpResponse:
    """The form; a valid POST stores the check and goes to its own address."""
    form = CheckForm(request.POST, request.FILES) if request.method == "POST" else CheckForm()
    if request.method == "POST" and form.is_valid():
        stored = admission_check_create(tasks=form.cleaned_data["task_list"],
                                        townships=form.cleaned_data["township_list"], scope=form.scope(),
                                        source_name=getattr(form.cleaned_data.get("notice"), "name", "") or "")
        return redirect(stored)
    return render(request, "township/check.html", {"form": form}, status=400 if form.is_bound else 200)


def _result(stored: AdmissionCheck) -> tuple[CheckResult | None, str]:
    """The verdicts against today's lists, or why they cannot be given (a township lost its list)."""
    townships = list(stored.townships.select_related("county").order_by("county__name", "name"))
    try:
        return admission_check(tasks=stored.tasks, townships=townships), ""
    except CheckRefused as refusal:
        return None, str(refusal)


def check_result(request: HttpRequest, token: str) -> HttpResponse:
    """A stored check's verdicts, task by task and township by township."""
    stored = get_object_or_404(AdmissionCheck, token=token)
    result, refusal = _result(stored)
    context = {"form": CheckForm(), "stored": stored, "result": result, "refusal": refusal}
    return render(request, "township/check.html", context)


def check_export(request: HttpRequest, token: str) -> HttpResponse:
    """The verdicts as an Excel workbook, one row per task and township; back to the page when refused."""
    stored = get_object_or_404(AdmissionCheck, token=token)
    result, _ = _result(stored)
    if result is None:
        return redirect(stored)
    response = HttpResponse(check_workbook(result, scope=stored.scope), content_type=XLSX)
    response["Content-Disposition"] = attachment_header(EXPORT_NAME)
    return response
