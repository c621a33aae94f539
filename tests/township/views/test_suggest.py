"""The type-ahead fields' JSON source: a few matches, text as it is, Chinese refusals."""

from __future__ import annotations

import json

import pytest
from django.conf import settings
from django.core.cache import cache
from django.test import override_settings

from township.models import Department, Place, Township
from township.selectors.suggest import SUGGESTIONS
from township.views.suggest import (
    BAD_LEVEL, BAD_PLACE, CONTROL_CHARACTER, MAX_TEXT, MISSING_TEXT, TEXT_TOO_LONG, UNKNOWN_FIELD,
)

pytestmark = pytest.mark.django_db

SUGGEST_URL = "/suggest/"


def suggest(client, **params) -> list[dict]:
    response = client.get(SUGGEST_URL, params)
    assert response.status_code == 200, response.content.decode()
    assert response.headers["Content-Type"] == "application/json"
    return response.json()["results"]


def test_a_few_characters_of_a_township_find_it_with_its_county(client, bundled_lists):
    township = Township.objects.get(name="夏马勒乡")
    assert suggest(client, field="township", q="夏马") == [{"id": township.pk, "label": "巴楚县夏马勒乡"}]


def test_a_countys_name_finds_its_townships(client, bundled_lists):
    labels = [row["label"] for row in suggest(client, field="township", q="于田县先拜")]
    assert labels == ["于田县先拜巴扎镇"]


def test_departments_are_labelled_with_their_county_and_can_be_kept_within_one(client, bundled_lists):
    yutian = Place.objects.get(name="于田县")
    rows = suggest(client, field="department", q="水利局", county=str(yutian.pk))
    water = Department.objects.get(name="于田县水利局")
    assert {"id": water.pk, "label": "于田县水利局（于田县）"} in rows
    assert all(row["label"].endswith("（于田县）") for row in rows)
    everywhere = suggest(client, field="department", q="水利局")
    assert len(everywhere) > len(rows)


def test_a_place_within_a_prefecture_keeps_only_its_counties(client, bundled_lists):
    kashgar = Place.objects.get(name="喀什地区")
    rows = suggest(client, field="township", q="乡", county=str(kashgar.pk))
    assert rows and all(Township.objects.get(pk=row["id"]).county.parent_id == kashgar.pk for row in rows)


def test_places_are_labelled_with_the_place_above_them(client, bundled_lists):
    rows = suggest(client, field="place", q="巴楚")
    assert rows == [{"id": Place.objects.get(name="巴楚县").pk, "label": "巴楚县（喀什地区）"}]
    assert suggest(client, field="place", q="新疆") == [
        {"id": Place.objects.get(name="新疆维吾尔自治区").pk, "label": "新疆维吾尔自治区"}]


def test_places_can_be_kept_to_one_level_as_the_compare_pages_county_box_asks(client, bundled_lists):
    rows = suggest(client, field="place", q="地区", level="county")
    assert rows == [] and suggest(client, field="place", q="地区")  # prefectures only: none is a county
    rows = suggest(client, field="place", q="县", level="county")
    assert rows and all(Place.objects.get(pk=row["id"]).level == "county" for row in rows)


def test_names_starting_with_the_text_come_first_and_at_most_twenty(client, bundled_lists):
    rows = suggest(client, field="department", q="县")
    assert len(rows) == SUGGESTIONS < Department.objects.filter(name__contains="县").count()
    names = [Department.objects.get(pk=row["id"]).name for row in rows]
    starting = [name.startswith("县") for name in names]
    assert starting == sorted(starting, reverse=True)


def test_text_comes_back_as_json_text_not_as_html(client, bundled_lists):
    Township.objects.filter(name="夏马勒乡").update(name='夏马勒乡<b>&"')
    response = client.get(SUGGEST_URL, {"field": "township", "q": "夏马"})
    assert response.json()["results"][0]["label"] == '巴楚县夏马勒乡<b>&"'
    body = response.content.decode()
    assert "&lt;" not in body and "&amp;" not in body
    assert json.loads(body)["results"][0]["label"].startswith("巴楚县")
    assert "巴楚县" in body  # Chinese as it is, not \u escapes


def test_nothing_found_is_an_empty_list(client, bundled_lists):
    assert suggest(client, field="township", q="没有这个名字") == []


def test_one_query_answers(client, bundled_lists, django_assert_num_queries):
    with django_assert_num_queries(1):
        suggest(client, field="department", q="局")


@pytest.mark.parametrize(("params", "message"), [
    ({"q": "夏马"}, UNKNOWN_FIELD.format(value="")),
    ({"field": "duty", "q": "夏马"}, UNKNOWN_FIELD.format(value="duty")),
    ({"field": "township"}, MISSING_TEXT),
    ({"field": "township", "q": "   "}, MISSING_TEXT),
    ({"field": "township", "q": "镇" * (MAX_TEXT + 1)}, TEXT_TOO_LONG.format(limit=MAX_TEXT, length=MAX_TEXT + 1)),
    ({"field": "township", "q": "夏\x00马"}, CONTROL_CHARACTER),
    ({"field": "township", "q": "夏马", "county": "abc"}, BAD_PLACE.format(value="abc")),
    ({"field": "place", "q": "巴楚", "level": "town"}, BAD_LEVEL.format(value="town")),
    ({"field": "township", "q": "夏马", "level": "county"}, BAD_LEVEL.format(value="county")),
    ({"field": "township", "q": "夏马", "county": "99999999999999999999"},
     BAD_PLACE.format(value="99999999999999999999")),
])
def test_bad_input_is_refused_with_a_chinese_400(client, db, params, message):
    response = client.get(SUGGEST_URL, params)
    assert response.status_code == 400
    assert response.json() == {"error": message}


def test_only_get_is_answered(client, db):
    assert client.post(SUGGEST_URL, {"field": "township", "q": "夏"}).status_code == 405


def test_a_person_typing_is_not_held_back_by_the_apis_rate_limit(client, bundled_lists):
    tiny = {"anon": "3/minute", "user": "5/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": tiny}):
        cache.clear()
        for text in ("夏", "夏马", "夏马勒", "夏马勒乡", "夏马", "夏"):
            suggest(client, field="township", q=text)
        statuses = [client.get("/api/categories/", HTTP_ACCEPT="application/json").status_code for _ in range(4)]
        assert statuses[-1] == 429  # the API itself is still limited
    cache.clear()
