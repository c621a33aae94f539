"""Every list is paginated by page number, with a default and a maximum page size."""

from __future__ import annotations

import io
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.core.management import call_command

from township.selectors import search as selectors_search
from township.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from township.models import Department, Duty, Township
from township.selectors.common import latest_lists
from township.selectors.search import RESULT_LIMIT

pytestmark = pytest.mark.django_db

UNLIMITED = {"anon": "10000/minute", "user": "10000/minute"}  # page after page, as a client would
LIST_002 = Path(__file__).resolve().parents[3] / "fixtures" / "002_fe4ab73d7f7b2358.txt"


def get(client, url: str):
    return client.get(url, HTTP_ACCEPT="application/json")


def test_a_list_gives_the_default_page_size_and_links_to_the_next_page(client, bundled_lists):
    page = get(client, "/api/duties/").json()
    total = Duty.objects.filter(duty_list__in=latest_lists()).count()
    assert total > RESULT_LIMIT  # the bundled lists hold more items than one search lists
    assert page["count"] == RESULT_LIMIT and page["more"] is True
    assert len(page["results"]) == PAGE_SIZE
    assert page["next"] == "http://testserver/api/duties/?page=2" and page["previous"] is None


@pytest.mark.parametrize("asked, given", [(10, 10), (MAX_PAGE_SIZE, MAX_PAGE_SIZE), (10_000, MAX_PAGE_SIZE)])
def test_page_size_is_honoured_up_to_the_maximum(client, bundled_lists, asked, given):
    assert len(get(client, f"/api/departments/?page_size={asked}").json()["results"]) == min(
        given, Department.objects.count())


def test_the_last_page_has_no_next_and_a_page_past_it_is_not_found(client, bundled_lists):
    count = Department.objects.count()
    last = -(-count // PAGE_SIZE)
    page = get(client, f"/api/departments/?page={last}").json()
    assert page["next"] is None and len(page["results"]) == count - (last - 1) * PAGE_SIZE
    assert get(client, f"/api/departments/?page={last + 1}").status_code == 404


@pytest.mark.parametrize("params", [
    {"all_versions": "on", "township": "先拜巴扎镇"},
    {"all_versions": "on", "q": "党"},  # equal keyword ranks tie as well
], ids=["every-version", "every-version-keyword"])
def test_small_pages_of_every_version_give_every_item_exactly_once(client, bundled_lists, settings, params):
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": UNLIMITED}
    call_command("import_list", str(LIST_002), "--published", "2025-09", stdout=io.StringIO())
    if "township" in params:
        params = {**params, "township": str(Township.objects.get(name=params["township"]).pk)}
    url, ids = f"/api/duties/?{urlencode(params)}&page_size=7", []
    while url:
        page = get(client, url).json()
        ids += [record["id"] for record in page["results"]]
        url = page["next"]
    assert len(ids) == len(set(ids)) and len(ids) > 7 * 10
    assert ids == list(selectors_search.duty_search(params=params).qs.values_list("pk", flat=True))
