"""The shared reads: re-exported from township.selectors, and a search order that pages cleanly."""

from __future__ import annotations

import io
from collections import Counter
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from township import selectors
from township.models import Duty, Township
from township.selectors import common
from township.selectors import search as selectors_search
from township.views import search as search_view

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
LIST_002 = FIXTURES / "002_fe4ab73d7f7b2358.txt"


def republish_002() -> Township:
    """先拜巴扎镇's list imported again as its September 2025 version: every item gets a twin."""
    call_command("import_list", str(LIST_002), "--published", "2025-09", stdout=io.StringIO())
    return Township.objects.get(name="先拜巴扎镇")


def page_ids(client, params: dict[str, str]) -> list[int]:
    """The ids of every result the search page shows, asking for one page after another."""
    ids, number = [], 1
    while True:
        page = client.get(reverse("township:search"), {**params, "page": number}).context["page"]
        ids += [duty.pk for duty in page.object_list]
        if not page.has_next():
            return ids
        number += 1


@pytest.mark.parametrize("name", ["SEARCH_ORDER", "latest_list_subquery", "latest_lists", "open_flag_exists"])
def test_the_shared_reads_are_still_imported_from_township_selectors(name):
    assert getattr(selectors, name) is getattr(common, name)


@pytest.mark.parametrize("params", [
    {"all_versions": "on", "township": "先拜巴扎镇"},
    {"all_versions": "on", "q": "党"},  # equal keyword ranks tie as well
], ids=["every-version", "every-version-keyword"])
def test_the_search_pages_pages_show_every_item_exactly_once(client, bundled_lists, monkeypatch, params):
    republish_002()
    monkeypatch.setattr(search_view, "RESULTS_PER_PAGE", 7)  # many page boundaries between twins
    if "township" in params:
        params = {**params, "township": str(Township.objects.get(name=params["township"]).pk)}
    expected = list(selectors_search.duty_search(params=params).qs.values_list("pk", flat=True))
    shown = page_ids(client, params)
    assert len(expected) > 7 * 10, "many pages"
    assert [pk for pk, times in Counter(shown).items() if times > 1] == []
    assert sorted(shown) == sorted(expected)


def test_two_versions_of_an_item_come_newest_first(bundled_lists):
    township = republish_002()
    found = selectors_search.duty_search(params={"township": str(township.pk), "all_versions": "on"}).qs
    months = [f"{duty.duty_list.published:%Y-%m}" for duty in found]
    items = Duty.objects.filter(duty_list__township=township, duty_list__published="2025-09-01").count()
    assert months == ["2025-09", "2025-07"] * items
