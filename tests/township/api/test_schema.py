"""The OpenAPI schema validates and describes the API in Chinese; its docs page is self-hosted."""

from __future__ import annotations

import io
import re

import pytest
import yaml
from django.core.management import call_command
from drf_spectacular.validation import validate_schema

from dutylists.middleware import PORTAL_POLICY
from township.filters import MAX_DEPARTMENTS, DutySearchFilter

pytestmark = pytest.mark.django_db

ENDPOINTS = ("townships", "duties", "departments", "categories")


@pytest.fixture
def schema(client) -> dict:
    response = client.get("/api/schema/")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_the_served_schema_validates_against_the_openapi_specification(schema):
    validate_schema(schema)  # raises on any violation
    assert schema["info"]["title"] == "乡镇履职事项清单 API"


def test_the_schema_command_validates_without_a_single_warning(tmp_path):
    target = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target), stderr=io.StringIO())
    validate_schema(yaml.safe_load(target.read_text(encoding="utf-8")))


def test_records_are_not_described_by_the_serializers_english_docstrings(schema):
    components = schema["components"]["schemas"]
    described = [name for name, component in components.items()
                 if "properties" in component and "description" in component]
    assert described == []
    assert "基本履职事项" in components["DutyKindEnum"]["description"]  # the enums' Chinese stays


def test_every_endpoint_only_reads(schema):
    paths = {path: set(operations) - {"parameters"} for path, operations in schema["paths"].items()}
    # The admission check is a POST (a batch of tasks in JSON) that writes nothing.
    assert paths.pop("/api/check/") == {"post"}
    expected = {f"/api/{name}/" for name in ENDPOINTS} | {f"/api/{name}/{{id}}/" for name in ENDPOINTS}
    expected |= {"/api/departments/{id}/duties/", "/api/townships/{id}/export/{file_format}/"}
    assert set(paths) == expected
    assert all(methods == {"get"} for methods in paths.values()), paths


def test_operations_are_named_and_grouped_in_chinese(schema):
    operation = schema["paths"]["/api/duties/"]["get"]
    assert (operation["summary"], operation["tags"]) == ("履职事项列表", ["履职事项"])
    assert "检索页" in operation["description"]


def test_a_departments_items_are_a_page_of_the_item_lists_records(schema):
    operation = schema["paths"]["/api/departments/{id}/duties/"]["get"]
    assert (operation["summary"], operation["tags"]) == ("上级部门涉及的履职事项", ["上级部门"])
    assert "/api/duties/?department=" in operation["description"]
    assert {p["name"] for p in operation["parameters"]} == {"id", "page", "page_size"}
    page = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[1]
    assert schema["components"]["schemas"][page]["properties"]["results"]["items"] == {
        "$ref": "#/components/schemas/Duty"}


def test_the_item_list_documents_every_search_filter_with_its_type(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/duties/"]["get"]["parameters"]}
    assert set(DutySearchFilter.base_filters) | {"page", "page_size"} == set(parameters)
    types = {name: parameters[name]["schema"]["type"] for name in DutySearchFilter.base_filters}
    assert types == {"q": "string", "place": "integer", "township": "integer", "kind": "string",
                     "category": "integer", "department": "array", "all_versions": "boolean"}
    # department=A&department=B: a list of ids, each given as its own parameter
    assert parameters["department"]["schema"]["items"]["type"] == "integer"
    assert parameters["department"]["explode"] is True
    assert parameters["department"]["schema"]["maxItems"] == MAX_DEPARTMENTS
    assert "department=1&department=2" in parameters["department"]["description"]
    assert parameters["kind"]["schema"]["enum"] == ["basic", "coordinating", "reclaimed"]
    assert parameters["q"]["description"].startswith("关键词")


def test_the_docs_page_loads_only_the_portals_own_files(client):
    response = client.get("/api/docs/")
    html = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == PORTAL_POLICY
    sources = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert len(sources) >= 5, sources  # stylesheets, icon, the two Swagger UI scripts, the start-up script
    assert all(source.startswith("/") and not source.startswith("//") for source in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>|<style|style=", html), "inline script or style"


def test_the_docs_start_up_script_is_served_as_a_file_pointing_at_the_schema(client):
    response = client.get("/api/docs/?script=")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert "/api/schema/" in response.content.decode()
