"""The statistics pages: items per part and category per township, and departments ranked."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from township.selectors import statistics as selectors_stats
from township.charts import Series, StackedBar, bar_chart
from township.models import Duty, Place
from township.selectors.statistics import DEPARTMENT_KINDS, Statistics

COUNTY_NOT_FOUND = "没有这个县（市、区）"
# The chart shows the leading departments; the table below it ranks them all.
CHART_DEPARTMENTS = 20
PART_SERIES = [Series(kind, str(label)) for kind, label in Duty.Kind.choices]
DEPARTMENT_SERIES = [series for series in PART_SERIES if series.key in DEPARTMENT_KINDS]
# Column headings short enough for a phone, as the home page abbreviates the parts.
PART_SHORT_LABELS = {Duty.Kind.BASIC: "基本", Duty.Kind.COORDINATING: "配合", Duty.Kind.RECLAIMED: "收回"}


def township_chart(stats: Statistics) -> SafeString:
    """Each township's items, stacked by part."""
    everywhere = stats.county is None
    bars = [StackedBar(f"{figures.township.county.name}{figures.township.name}" if everywhere
                       else figures.township.name, tuple(figures.count(series.key) for series in PART_SERIES))
            for figures in stats.townships]
    return bar_chart(title="各乡镇（街道）履职事项数", series=PART_SERIES, bars=bars,
                     description="每个乡镇一行，按基本、配合、收回三部分分段；具体数字见下表。")


def category_chart(stats: Statistics) -> SafeString:
    """Each category's items over all townships shown, stacked by part."""
    bars = [StackedBar(totals.category.name, tuple(totals.count(series.key) for series in PART_SERIES))
            for totals in stats.category_totals]
    return bar_chart(title="各类别履职事项数", series=PART_SERIES, bars=bars,
                     description="每个事项类别一行，按三部分分段；各乡镇的数字见下表。")


def department_chart(stats: Statistics) -> SafeString:
    """The leading departments by items naming them, stacked by part."""
    everywhere = stats.county is None
    bars = [StackedBar(f"{rank.county_name}·{rank.name}" if everywhere else rank.name,
                       (rank.coordinating, rank.reclaimed)) for rank in stats.departments[:CHART_DEPARTMENTS]]
    return bar_chart(title=f"列名事项最多的上级部门（前 {CHART_DEPARTMENTS} 个）",
                     series=DEPARTMENT_SERIES, bars=bars,
                     description="每个部门一行，按配合事项、收回事项分段；完整排名见下表。")


def statistics(request: HttpRequest, county_id: int | None = None) -> HttpResponse:
    """Render one county's figures (or every county's), each chart followed by its table."""
    county = None
    if county_id is not None:
        try:
            county = selectors_stats.statistics_county(county_id=county_id)
        except Place.DoesNotExist:
            raise Http404(COUNTY_NOT_FOUND)
    stats = selectors_stats.statistics_summary(county=county)
    context = {
        "county": county,
        "stats": stats,
        "counties": selectors_stats.statistics_counties(),
        "part_totals": [(series.label, stats.part_total(series.key)) for series in PART_SERIES],
        "part_short_labels": [PART_SHORT_LABELS[kind] for kind in Duty.Kind.values],
        "township_chart": township_chart(stats) if stats.townships else "",
        "category_chart": category_chart(stats) if stats.townships else "",
        "department_chart": department_chart(stats) if stats.departments else "",
    }
    return render(request, "township/statistics.html", context)
