"""Malformed requests answer 400 and unknown records 404, as the schema says, in Chinese JSON."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import yaml
from django.core.management import call_command

from township.api.filters import INVALID_SWITCH, REPEATED_FILTER
from township.api.pagination import INVALID_PAGE, INVALID_PAGE_SIZE, MAX_PAGE_SIZE, PAGE_NOT_FOUND, REPEATED_PARAMETER
from township.api.schema import BAD_BODY, BAD_PARAMETERS, NOT_FOUND, THROTTLED
from township.api.views import RECORD_NOT_FOUND, UNKNOWN_ADDRESS, UNKNOWN_FORMAT
from township.models import Duty
from township.selectors.common import latest_lists
from township.selectors.search import RESULT_LIMIT

pytestmark = pytest.mark.django_db

LIST_002 = Path(__file__).resolve().parents[3] / "fixtures" / "002_fe4ab73d7f7b2358.txt"


def get(client, url: str):
    return client.get(url, HTTP_ACCEPT="application/json")


@pytest.mark.parametrize("value", ["null", "0", "-1", "5.0", " 5", "٥", "", "ten"])
def test_a_page_size_that_is_not_a_whole_number_from_one_answers_400(client, bundled_lists, value):
    response = get(client, f"/api/departments/?page_size={value}")
    assert response.status_code == 400
    assert response.json() == {"page_size": [INVALID_PAGE_SIZE.format(value=value, maximum=MAX_PAGE_SIZE)]}


@pytest.mark.parametrize("value", ["0", "last", "abc", "-2", "1e3"])
def test_a_page_that_is_not_a_whole_number_from_one_answers_400(client, bundled_lists, value):
    response = get(client, f"/api/duties/?page={value}")
    assert response.status_code == 400
    assert response.json() == {"page": [INVALID_PAGE.format(value=value)]}


def test_a_page_past_the_last_or_beyond_any_count_answers_404_in_chinese(client, bundled_lists):
    for page in ("999", "9" * 40):
        response = get(client, f"/api/categories/?page={page}")
        assert response.status_code == 404
        assert response.json() == {"detail": PAGE_NOT_FOUND.format(page_number=min(int(page), 10**18))}


def test_a_pagination_parameter_given_twice_answers_400(client, bundled_lists):
    response = get(client, "/api/duties/?page_size=5&page_size=5")
    assert response.status_code == 400
    assert response.json() == {"page_size": [REPEATED_PARAMETER.format(name="page_size", count=2)]}


@pytest.mark.parametrize("record, title", [("townships", "乡镇（街道）"), ("duties", "履职事项"),
                                           ("departments", "上级部门"), ("categories", "事项类别")])
@pytest.mark.parametrize("record_id", ["0", "999999999", "abc", "0.5", "%C2%84"])
def test_an_id_that_names_no_record_answers_404_in_chinese_json(client, bundled_lists, record, title, record_id):
    response = get(client, f"/api/{record}/{record_id}/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json()["detail"].startswith("没有编号为“") and response.json()["detail"].endswith(f"的{title}。")


def test_the_not_found_message_names_the_id_and_what_was_asked_for(client, bundled_lists):
    assert get(client, "/api/townships/0/").json() == {"detail": RECORD_NOT_FOUND.format(id="0", title="乡镇（街道）")}
    assert get(client, "/api/departments/0/duties/").status_code == 404


@pytest.mark.parametrize("record_id", ["0", "abc", "999999999"])
def test_the_items_of_an_unknown_department_answer_404_naming_the_department(client, bundled_lists, record_id):
    response = get(client, f"/api/departments/{record_id}/duties/")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": RECORD_NOT_FOUND.format(id=record_id, title="上级部门")}


@pytest.mark.parametrize("path", ["/api/nothing/", "/api/duties/1/nothing/", "/api/townships/1/duties/",
                                  "/api/schema/x/", "/api/docs/x/", "/api/a/b/c/"])
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_unknown_address_under_api_answers_404_in_chinese_json(client, bundled_lists, path, method):
    response = getattr(client, method)(path, HTTP_ACCEPT="application/json")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": UNKNOWN_ADDRESS.format(path=path)}


def test_an_api_address_without_its_slash_is_still_redirected_to_it(client, bundled_lists):
    assert get(client, "/api/duties").headers["Location"] == "/api/duties/"
    assert get(client, "/api/nothing").headers["Location"] == "/api/nothing/"


def test_the_browsable_api_says_an_unknown_address_in_chinese_too(client, bundled_lists):
    html = client.get("/api/nothing/", HTTP_ACCEPT="text/html").content.decode()
    assert "API 没有地址“/api/nothing/”" in html  # (the status line keeps HTTP's own words: 404 Not Found)


@pytest.mark.parametrize("value, every_version", [("true", True), ("on", True), ("1", True),
                                                  ("false", False), ("0", False), ("", False)])
def test_all_versions_reads_true_false_and_the_search_pages_on(client, bundled_lists, value, every_version):
    call_command("import_list", str(LIST_002), "--published", "2025-09", stdout=io.StringIO())
    expected = Duty.objects.count() if every_version else Duty.objects.filter(duty_list__in=latest_lists()).count()
    response = get(client, f"/api/duties/?all_versions={value}&page_size=1")
    # Counts stop at the result limit, and `more` says whether further items match.
    assert response.status_code == 200 and response.json()["count"] == min(expected, RESULT_LIMIT)
    assert response.json()["more"] is (expected > RESULT_LIMIT)


@pytest.mark.parametrize("value", ["null", "yes please", "2"])
def test_all_versions_refuses_anything_but_true_or_false(client, bundled_lists, value):
    response = get(client, f"/api/duties/?all_versions={value}")
    assert response.status_code == 400
    assert response.json() == {"all_versions": [INVALID_SWITCH.format(value=value)]}


def test_a_filter_given_twice_answers_400_naming_it(client, bundled_lists):
    response = get(client, "/api/duties/?kind=basic&kind=reclaimed")
    assert response.status_code == 400
    assert response.json() == {"kind": [REPEATED_FILTER.format(name="kind", count=2)]}


def test_a_keyword_longer_than_the_schema_allows_answers_400(client, bundled_lists):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    q = next(p for p in schema["paths"]["/api/duties/"]["get"]["parameters"] if p["name"] == "q")
    limit = q["schema"]["maxLength"]
    assert get(client, "/api/duties/?q=" + "党" * limit).status_code == 200
    assert set(get(client, "/api/duties/?q=" + "党" * (limit + 1)).json()) == {"q"}


def test_every_operation_states_its_error_answers(client):
    schema = yaml.safe_load(client.get("/api/schema/").content)
    for path, operations in schema["paths"].items():
        for operation in operations.values():
            responses = operation["responses"]
            assert responses["404"]["description"] == NOT_FOUND, path
            assert responses["429"]["description"] == THROTTLED, path
            takes_query = any(p["in"] == "query" for p in operation.get("parameters", []))
            takes_body = "requestBody" in operation  # the admission check's POST
            assert ("400" in responses) == (takes_query or takes_body), path
            if takes_body:
                assert responses["400"]["description"] == BAD_BODY
            if takes_query:
                assert responses["400"]["description"] == BAD_PARAMETERS
            if operation["operationId"].endswith("_list"):  # every list pages; a file (export) does not
                pages = {p["name"]: p["schema"] for p in operation["parameters"] if p["name"].startswith("page")}
                assert pages == {"page": {"type": "integer", "minimum": 1},
                                 "page_size": {"type": "integer", "minimum": 1}}, path


@pytest.mark.parametrize("path", ["/api/", "/api/departments/", "/api/duties/1/", "/api/nothing/"])
def test_an_unknown_format_answers_404_naming_the_formats_there_are(client, bundled_lists, path):
    response = client.get(f"{path}?format=xml")
    assert response.status_code == 404 and response["Content-Type"] == "application/json"
    assert response.json() == {"detail": UNKNOWN_FORMAT.format(format="xml")}
