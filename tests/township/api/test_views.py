"""The API's endpoints against the four bundled lists: records, filters, read-only, queries, escaping."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.search_params import query_string
from tests.republished import import_002_next_month
from township.selectors import departments as selectors_departments, search as selectors_search
from township.models import (
    Category, Department, Duty, DutyDepartment, DutyList, ReviewFlag, Step, Township,
    TownshipProfile,
)

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"
ESCAPED_XSS = "&lt;script&gt;alert(1)&lt;/script&gt;"
# A page of items: the ids of the latest list versions, the ids of the first results (no count of
# every match), the page's ids in order, the page's items, then one query each for departments,
# blocks, steps, methods and open review flags, however many items the page holds. A keyword takes
# one more: items whose name holds it, then the others.
ITEM_PAGE_QUERIES = 9
# Without a keyword or a narrowing filter the first results are taken by rounds of townships:
# the townships in order, then their items (one round for the bundled lists).
UNNARROWED_ITEM_PAGE_QUERIES = ITEM_PAGE_QUERIES + 1
KEYWORD_QUERIES = 1


def get_json(client, url: str, **extra) -> dict:
    response = client.get(url, HTTP_ACCEPT="application/json", **extra)
    assert response.status_code == 200, (url, response.content[:300])
    return response.json()


def every_record(client, url: str) -> list[dict]:
    """All records of a paginated list, following its `next` links."""
    records = []
    while url:
        page = get_json(client, url)
        records += page["results"]
        url = page["next"]
    return records


def latest_list(name: str) -> DutyList:
    return DutyList.objects.filter(township__name=name).latest()


# --- the entry point and read-only ---------------------------------------------------------


def test_the_entry_point_links_every_endpoint_the_schema_and_the_docs(client):
    links = get_json(client, "/api/")
    assert set(links) == {"townships", "duties", "departments", "categories", "check", "schema", "docs"}
    assert links["duties"] == "http://testserver/api/duties/"
    assert links["docs"] == "http://testserver/api/docs/"


@pytest.mark.parametrize("url", ["/api/townships/", "/api/duties/", "/api/departments/", "/api/categories/",
                                 "/api/departments/{department}/duties/"])
def test_lists_refuse_every_method_that_would_write(client, bundled_lists, url):
    url = url.format(department=Department.objects.first().pk)
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(url, {}, content_type="application/json").status_code == 405, method


@pytest.mark.parametrize("model", [Township, Duty, Department, Category])
def test_records_refuse_every_method_that_would_write(client, bundled_lists, model):
    url = {Township: "townships", Duty: "duties", Department: "departments", Category: "categories"}[model]
    record = f"/api/{url}/{model.objects.first().pk}/"
    assert client.get(record, HTTP_ACCEPT="application/json").status_code == 200
    for method in (client.post, client.put, client.patch, client.delete):
        assert method(record, {}, content_type="application/json").status_code == 405, method


# --- townships -----------------------------------------------------------------------------


def test_townships_carry_their_places_profile_and_versions(client, bundled_lists):
    townships = {record["name"]: record for record in every_record(client, "/api/townships/")}
    assert set(townships) == set(Township.objects.values_list("name", flat=True))
    record = townships["先拜巴扎镇"]
    assert (record["county"]["name"], record["prefecture"]["name"], record["region"]["name"]) == (
        "于田县", "和田地区", "新疆维吾尔自治区")
    version = latest_list("先拜巴扎镇")
    assert record["profile"]["villages"] == version.profile.villages
    assert [v["id"] for v in record["versions"]] == [version.pk]
    assert record["versions"][0]["counts"] == {"basic": 116, "coordinating": 98, "reclaimed": 41}
    assert record["versions"][0]["stated_counts"]["total"] == version.stated_total
    assert record["duties"] == f"http://testserver/api/duties/?township={record['id']}"
    assert record["page_url"] == f"http://testserver/townships/{record['id']}/"


def test_a_new_version_comes_first_and_gives_the_township_its_profile(client, bundled_lists, tmp_path):
    earlier = latest_list("先拜巴扎镇")
    import_002_next_month(tmp_path)
    TownshipProfile.objects.filter(duty_list=latest_list("先拜巴扎镇")).update(villages=earlier.profile.villages + 1)
    record = get_json(client, f"/api/townships/{earlier.township_id}/")
    assert [v["published"] for v in record["versions"]] == ["2026-01", "2025-07"]
    assert record["versions"][1]["id"] == earlier.pk
    assert record["profile"]["villages"] == earlier.profile.villages + 1


# --- items and the search page's filters ---------------------------------------------------


@pytest.mark.parametrize(
    "spec",
    [
        {"q": "消防"},
        {"kind": "coordinating"},
        {"place": "巴楚县"},
        {"place": "喀什地区", "category": "党的建设"},
        {"department": ("于田县", "于田县水利局")},
        {"category": "应急管理及消防"},
        {"q": "消防", "kind": "basic", "place": "伊宁市"},
        {"q": "党代表", "department": ("于田县", "于田县委组织部")},
        {"township": "夏马勒乡", "kind": "reclaimed"},
    ],
)
def test_items_are_exactly_what_the_search_page_finds_for_the_same_query_string(client, bundled_lists, spec):
    params = query_string(spec)
    searched = [duty.pk for duty in selectors_search.duty_search(params=params).qs]
    found = [record["id"] for record in every_record(client, f"/api/duties/?{urlencode(params)}&page_size=200")]
    assert searched, "the table should pick filters that find something"
    assert found == searched


def test_items_of_older_versions_are_listed_only_when_asked_for_and_always_found_by_id(
        client, bundled_lists, tmp_path):
    earlier = latest_list("先拜巴扎镇")
    import_002_next_month(tmp_path)
    old_item = earlier.duties.get(kind="basic", seq=1)
    township = f"township={earlier.township_id}"
    latest_ids = {r["id"] for r in every_record(client, f"/api/duties/?{township}&page_size=200")}
    all_ids = {r["id"] for r in every_record(client, f"/api/duties/?{township}&all_versions=on&page_size=200")}
    assert old_item.pk not in latest_ids and old_item.pk in all_ids
    assert len(all_ids) == 2 * len(latest_ids)
    assert get_json(client, f"/api/duties/{old_item.pk}/")["published"] == "2025-07"


def test_invalid_filters_answer_400_naming_the_filter(client, bundled_lists):
    response = client.get("/api/duties/?kind=nonsense&department=999999", HTTP_ACCEPT="application/json")
    assert response.status_code == 400
    assert set(response.json()) == {"kind", "department"}


def test_a_coordinating_item_carries_its_departments_blocks_and_steps(client, bundled_lists):
    item = latest_list("先拜巴扎镇").duties.get(kind="coordinating", name="推荐县级以上党代表工作")
    record = get_json(client, f"/api/duties/{item.pk}/")
    department = Department.objects.get(name="于田县委组织部")
    assert record["departments"] == [{"name_as_published": "于田县委组织部", "named_in": "column",
                                      "department": {"id": department.pk, "name": "于田县委组织部"}}]
    assert [block["side"] for block in record["blocks"]] == ["department", "township"]
    steps = Step.objects.filter(block__duty=item, block__side="township").order_by("position")
    assert record["blocks"][1]["steps"] == list(steps.values_list("text", flat=True))
    assert record["methods"] == []
    assert (record["township"]["name"], record["kind_label"], record["category"]["name"]) == (
        "先拜巴扎镇", "配合履职事项", "党的建设")


def test_a_taken_back_item_carries_who_took_it_and_how(client, bundled_lists):
    item = latest_list("先拜巴扎镇").duties.filter(kind="reclaimed", methods__isnull=False).first()
    record = get_json(client, f"/api/duties/{item.pk}/")
    assert [m["text"] for m in record["methods"]] == list(
        item.methods.order_by("position").values_list("text", flat=True))
    assert record["blocks"] == []


def test_only_open_review_flags_are_given_and_they_set_awaiting_review(client, bundled_lists):
    item = latest_list("潘津镇").duties.filter(flags__isnull=True).first()
    ReviewFlag.objects.create(duty=item, reason=ReviewFlag.Reason.TEXT_DAMAGED, detail="缺字")
    ReviewFlag.objects.create(duty=item, reason=ReviewFlag.Reason.SEQUENCE, detail="已核对",
                              reviewed_at="2025-08-01T00:00:00+08:00")
    record = get_json(client, f"/api/duties/{item.pk}/")
    assert record["awaiting_review"] is True
    assert record["review_flags"] == [{"reason": "text_damaged", "reason_label": "文字受损", "detail": "缺字"}]


# --- departments and categories ------------------------------------------------------------


def test_a_departments_items_link_lists_what_its_page_lists(client, bundled_lists):
    department = Department.objects.get(place__name="于田县", name="于田县委组织部")
    record = get_json(client, f"/api/departments/{department.pk}/")
    items = every_record(client, record["duties"])
    on_its_page = [link.duty_id for group in selectors_departments.department_duties(department=department)
                   for link in group.coordinating + group.reclaimed]
    assert sorted(item["id"] for item in items) == sorted(on_its_page)
    assert record["duty_count"] == len(on_its_page) > 0
    assert record["place"]["name"] == "于田县"


@pytest.mark.parametrize("place, name", [
    ("于田县", "于田县水利局"),  # 先拜巴扎镇 is in 于田县
    ("伊宁市", "市农业农村局"),
    ("巴楚县", "巴楚县住房和城乡建设局"),
])
def test_a_departments_items_are_what_the_search_selector_finds_for_it(client, bundled_lists, tmp_path,
                                                                      place, name):
    import_002_next_month(tmp_path)  # an earlier version of 先拜巴扎镇 that must stay out
    department = Department.objects.get(place__name=place, name=name)
    searched = [duty.pk for duty in selectors_search.duty_search(params={"department": str(department.pk)}).qs]
    found = every_record(client, f"/api/departments/{department.pk}/duties/?page_size=7")
    assert len(searched) > 7, "more than one page"
    assert [record["id"] for record in found] == searched
    assert found[0] == get_json(client, f"/api/duties/{searched[0]}/")  # the item list's very records
    assert get_json(client, f"/api/departments/{department.pk}/")["duties"] == (
        f"http://testserver/api/departments/{department.pk}/duties/")


def test_the_items_of_an_unknown_department_are_not_found(client, bundled_lists):
    missing = Department.objects.order_by("-pk").first().pk + 1
    response = client.get(f"/api/departments/{missing}/duties/", HTTP_ACCEPT="application/json")
    assert response.status_code == 404


def test_every_categorys_count_matches_its_items_link(client, bundled_lists):
    categories = every_record(client, "/api/categories/")
    assert [c["name"] for c in categories] == list(Category.objects.values_list("name", flat=True))
    for category in categories:
        assert get_json(client, category["duties"])["count"] == category["duty_count"], category["name"]


# --- queries and escaping ------------------------------------------------------------------


def query_count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        get_json(client, url)
    return len(queries)


@pytest.mark.parametrize("page_size", [5, 50, 200])
def test_a_page_of_items_runs_the_same_few_queries_whatever_its_size(client, bundled_lists, page_size):
    assert query_count(client, f"/api/duties/?kind=coordinating&page_size={page_size}") == UNNARROWED_ITEM_PAGE_QUERIES


@pytest.mark.parametrize("page_size", [5, 200])
def test_a_page_of_a_departments_items_runs_a_fixed_number_of_queries(client, bundled_lists, page_size):
    department = Department.objects.get(place__name="于田县", name="于田县委组织部")
    # The department with its other spellings, then the filter's own look-up of it, then the item
    # page, whose items are read whole at once (a list of the department's, not a search's ranking).
    url = f"/api/departments/{department.pk}/duties/?page_size={page_size}"
    assert query_count(client, url) == 2 + 1 + ITEM_PAGE_QUERIES - 1


@pytest.mark.parametrize("page_size", [5, 200])
def test_a_keyword_and_a_department_add_only_the_name_lookup_and_the_departments(client, bundled_lists, page_size):
    department = Department.objects.get(place__name="于田县", name="于田县委组织部")
    url = f"/api/duties/?q=%E5%B9%B2%E9%83%A8&department={department.pk}&page_size={page_size}"  # q=干部
    assert query_count(client, url) == ITEM_PAGE_QUERIES + KEYWORD_QUERIES + 1


@pytest.mark.parametrize("url, queries", [
    ("/api/townships/", 3),  # count, page, versions with their profiles and item counts
    ("/api/departments/?page_size=200", 3),  # count, page, other spellings
    ("/api/categories/", 2),  # count, page with item counts
])
def test_other_lists_run_a_fixed_number_of_queries(client, bundled_lists, url, queries):
    assert query_count(client, url) == queries


def test_list_text_is_escaped_in_the_browsable_api_and_kept_as_is_in_json(client, bundled_lists):
    item = latest_list("先拜巴扎镇").duties.get(kind="coordinating", name="推荐县级以上党代表工作")
    Duty.objects.filter(pk=item.pk).update(name=f"推荐{XSS}", note=XSS)
    Step.objects.filter(block__duty=item).update(text=XSS)
    DutyDepartment.objects.filter(duty=item).update(name_as_published=XSS)
    Department.objects.filter(name="于田县委组织部").update(name=f"于田县委组织部{XSS}")
    assert get_json(client, f"/api/duties/{item.pk}/")["name"] == f"推荐{XSS}"
    # kind= puts the item on the list's first page (the filter form no longer lists departments).
    for url in (f"/api/duties/{item.pk}/", f"/api/duties/?township={item.duty_list.township_id}&kind=coordinating"):
        response = client.get(url, HTTP_ACCEPT="text/html")
        html = response.content.decode()
        assert response["Content-Type"].startswith("text/html")
        assert XSS not in html, url
        assert ESCAPED_XSS in html, url
