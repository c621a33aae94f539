"""Places, townships and departments come in pinyin order wherever people see them listed.

The bundled lists are of 伊宁市, 额敏县, 于田县 and 巴楚县: by character code 于田, 伊宁, 巴楚, 额敏,
by pinyin 巴楚 (ba), 额敏 (e), 伊宁 (yi), 于田 (yu).
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from township.models import Department, Place, Township
from township.selectors.statistics import statistics_summary

pytestmark = pytest.mark.django_db

COUNTIES = ["巴楚县", "额敏县", "伊宁市", "于田县"]
TOWNSHIPS = ["夏马勒乡", "某乡（清单未载明乡名）", "潘津镇", "先拜巴扎镇"]  # one in each county
PREFECTURES = ["和田地区", "喀什地区", "塔城地区", "伊犁哈萨克自治州"]  # he, ka, ta, yi
# Townships added to 于田县 beside 先拜巴扎镇: by character code 先 兰 木 英 阿.
YUTIAN_TOWNSHIPS = ["阿日希乡", "兰干乡", "木尕拉镇", "先拜巴扎镇", "英巴格乡"]
# Counties added to 和田地区 beside 于田县: by character code 于 和 墨 民 皮 策.
HOTAN_COUNTIES = ["策勒县", "和田县", "民丰县", "墨玉县", "皮山县", "于田县"]


def in_page_order(html: str, names: list[str]) -> list[str]:
    """The names, in the order the page first shows each."""
    return sorted(names, key=lambda name: html.index(f">{name}<"))


def get_html(client, url: str, **params) -> str:
    response = client.get(url, params)
    assert response.status_code == 200, url
    return response.content.decode()


def get_json(client, url: str, **params) -> dict:
    response = client.get(url, params, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, url
    return response.json()


@pytest.fixture
def yutian_townships(bundled_lists) -> Place:
    yutian = Place.objects.get(name="于田县")
    for name in YUTIAN_TOWNSHIPS:
        Township.objects.get_or_create(county=yutian, name=name)
    return yutian


@pytest.fixture
def hotan_counties(bundled_lists) -> Place:
    hotan = Place.objects.get(name="和田地区")
    for name in HOTAN_COUNTIES:
        Place.objects.get_or_create(name=name, parent=hotan, defaults={"level": Place.Level.COUNTY})
    return hotan


# --- the place pages and the statistics ---------------------------------------------------


def test_a_region_page_lists_its_prefectures_by_pinyin(client, bundled_lists):
    html = get_html(client, Place.objects.get(name="新疆维吾尔自治区").get_absolute_url())
    assert in_page_order(html, PREFECTURES) == PREFECTURES


def test_a_prefecture_page_lists_its_counties_by_pinyin(client, hotan_counties):
    html = get_html(client, hotan_counties.get_absolute_url())
    assert in_page_order(html, HOTAN_COUNTIES) == HOTAN_COUNTIES


def test_a_county_page_lists_its_townships_by_pinyin(client, yutian_townships):
    html = get_html(client, yutian_townships.get_absolute_url())
    assert in_page_order(html, YUTIAN_TOWNSHIPS) == YUTIAN_TOWNSHIPS


def test_the_statistics_tables_list_places_and_townships_by_pinyin(client, yutian_of_three):
    xinjiang, yutian = Place.objects.get(name="新疆维吾尔自治区"), Place.objects.get(name="于田县")
    html = get_html(client, reverse("township:place_statistics", args=[xinjiang.pk]))
    assert in_page_order(html, PREFECTURES) == PREFECTURES
    html = get_html(client, reverse("township:county_statistics", args=[yutian.pk]))
    # By character code 先 (U+5148) 测试乙 (4E59) 测试甲 (7532); by pinyin ce jia, ce yi, xian.
    assert in_page_order(html, ["先拜巴扎镇", "测试甲镇", "测试乙乡"]) == ["测试甲镇", "测试乙乡", "先拜巴扎镇"]


def test_a_countys_departments_of_equal_counts_are_ranked_by_pinyin(bundled_lists):
    ranking = statistics_summary(place=Place.objects.get(name="于田县")).departments
    keys = dict(Department.objects.values_list("pk", "pinyin_key"))
    ties = [(a, b) for a, b in zip(ranking, ranking[1:]) if a.total == b.total and a.coordinating == b.coordinating]
    assert ties, "the bundled list of 于田县 has departments of equal counts"
    assert all(keys[a.department_id] < keys[b.department_id] for a, b in ties)


# --- departments ----------------------------------------------------------------------------


def test_the_department_index_lists_places_then_a_countys_departments_by_pinyin(client, bundled_lists):
    xinjiang = Place.objects.get(name="新疆维吾尔自治区")
    html = get_html(client, reverse("township:departments"), place=xinjiang.pk)
    assert in_page_order(html, PREFECTURES) == PREFECTURES
    yutian = Place.objects.get(name="于田县")
    # By character code 公 (U+516C) 民 (6C11) 水 (6C34) 财 (8D22); by pinyin cai, gong, min, shui.
    names = ["于田县公安局", "于田县民政局", "于田县水利局", "于田县财政局"]
    assert Department.objects.filter(place=yutian, name__in=names).count() == len(names)
    html = get_html(client, reverse("township:departments"), place=yutian.pk)
    assert in_page_order(html, names) == ["于田县财政局", "于田县公安局", "于田县民政局", "于田县水利局"]


# --- search, its export and the API -----------------------------------------------------------


def test_search_results_come_county_by_county_in_pinyin_order(client, bundled_lists):
    response = client.get(reverse("township:search"))
    duties = response.context["page"].paginator.object_list
    counties = [duty.duty_list.township.county.name for duty in duties]
    assert list(dict.fromkeys(counties)) == COUNTIES


def test_the_search_export_lists_townships_in_pinyin_order(client, bundled_lists):
    response = client.get(reverse("township:search_csv"))
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert list(dict.fromkeys(row[0] for row in rows[1:])) == COUNTIES


def test_a_keyword_naming_several_townships_links_them_in_pinyin_order(client, bundled_lists):
    response = client.get(reverse("township:search"), {"q": " ".join(TOWNSHIPS)})
    assert [township.name for township in response.context["townships"]] == TOWNSHIPS


def test_the_api_lists_townships_items_and_departments_by_pinyin(client, bundled_lists):
    townships = get_json(client, "/api/townships/")["results"]
    assert [township["county"]["name"] for township in townships] == COUNTIES
    counties, url = [], "/api/duties/?page_size=200"
    while url:
        page = get_json(client, url)
        counties += [duty["township"]["county"] for duty in page["results"]]
        url = page["next"]
    assert list(dict.fromkeys(counties)) == COUNTIES
    departments = get_json(client, "/api/departments/", page_size=200)["results"]
    assert list(dict.fromkeys(department["place"]["name"] for department in departments))[:2] == COUNTIES[:2]


def test_suggestions_of_equal_length_come_by_pinyin(client, bundled_lists):
    rows = get_json(client, "/suggest/", field="place", q="县", level="county")["results"]
    assert [row["label"].split("（")[0] for row in rows] == ["巴楚县", "额敏县", "于田县"]


# --- the admin ----------------------------------------------------------------------------------


def test_admin_changelists_list_townships_by_county_then_name_in_pinyin(client, yutian_townships):
    client.force_login(get_user_model().objects.create_superuser("root", password="s3cret-passw0rd"))
    html = get_html(client, reverse("admin:township_township_changelist"))
    assert in_page_order(html, TOWNSHIPS) == TOWNSHIPS
    assert in_page_order(html, YUTIAN_TOWNSHIPS) == YUTIAN_TOWNSHIPS
    html = get_html(client, reverse("admin:township_township_changelist"), o="-1")  # the name column, reversed
    assert in_page_order(html, YUTIAN_TOWNSHIPS) == YUTIAN_TOWNSHIPS[::-1]
    html = get_html(client, reverse("admin:township_place_changelist"), level="prefecture")
    assert in_page_order(html, PREFECTURES) == PREFECTURES
