"""POST /api/check/: the admission check in JSON, with Chinese refusals and the API's rate limit."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import override_settings

from township.models import Place, Township
from township.selectors.admission import MAX_TASKS, NO_LIST, NO_TOWNSHIPS

pytestmark = pytest.mark.django_db

URL = "/api/check/"


@pytest.fixture
def township(bundled_lists) -> Township:
    return Township.objects.get(name="先拜巴扎镇")


def check(client, body):
    return client.post(URL, body, content_type="application/json")


def test_a_batch_gets_a_verdict_per_task_and_township(client, township):
    response = check(client, {"tasks": ["请各乡镇于月底前做好双拥工作", "请各乡镇配合开展航空器适航审定"],
                              "townships": [township.pk]})
    assert response.status_code == 200
    first, second = response.json()["results"]
    assert (first["part"], first["seq"], first["township"]) == ("basic", 26, township.pk)
    assert first["verdict"] == "基本履职事项（乡镇负责）" and first["matches"][0]["url"].startswith("http://testserver/")
    assert "拥军优属拥政爱民" in first["matches"][0]["words"]
    assert (second["part"], second["seq"], second["name"]) == ("none", None, None)


def test_a_county_is_every_township_with_a_list(client, bundled_lists):
    county = Place.objects.get(name="于田县")
    results = check(client, {"tasks": ["做好双拥工作"], "county": county.pk}).json()["results"]
    assert {row["township"] for row in results} == set(
        Township.objects.filter(county=county, lists__isnull=False).values_list("pk", flat=True))


@pytest.mark.parametrize("body, field, message", [
    ({"tasks": ["做好双拥工作"]}, "townships", NO_TOWNSHIPS),
    ({"tasks": ["做好双拥工作"], "townships": [999999]}, "townships", "没有编号为 999999 的乡镇"),
    ({"tasks": ["做好双拥工作"], "county": 999999}, "county", "没有编号为 999999 的县"),
    ({"tasks": ["任务"] * (MAX_TASKS + 1), "townships": [1]}, "tasks", f"{MAX_TASKS}"),
    ({"tasks": [], "townships": [1]}, "tasks", "至少要有一项任务"),
])
def test_a_bad_request_says_what_to_fix_in_chinese(client, township, body, field, message):
    response = check(client, body)
    assert response.status_code == 400
    assert message in str(response.json()[field])


def test_the_check_is_rate_limited_like_the_rest_of_the_api(client, township):
    rates = {"anon": "2/minute", "user": "5/minute"}
    with override_settings(REST_FRAMEWORK={**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}):
        codes = [check(client, {"tasks": ["做好双拥工作"], "townships": [township.pk]}).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_the_schema_documents_the_check(client, db):
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/check/"]["post"]
    assert operation["summary"] == "事项准入核查" and "requestBody" in operation


def test_a_bad_task_in_the_list_is_named_by_its_place(client, township):
    response = check(client, {"tasks": ["做好双拥工作", "  "], "townships": [township.pk]})
    assert response.status_code == 400
    assert response.json() == {"tasks": ["第 2 项：该字段不能为空。"]}


def test_a_body_that_is_not_json_is_refused_in_chinese(client, db):
    response = client.post(URL, "{tasks", content_type="application/json")
    assert response.status_code == 400
    assert response.json()["non_field_errors"][0].startswith("请求体不是有效的 JSON")
    response = client.post(URL, "[1]", content_type="application/json")
    assert response.status_code == 400 and "应为 JSON 对象" in response.json()["non_field_errors"][0]


def test_a_township_without_a_list_is_named(client, township):
    bare = Township.objects.create(name="无清单镇", county=township.county, kind=Township.Kind.ZHEN)
    response = check(client, {"tasks": ["做好双拥工作"], "townships": [bare.pk]})
    assert response.status_code == 400 and response.json() == {"townships": [NO_LIST.format(township=bare)]}
