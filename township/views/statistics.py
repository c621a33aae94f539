"""The statistics pages, one place level at a time: each child's items per part, categories, departments."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.safestring import SafeString

from township.charts import Series, StackedBar, bar_chart
from township.models import Duty, Place
from township.selectors import statistics as selectors_stats
from township.selectors.statistics import DEPARTMENT_KINDS, MAX_AREAS, TOP_DEPARTMENTS, Statistics
from township.views.caching import cached_page

COUNTY_NOT_FOUND = "没有这个县（市、区）"
PLACE_NOT_FOUND = "没有这个行政区划"
# The chart shows the leading departments; the table below it ranks them all (a county) or as many.
CHART_DEPARTMENTS = TOP_DEPARTMENTS
PART_SERIES = [Series(kind, str(label)) for kind, label in Duty.Kind.choices]
DEPARTMENT_SERIES = [series for series in PART_SERIES if series.key in DEPARTMENT_KINDS]
# Column headings short enough for a phone, as the home page abbreviates the parts.
PART_SHORT_LABELS = {Duty.Kind.BASIC: "基本", Duty.Kind.COORDINATING: "配合", Duty.Kind.RECLAIMED: "收回"}
# What one row of the first table is, by the level of the page's place (None: the whole country).
AREA_NOUNS = {None: "自治区（省）", Place.Level.REGION: "地（州、市）", Place.Level.PREFECTURE: "县（市、区）",
              Place.Level.COUNTY: "乡镇（街道）"}
HIDDEN_AREAS = "下级区划较多，此处只列出按名称排序的前 {shown} 个，另有 {hidden} 个未列出。"


def area_noun(stats: Statistics) -> str:
    """What the rows of the page are, in Chinese."""
    return AREA_NOUNS[stats.place.level if stats.place else None]


def area_chart(stats: Statistics) -> SafeString:
    """Each row's items (a child place's or a township's), stacked by part."""
    bars = [StackedBar(area.name, tuple(area.count(series.key) for series in PART_SERIES)) for area in stats.areas]
    return bar_chart(title=f"各{area_noun(stats)}履职事项数", series=PART_SERIES, bars=bars,
                     description="每行一个区划或乡镇，按基本、配合、收回三部分分段；具体数字见下表。")


def category_chart(stats: Statistics) -> SafeString:
    """Each category's items over all rows shown, stacked by part."""
    bars = [StackedBar(totals.category.name, tuple(totals.count(series.key) for series in PART_SERIES))
            for totals in stats.category_totals]
    return bar_chart(title="各类别履职事项数", series=PART_SERIES, bars=bars,
                     description="每个事项类别一行，按三部分分段；分区划或分乡镇的数字见下表。")


def department_chart(stats: Statistics) -> SafeString:
    """The leading departments by items naming them, stacked by part."""
    bars = [StackedBar(rank.name, (rank.coordinating, rank.reclaimed))
            for rank in stats.departments[:CHART_DEPARTMENTS]]
    return bar_chart(title=f"列名事项最多的上级部门（前 {CHART_DEPARTMENTS} 个）",
                     series=DEPARTMENT_SERIES, bars=bars,
                     description="每个部门一行，按配合事项、收回事项分段；排名见下表。")


def render_statistics(request: HttpRequest, place: Place | None) -> HttpResponse:
    """Render one place's statistics page: each chart followed by its table."""
    stats = selectors_stats.statistics_summary(place=place)
    context = {
        "place": place,
        "levels_above": [(above.name, selectors_stats.statistics_url(above)) for above in place.lineage()[:-1]]
        if place else [],
        "stats": stats,
        "area_noun": area_noun(stats),
        "hidden_note": HIDDEN_AREAS.format(shown=MAX_AREAS, hidden=stats.hidden_areas) if stats.hidden_areas else "",
        "top_departments": TOP_DEPARTMENTS,
        "part_totals": [(series.label, stats.part_total(series.key)) for series in PART_SERIES],
        "part_short_labels": [PART_SHORT_LABELS[kind] for kind in Duty.Kind.values],
        "area_chart": area_chart(stats) if stats.total else "",
        "category_chart": category_chart(stats) if stats.total else "",
        "department_chart": department_chart(stats) if stats.departments else "",
    }
    return render(request, "township/statistics.html", context)


@cached_page(scope="global")  # summaries change only when lists do
def statistics(request: HttpRequest, county_id: int | None = None) -> HttpResponse:
    """The top-level places' figures, or (county_id) one county's townships."""
    if county_id is None:
        return render_statistics(request, None)
    try:
        county = selectors_stats.statistics_county(county_id=county_id)
    except Place.DoesNotExist:
        raise Http404(COUNTY_NOT_FOUND)
    return render_statistics(request, county)


@cached_page(scope="global")
def place_statistics(request: HttpRequest, place_id: int) -> HttpResponse:
    """One region's or prefecture's children with their figures (a county shows its townships)."""
    try:
        place = selectors_stats.statistics_place(place_id=place_id)
    except Place.DoesNotExist:
        raise Http404(PLACE_NOT_FOUND)
    return render_statistics(request, place)
