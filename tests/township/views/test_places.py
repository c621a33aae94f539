"""The place pages: home → region → prefecture → county → townships, small at any size."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from township.models import Place, Township
from township.services.demo import demo_data_build
from township.views.pages import CHILDREN_PER_PAGE

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"
DEMO_TOWNSHIPS = 400
SMALL_PAGE = 60_000  # bytes: a page of places or of a county's townships, far under 300 KB


def page_text(response) -> str:
    text = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(text)).strip()


def get_ok(client, url: str):
    response = client.get(url)
    assert response.status_code == 200, url
    return response


def place(name: str) -> Place:
    return Place.objects.get(name=name)


def crumbs(response) -> list[str]:
    html = re.search(r'<nav class="breadcrumbs".*?</nav>', response.content.decode(), flags=re.S).group(0)
    return re.findall(r">([^<>]+)</(?:a|li)>", html)


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_ok(client, url)
    return len(queries)


# --- what each level shows ----------------------------------------------------------------


def test_a_region_lists_its_prefectures_with_their_counties_and_townships(client, bundled_lists):
    xinjiang = place("新疆维吾尔自治区")
    response = get_ok(client, xinjiang.get_absolute_url())
    text = page_text(response)
    for prefecture in Place.objects.filter(parent=xinjiang):
        counties = Place.objects.filter(parent=prefecture, level="county")
        townships = Township.objects.filter(county__in=counties).count()
        assert (f"{prefecture.name} {prefecture.get_level_display()} {counties.count()} 个县（市、区） · "
                f"{townships} 个乡镇（街道）") in text
        assert f'href="{prefecture.get_absolute_url()}">{prefecture.name}</a>' in response.content.decode()
    assert crumbs(response) == ["首页", "新疆维吾尔自治区"]


def test_a_prefecture_lists_its_counties_with_links_to_their_statistics(client, bundled_lists):
    hotan, yutian = place("和田地区"), place("于田县")
    response = get_ok(client, hotan.get_absolute_url())
    html = response.content.decode()
    assert "于田县 县/县级市/区 1 个乡镇（街道）" in page_text(response)
    assert f'href="{yutian.get_absolute_url()}">于田县</a>' in html
    assert f'href="{reverse("township:county_statistics", args=[yutian.pk])}"' in html
    assert f'href="{reverse("township:search")}?place={yutian.pk}"' in html
    assert crumbs(response) == ["首页", "新疆维吾尔自治区", "和田地区"]


@pytest.mark.parametrize(("county", "line"), [
    ("伊宁市", "潘津镇 2025年7月版 基本 87 配合 129 收回 52 合计 268"),
    ("于田县", "先拜巴扎镇 2025年7月版 基本 116 配合 98 收回 41 合计 255"),
    ("巴楚县", "夏马勒乡 2025年7月版 基本 140 配合 108 收回 44 合计 292"),
])
def test_a_county_lists_its_townships_with_their_latest_counts(client, bundled_lists, county, line):
    # What the home page showed for every township before it drilled down.
    response = get_ok(client, place(county).get_absolute_url())
    assert line in page_text(response)
    town = Township.objects.get(county__name=county)
    assert f'href="{town.get_absolute_url()}">{town.name}</a>' in response.content.decode()


def test_a_county_links_to_its_statistics_and_its_search_and_has_breadcrumbs(client, bundled_lists):
    yutian = place("于田县")
    response = get_ok(client, yutian.get_absolute_url())
    html = response.content.decode()
    assert f'href="{reverse("township:county_statistics", args=[yutian.pk])}" aria-label="于田县统计"' in html
    assert f'<a href="{reverse("township:search")}?place={yutian.pk}">检索于田县的履职事项</a>' in html
    assert crumbs(response) == ["首页", "新疆维吾尔自治区", "和田地区", "于田县"]
    assert f'href="{place("和田地区").get_absolute_url()}"' in html


def test_the_search_a_place_page_links_to_shows_that_places_items(client, bundled_lists):
    yutian = place("于田县")
    response = get_ok(client, f'{reverse("township:search")}?place={yutian.pk}')
    assert re.search(r"于田县：\d+ 项", page_text(response))
    assert {result.duty_list.township.county_id for result in response.context["page"].object_list} == {yutian.pk}


def test_a_township_without_a_list_yet_says_so(client, bundled_lists):
    Township.objects.create(name="新建乡", county=place("于田县"))
    assert "新建乡 尚无清单" in page_text(get_ok(client, place("于田县").get_absolute_url()))


def test_an_unknown_place_is_not_found_in_chinese(client, db):
    response = client.get(reverse("township:place", args=[999999]))
    assert response.status_code == 404
    assert "页面不存在" in response.content.decode()


def test_place_names_are_escaped(client, bundled_lists):
    Place.objects.filter(name="和田地区").update(name=f"和田地区{XSS}")
    Township.objects.filter(name="先拜巴扎镇").update(name=f"先拜巴扎镇{XSS}")
    for url in ("/", place("新疆维吾尔自治区").get_absolute_url(), place(f"和田地区{XSS}").get_absolute_url(),
                place("于田县").get_absolute_url()):
        html = get_ok(client, url).content.decode()
        assert XSS not in html and "<script" not in html, url
    assert ESCAPED_XSS in get_ok(client, place("于田县").get_absolute_url()).content.decode()


def test_a_level_with_more_children_than_a_page_is_paginated(client, bundled_lists):
    hotan = place("和田地区")
    Place.objects.bulk_create(Place(name=f"测试县{n:03d}", level="county", parent=hotan)
                              for n in range(CHILDREN_PER_PAGE))
    first = get_ok(client, hotan.get_absolute_url())
    assert first.content.decode().count('class="place level-county"') == CHILDREN_PER_PAGE
    assert 'rel="next"' in first.content.decode()
    second = get_ok(client, hotan.get_absolute_url() + "?page=2")
    assert second.content.decode().count('class="place level-county"') == 1
    assert f"下辖 {CHILDREN_PER_PAGE + 1} 个区划" in page_text(second)


# --- bounded by what a person reads, not by the size of the country ------------------------


def the_largest(level: str) -> Place:
    """The place of a level with the most children (places, or townships for a county)."""
    places = Place.objects.filter(level=level)
    return max(places, key=lambda p: p.children.count() + p.townships.count())


def test_home_and_place_pages_stay_small_and_run_the_same_queries_with_many_townships(
        client, bundled_lists, django_assert_max_num_queries):
    pages = ("/", place("新疆维吾尔自治区").get_absolute_url(), place("和田地区").get_absolute_url(),
             place("于田县").get_absolute_url())
    before = [query_count(client, url) for url in pages]
    demo_data_build(townships=DEMO_TOWNSHIPS, seed=1)
    assert Township.objects.count() > DEMO_TOWNSHIPS
    assert [query_count(client, url) for url in pages] == before
    for url in ["/"] + [the_largest(level).get_absolute_url() for level in ("region", "prefecture", "county")]:
        with django_assert_max_num_queries(8):
            response = get_ok(client, url)
        assert len(response.content) < SMALL_PAGE, (url, len(response.content))
    assert "先拜巴扎镇" not in get_ok(client, "/").content.decode()
