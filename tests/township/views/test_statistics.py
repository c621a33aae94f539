"""The statistics pages: their tables equal SQL counts, their charts are accessible SVG, both escaped."""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.township.stats_sql import expected_category_counts, expected_departments, expected_part_counts
from township.models import Department, Place, Township
from township.views.statistics import CHART_DEPARTMENTS, COUNTY_NOT_FOUND

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


def scopes() -> list[tuple[Place | None, str]]:
    return [(None, reverse("township:statistics"))] + [
        (place, county_url(place)) for place in Place.objects.filter(level="county")]


def shown_name(township: Township, place: Place | None) -> str:
    """How a table names a township: with its county on the page for everything."""
    return township.name if place else f"{township.county.name}{township.name}"


def test_the_township_table_equals_each_latest_versions_counts_in_sql(client, two_versions_of_002):
    for place, url in scopes():
        header, *rows, footer = tables_of(get_ok(client, url))["各乡镇（街道）最新清单各部分事项数"]
        names = {shown_name(township, place): township.name for township in Township.objects.select_related("county")}
        shown = {names[row[0]]: [int(cell) for cell in row[2:]] for row in rows}
        expected = {name: [counts.get(kind, 0) for kind in ("basic", "coordinating", "reclaimed")]
                    + [sum(counts.values())] for name, counts in expected_part_counts(place).items()}
        assert shown == expected, url
        assert [int(cell) for cell in footer[1:]] == [sum(column) for column in zip(*expected.values())], url


def test_the_category_tables_equal_sql_counts_for_each_part(client, two_versions_of_002):
    labels = {"basic": "基本履职事项", "coordinating": "配合履职事项", "reclaimed": "上级部门收回事项"}
    for place, url in scopes():
        tables = tables_of(get_ok(client, url))
        names = {shown_name(township, place): township.name for township in Township.objects.select_related("county")}
        shown = {}
        for kind, label in labels.items():
            header, *rows, footer = tables[f"{label}：各类别事项数"]
            for row in rows:
                assert int(row[-1]) == sum(map(int, row[1:-1]))
                shown.update({(kind, row[0], names[column]): int(cell)
                              for column, cell in zip(header[1:-1], row[1:-1]) if int(cell)})
        assert shown == expected_category_counts(place), url


def test_the_department_ranking_equals_distinct_items_counted_in_sql(client, two_versions_of_002):
    names = dict(Department.objects.values_list("pk", "name"))
    for place, url in scopes():
        rows = tables_of(get_ok(client, url))
        ranking = next(rows for caption, rows in rows.items() if caption.startswith("上级部门列名事项数排名"))
        counts = [(row[1], int(row[-3]), int(row[-2])) for row in ranking[1:]]
        expected = expected_departments(place)
        assert sorted(counts) == sorted((names[pk], c, r) for pk, (c, r) in expected.items()), url
        totals = [c + r for _, c, r in counts]
        assert totals == sorted(totals, reverse=True)


def test_each_page_draws_three_accessible_charts_each_followed_by_its_table(client, bundled_lists):
    html = get_ok(client, county_url(county("于田县"))).content.decode()
    charts = re.findall(r'<svg[^>]*role="img"[^>]*aria-label="([^"]+)"', html)
    assert charts == ["各乡镇（街道）履职事项数", "各类别履职事项数", f"列名事项最多的上级部门（前 {CHART_DEPARTMENTS} 个）"]
    for section in re.findall(r'<section class="stats-section".*?</section>', html, flags=re.S):
        assert section.index("<svg") < section.index("<table")
    assert html.count("<title>") >= 3 + 1  # each chart's own title besides the page's


def test_the_department_chart_shows_the_leading_departments_only(client, bundled_lists):
    html = get_ok(client, reverse("township:statistics")).content.decode()
    chart = re.findall(r"<svg.*?</svg>", html, flags=re.S)[2]
    assert chart.count('class="chart-bar"') == CHART_DEPARTMENTS
    assert Department.objects.count() > CHART_DEPARTMENTS


def test_the_pages_have_no_inline_styles_or_scripts(client, bundled_lists):
    for _, url in scopes():
        html = get_ok(client, url).content.decode()
        assert not re.search(r"\sstyle=|<style|<script|\son\w+=\"", html), url


def test_the_county_page_names_its_county_and_links_every_other_scope(client, bundled_lists):
    place = county("于田县")
    response = get_ok(client, county_url(place))
    html = response.content.decode()
    assert "<title>于田县履职事项统计 · 乡镇履职事项清单</title>" in html
    assert "于田县履职事项统计" in html and "先拜巴扎镇" in html and "潘津镇" not in html
    for other in Place.objects.filter(level="county"):
        assert f'href="{county_url(other)}"' in html
    assert f'href="{reverse("township:statistics")}"' in html


def test_home_links_to_the_statistics_and_each_countys_place_pages_to_its_own(client, bundled_lists):
    html = get_ok(client, "/").content.decode()
    assert f'href="{reverse("township:statistics")}"' in html
    # Counties are listed on their place pages now, no longer all on the home page.
    for place in Place.objects.filter(level="county"):
        for page in (place, place.parent):
            html = get_ok(client, page.get_absolute_url()).content.decode()
            assert re.search(rf'href="{county_url(place)}" aria-label="{place.name}统计"', html), (place, page)


@pytest.mark.parametrize("place_name", ["和田地区", "新疆维吾尔自治区"])
def test_a_place_that_is_not_a_county_has_no_statistics_page(client, bundled_lists, place_name):
    response = client.get(county_url(Place.objects.get(name=place_name)))
    assert response.status_code == 404


def test_an_unknown_county_answers_404_saying_so(client, db, settings):
    settings.DEBUG = True  # the technical 404 page shows the view's message
    response = client.get(reverse("township:county_statistics", args=[999999]))
    assert response.status_code == 404 and COUNTY_NOT_FOUND in unescape(response.content.decode())


def test_without_any_list_the_page_says_so(client, db):
    assert "尚无已导入的清单" in get_ok(client, reverse("township:statistics")).content.decode()


def test_names_are_escaped_in_charts_and_tables(client, bundled_lists):
    Township.objects.filter(name="先拜巴扎镇").update(name=f"先拜巴扎镇{XSS}")
    Department.objects.filter(name="于田县委组织部").update(name=f"于田县委组织部{XSS}")
    for url in (reverse("township:statistics"), county_url(county("于田县"))):
        html = get_ok(client, url).content.decode()
        assert XSS not in html and ESCAPED_XSS in html, url
        for chart in re.findall(r"<svg.*?</svg>", html, flags=re.S):
            assert "<script" not in chart


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


def test_the_pages_run_a_few_queries_whatever_the_scope(client, two_versions_of_002, django_assert_max_num_queries):
    for _, url in scopes():
        with django_assert_max_num_queries(8):
            get_ok(client, url)
    assert len({query_count(client, url) for _, url in scopes()}) <= 2  # a county page adds its own lookup
