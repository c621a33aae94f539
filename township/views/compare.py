"""The compare page and its Excel export: 2 to 5 list versions lined up item by item."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header

from township import selectors
from township.charts import BarChart, grouped_bar_chart
from township.compare_export import comparison_workbook
from township.forms import CompareForm
from township.matching.comparison import Cell, CategoryRows, PartComparison, Row, compare_parts
from township.models import Duty, DutyList

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORT_NAME = "乡镇履职事项清单比较.xlsx"


@dataclass
class ComparedPart:
    """One part of the comparison with its chart of counts per category."""

    part: PartComparison
    chart: BarChart
    labels: list[str]

    @property
    def unique(self) -> list[tuple[str, list]]:
        """(list's short name, its items no other compared list has) for each list."""
        return list(zip(self.labels, self.part.unique_by_column))

    @property
    def count_rows(self) -> list[tuple[str, list[tuple[str, int]]]]:
        """The chart's figures as table rows: (category, [(list's short name, items)])."""
        return [(count.name, list(zip(self.labels, count.counts))) for count in self.part.counts]

    @property
    def category_rows(self) -> list[tuple[CategoryRows, list[tuple[Row, list[tuple[str, Cell | None]]]]]]:
        """Each category with its rows, each cell beside its list's short name (a phone shows it)."""
        return [(category, [(row, list(zip(self.labels, row.cells))) for row in category.rows])
                for category in self.part.categories]


@dataclass(frozen=True)
class ComparedList:
    """One column of the comparison: a version, its short name, and (part label, items) per part."""

    duty_list: DutyList
    label: str
    totals: tuple[tuple[str, int], ...]


@dataclass
class Comparison:
    """The versions compared (the columns, in order) and each part lined up."""

    lists: list[DutyList]
    parts: list[ComparedPart]

    @property
    def labels(self) -> list[str]:
        """A short name per column: the township, and the month when a township appears twice."""
        names = [duty_list.township.name for duty_list in self.lists]
        return [f"{name}（{duty_list.published:%Y年%-m月}）" if names.count(name) > 1 else name
                for name, duty_list in zip(names, self.lists)]

    @property
    def columns(self) -> list[ComparedList]:
        """Each compared version with its short name and its items per part, for the summary table."""
        return [
            ComparedList(duty_list, label, tuple(
                (compared.part.label, sum(count.counts[index] for count in compared.part.counts))
                for compared in self.parts))
            for index, (duty_list, label) in enumerate(zip(self.lists, self.labels))
        ]


def comparison_for(form: CompareForm) -> Comparison:
    """Line up the versions a valid form chose; the page and the export both show this."""
    lists = selectors.compare_lists(township_ids=form.cleaned_data["t"], list_ids=form.cleaned_data["v"])
    items = selectors.compare_items(lists=lists)
    parts = compare_parts(items=items, parts=list(Duty.Kind.choices), columns=len(lists))
    comparison = Comparison(lists, [])
    labels = comparison.labels
    for part in parts:
        chart = grouped_bar_chart(labels=[count.name for count in part.counts], series=labels,
                                  values=[count.counts for count in part.counts])
        comparison.parts.append(ComparedPart(part, chart, labels))
    return comparison


def _form(request: HttpRequest) -> CompareForm:
    townships, versions = selectors.compare_choices()
    bound = "t" in request.GET or "v" in request.GET
    return CompareForm(request.GET if bound else None, townships=townships, versions=versions)


def compare(request: HttpRequest) -> HttpResponse:
    """Render the choice of townships and, once 2 to 5 are chosen, their lists side by side."""
    form = _form(request)
    comparison = comparison_for(form) if form.is_bound and form.is_valid() else None
    context = {"form": form, "comparison": comparison,
               "export_url": f"{reverse('township:compare_export')}?{request.GET.urlencode()}"}
    return render(request, "township/compare.html", context)


def compare_export(request: HttpRequest) -> HttpResponse:
    """Send the comparison as an Excel workbook; back to the page to fix an invalid choice."""
    form = _form(request)
    if not (form.is_bound and form.is_valid()):
        return redirect(f"{reverse('township:compare')}?{request.GET.urlencode()}")
    comparison = comparison_for(form)
    workbook = comparison_workbook([compared.part for compared in comparison.parts],
                                   labels=comparison.labels, lists=comparison.lists)
    response = HttpResponse(workbook, content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, EXPORT_NAME)
    return response
