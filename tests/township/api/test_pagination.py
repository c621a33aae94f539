"""Every list is paginated by page number, with a default and a maximum page size."""

from __future__ import annotations

import pytest

from township.api.pagination import MAX_PAGE_SIZE, PAGE_SIZE
from township.models import Department, Duty
from township.selectors import latest_lists

pytestmark = pytest.mark.django_db


def get(client, url: str):
    return client.get(url, HTTP_ACCEPT="application/json")


def test_a_list_gives_the_default_page_size_and_links_to_the_next_page(client, bundled_lists):
    page = get(client, "/api/duties/").json()
    assert page["count"] == Duty.objects.filter(duty_list__in=latest_lists()).count()
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
