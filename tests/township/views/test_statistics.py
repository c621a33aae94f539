"""The statistics pages per place level: tables equal SQL counts, charts are accessible SVG, pages stay small."""

from __future__ import annotations

import io
import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.township.stats_sql import (
    expected_category_counts, expected_child_counts, expected_department_names, expected_departments,
    expected_part_counts,
)
from township.models import Department, Place, Township
from township.selectors.statistics import MAX_AREAS, TOP_DEPARTMENTS
from township.views.statistics import CHART_DEPARTMENTS, COUNTY_NOT_FOUND, HIDDEN_AREAS, PLACE_NOT_FOUND

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Tables(HTMLParser):
    """Every table of a page as {caption: [[cell text, …], …]}, header rows included."""

    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.rows: list[list[str]] | None = None
        self.caption = self.cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.rows, self.caption = [], ""
        elif tag == "tr" and self.rows is not None:
            self.rows.append([])
        elif tag in ("td", "th") and self.rows is not None:
            self.cell = ""
        elif tag == "caption":
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.rows is not None:
            self.rows[-1].append(self.cell.strip())
            self.cell = None
        elif tag == "caption":
            self.caption, self.cell = self.cell.strip(), None
        elif tag == "table":
            self.tables[self.caption] = self.rows
            self.rows = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def tables_of(response) -> dict[str, list[list[str]]]:
    parser = Tables()
    parser.feed(response.content.decode())
    return parser.tables


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def county(name: str) -> Place:
    return Place.objects.get(name=name, level="county")


def county_url(place: Place) -> str:
    return reverse("township:county_statistics", args=[place.pk])


def place_url(place: Place | None) -> str:
    return reverse("township:place_statistics", args=[place.pk]) if place else reverse("township:statistics")


def county_scopes() -> list[tuple[Place, str]]:
    return [(place, county_url(place)) for place in Place.objects.filter(level="county")]


def upper_scopes() -> list[tuple[Place | None, str]]:
    return [(None, place_url(None))] + [(place, place_url(place)) for place in Place.objects.exclude(level="county")]


def scopes() -> list[tuple[Place | None, str]]:
    return upper_scopes() + county_scopes()


def area_table(response) -> list[list[str]]:
    return next(rows for caption, rows in tables_of(response).items() if caption.endswith("最新清单各部分事项数"))


def test_a_countys_township_table_equals_each_latest_versions_counts_in_sql(client, two_versions_of_002):
    for place, url in county_scopes():
        header, *rows, footer = area_table(get_ok(client, url))
        shown = {row[0]: [int(cell) for cell in row[2:]] for row in rows}
        expected = {name: [counts.get(kind, 0) for kind in ("basic", "coordinating", "reclaimed")]
                    + [sum(counts.values())] for name, counts in expected_part_counts(place).items()}
        assert shown == expected, url
        assert [int(cell) for cell in footer[2:]] == [sum(column) for column in zip(*expected.values())], url


def test_above_county_level_each_child_place_adds_up_the_items_under_it_in_sql(client, two_versions_of_002):
    for place, url in upper_scopes():
        header, *rows, footer = area_table(get_ok(client, url))
        children = Place.objects.filter(parent=place) if place else Place.objects.filter(parent__isnull=True)
        expected = expected_child_counts(place)
        assert {row[0]: [int(cell) for cell in row[2:]] for row in rows} == {
            child.name: [expected.get(child.pk, {}).get(kind, 0) for kind in ("basic", "coordinating", "reclaimed")]
            + [sum(expected.get(child.pk, {}).values())] for child in children}, url
        assert int(footer[1]) == sum(int(row[1]) for row in rows), url


def test_a_countys_category_tables_equal_sql_counts_for_each_part(client, two_versions_of_002):
    labels = {"basic": "基本履职事项", "coordinating": "配合履职事项", "reclaimed": "上级部门收回事项"}
    for place, url in county_scopes():
        tables = tables_of(get_ok(client, url))
        shown = {}
        for kind, label in labels.items():
            header, *rows, footer = tables[f"{label}：各类别事项数"]
            for row in rows:
                assert int(row[-1]) == sum(map(int, row[1:-1]))
                shown.update({(kind, row[0], column): int(cell)
                              for column, cell in zip(header[1:-1], row[1:-1]) if int(cell)})
        assert shown == expected_category_counts(place), url


def test_above_county_level_the_category_tables_add_up_to_each_child_places_parts(client, two_versions_of_002):
    labels = {"basic": "基本履职事项", "coordinating": "配合履职事项", "reclaimed": "上级部门收回事项"}
    for place, url in upper_scopes():
        response = get_ok(client, url)
        tables, areas = tables_of(response), area_table(response)[1:-1]
        for column, (kind, label) in enumerate(labels.items(), start=2):
            header, *rows, footer = tables[f"{label}：各类别事项数"]
            assert header[1:-1] == [row[0] for row in areas], url
            sums = [sum(int(row[index]) for row in rows if len(row) == len(header)) for index in range(1, len(header))]
            assert sums == [int(row[column]) for row in areas] + [sum(int(row[column]) for row in areas)], url


def ranking_of(response) -> list[list[str]]:
    return next(rows for caption, rows in tables_of(response).items() if caption.startswith("上级部门列名事项数排名"))


def test_a_countys_department_ranking_equals_distinct_items_counted_in_sql(client, two_versions_of_002):
    names = dict(Department.objects.values_list("pk", "name"))
    for place, url in county_scopes():
        counts = [(row[1], int(row[-3]), int(row[-2])) for row in ranking_of(get_ok(client, url))[1:]]
        expected = expected_departments(place)
        assert sorted(counts) == sorted((names[pk], c, r) for pk, (c, r) in expected.items()), url
        totals = [c + r for _, c, r in counts]
        assert totals == sorted(totals, reverse=True)


def test_above_county_level_the_leading_department_names_add_up_their_counties(client, two_versions_of_002):
    for place, url in upper_scopes():
        response = get_ok(client, url)
        expected = expected_department_names(place)
        rows = ranking_of(response)[1:]
        assert len(rows) == min(TOP_DEPARTMENTS, len(expected)), url
        assert all((int(row[-3]), int(row[-2])) == expected[row[1]] for row in rows), url
        assert f"共 {len(expected)} 个名称" in response.content.decode()


def test_each_page_draws_three_accessible_charts_each_followed_by_its_table(client, bundled_lists):
    for url, rows in ((county_url(county("于田县")), "各乡镇（街道）履职事项数"), (place_url(None), "各自治区（省）履职事项数")):
        html = get_ok(client, url).content.decode()
        charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', html)
        assert charts == [rows, "各类别履职事项数", f"列名事项最多的上级部门（前 {CHART_DEPARTMENTS} 个）"]
        for section in re.findall(r'<section class="stats-section".*?</section>', html, flags=re.S):
            assert section.index("<svg") < section.index("<table")
        assert html.count("<title>") >= 3 + 1  # each chart's own title besides the page's


def test_the_department_chart_shows_the_leading_departments_only(client, bundled_lists):
    html = get_ok(client, reverse("township:statistics")).content.decode()
    chart = re.findall(r"<svg.*?</svg>", html, flags=re.S)[2]
    assert chart.count('class="chart-bar"') == CHART_DEPARTMENTS
    assert len(expected_department_names(None)) > CHART_DEPARTMENTS


def test_the_pages_have_no_inline_styles_or_scripts(client, bundled_lists):
    for _, url in scopes():
        html = get_ok(client, url).content.decode()
        assert not re.search(r"\sstyle=|<style|<script|\son\w+=\"", html), url


def test_the_county_page_names_its_county_and_links_each_level_above_it(client, bundled_lists):
    """Changed on purpose: the county page no longer links every other county (hundreds at national
    scale); its breadcrumbs lead up the levels, and each level's page links its children."""
    place = county("于田县")
    html = get_ok(client, county_url(place)).content.decode()
    assert "<title>于田县履职事项统计 · 乡镇履职事项清单</title>" in html
    assert "于田县履职事项统计" in html and "先拜巴扎镇" in html and "潘津镇" not in html
    breadcrumbs = re.search(r'<nav class="breadcrumbs".*?</nav>', html, flags=re.S).group()
    assert f'href="{reverse("township:statistics")}"' in breadcrumbs
    for above in place.lineage()[:-1]:
        assert f'href="{place_url(above)}">{above.name}</a>' in breadcrumbs, above
        assert f'href="{county_url(place)}"' in get_ok(client, place_url(place.parent)).content.decode()


def test_every_level_links_down_to_its_children_from_the_top(client, bundled_lists):
    for place in Place.objects.all():
        parent_page = get_ok(client, place_url(place.parent)).content.decode()
        own = county_url(place) if place.level == "county" else place_url(place)
        assert f'href="{own}">{place.name}</a>' in parent_page, place


def test_home_links_to_the_statistics_and_each_countys_place_pages_to_its_own(client, bundled_lists):
    html = get_ok(client, "/").content.decode()
    assert f'href="{reverse("township:statistics")}"' in html
    # Counties are listed on their place pages now, no longer all on the home page.
    for place in Place.objects.filter(level="county"):
        for page in (place, place.parent):
            html = get_ok(client, page.get_absolute_url()).content.decode()
            assert re.search(rf'href="{county_url(place)}" aria-label="{place.name}统计"', html), (place, page)


@pytest.mark.parametrize("place_name", ["和田地区", "新疆维吾尔自治区"])
def test_a_place_that_is_not_a_county_has_no_county_page_but_a_place_page(client, bundled_lists, place_name):
    place = Place.objects.get(name=place_name)
    assert client.get(county_url(place)).status_code == 404
    assert f"{place_name}履职事项统计" in get_ok(client, place_url(place)).content.decode()


def test_a_county_reached_as_a_place_shows_its_townships(client, bundled_lists):
    html = get_ok(client, place_url(county("于田县"))).content.decode()
    assert "各乡镇（街道）最新清单各部分事项数" in html and "先拜巴扎镇" in html


def test_an_unknown_county_answers_404_saying_so(client, db, settings):
    settings.DEBUG = True  # the technical 404 page shows the view's message
    response = client.get(reverse("township:county_statistics", args=[999999]))
    assert response.status_code == 404 and COUNTY_NOT_FOUND in unescape(response.content.decode())
    response = client.get(reverse("township:place_statistics", args=[999999]))
    assert response.status_code == 404 and PLACE_NOT_FOUND in unescape(response.content.decode())


def test_without_any_list_the_page_says_so(client, db):
    assert "尚无已导入的清单" in get_ok(client, reverse("township:statistics")).content.decode()


def test_names_are_escaped_in_charts_and_tables(client, bundled_lists):
    Township.objects.filter(name="先拜巴扎镇").update(name=f"先拜巴扎镇{XSS}")
    Department.objects.filter(name="于田县委组织部").update(name=f"于田县委组织部{XSS}")
    Place.objects.filter(name="新疆维吾尔自治区").update(name=f"新疆维吾尔自治区{XSS}")
    for url in (reverse("township:statistics"), county_url(county("于田县"))):
        html = get_ok(client, url).content.decode()
        assert XSS not in html and ESCAPED_XSS in html, url
        for chart in re.findall(r"<svg.*?</svg>", html, flags=re.S):
            assert "<script" not in chart


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


def demo_pages() -> list[str]:
    """The top page and one page of each level down to a county of the demo data."""
    demo_county = Place.objects.filter(level="county", townships__lists__layout="demo").first()
    return [place_url(None), place_url(demo_county.parent.parent), place_url(demo_county.parent),
            county_url(demo_county)]


# Session, place, children, their figures, categories, departments (and a count when capped).
MAX_PAGE_QUERIES = 8
MAX_PAGE_BYTES = 300_000


def test_the_pages_ask_the_same_few_queries_and_stay_small_with_2_or_20_townships(
        client, bundled_lists, django_assert_max_num_queries):
    measured = []
    for townships in (2, 20):
        # --reset once only: its temporary tables last until the test's transaction ends.
        reset = ["--reset"] if measured else []
        call_command("make_demo_data", *reset, "--townships", str(townships), stdout=io.StringIO(),
                     stderr=io.StringIO())
        counts = []
        for url in demo_pages():
            with django_assert_max_num_queries(MAX_PAGE_QUERIES):
                response = get_ok(client, url)
            assert len(response.content) <= MAX_PAGE_BYTES, url
            counts.append(query_count(client, url))
        measured.append(counts)
    assert measured[0] == measured[1]


def test_the_pages_ask_a_few_queries_whatever_the_scope(client, two_versions_of_002, django_assert_max_num_queries):
    for _, url in scopes():
        with django_assert_max_num_queries(MAX_PAGE_QUERIES):
            get_ok(client, url)
    assert len({query_count(client, url) for _, url in scopes()}) <= 2  # a place page adds its own lookup


def test_a_place_with_more_children_than_a_page_holds_says_how_many_are_not_listed(client, db):
    region = Place.objects.create(name="大省", level="region")
    Place.objects.bulk_create([Place(name=f"县{number:03}", level="county", parent=region)
                               for number in range(MAX_AREAS + 3)])
    html = get_ok(client, place_url(region)).content.decode()
    assert HIDDEN_AREAS.format(shown=MAX_AREAS, hidden=3) in html
    assert "县199" in html and "县200" not in html
