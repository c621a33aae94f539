"""The catalogue's marks on a township's page: rare items and the county's common duties it lacks."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.township.conftest import FIXTURES
from township.models import DutyList, Township
from township.selectors.catalogue import catalogue_items, rare_threshold, township_catalogue
from township.services import catalogue_rebuild

pytestmark = pytest.mark.django_db


def marks(name: str):
    township = Township.objects.get(name=name)
    return township_catalogue(township=township, duty_list=DutyList.objects.filter(township=township).latest())


def rare_names(name: str) -> set[str]:
    found = marks(name)
    latest = DutyList.objects.filter(township__name=name).latest()
    return set(latest.duties.filter(pk__in=found.rare).values_list("name", flat=True))


def test_before_the_first_build_nothing_is_marked(bundled_lists):
    found = marks("潘津镇")
    assert not found.built and not found.covers_version and not found.rare and not found.gaps


def test_with_four_townships_an_item_only_one_has_is_rare(bundled_lists):
    catalogue_rebuild()
    found = marks("潘津镇")
    assert found.built and found.covers_version and found.townships == 4 and found.rare_limit == 1
    assert "深化党建引领普惠金融促进产业发展工作" in rare_names("潘津镇")
    assert "推荐市级以上党代表工作" not in rare_names("潘津镇")
    assert set(found.rare.values()) == {1}


def test_a_county_with_one_township_is_not_compared(bundled_lists):
    catalogue_rebuild()
    found = marks("先拜巴扎镇")
    assert found.county_townships == 1 and not found.compares_county and found.gaps == []


def test_duties_most_of_the_county_has_and_this_township_lacks_are_its_gaps(yutian_of_three):
    catalogue_rebuild()
    found = marks("先拜巴扎镇")
    assert found.county_townships == 3 and found.compares_county
    gaps = {entry.name: entry.present for entry in found.gaps}
    # 潘津镇's and the unnamed 乡's lists, published here as two 于田县 townships, both have it.
    assert gaps["开展对村巡察工作"] == 2
    assert "推荐县级以上党代表工作" not in gaps  # 先拜巴扎镇 has it too
    assert "深化党建引领普惠金融促进产业发展工作" not in gaps  # only one of the three has it
    assert all(present == 2 for present in gaps.values())


def test_a_version_imported_since_the_build_is_covered_once_rebuilt_and_the_older_one_no_more(
        bundled_lists, tmp_path):
    catalogue_rebuild()
    later = tmp_path / "002_2026.txt"
    source = (FIXTURES / "002_fe4ab73d7f7b2358.txt").read_text(encoding="utf-8")
    later.write_text(source.replace("2025年7月", "2026年1月", 1), encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
    township = Township.objects.get(name="先拜巴扎镇")
    newer, older = DutyList.objects.filter(township=township).order_by("-published")
    found = township_catalogue(township=township, duty_list=newer)
    assert found.built and not found.covers_version and not found.rare
    catalogue_rebuild()
    assert township_catalogue(township=township, duty_list=newer).covers_version
    assert not township_catalogue(township=township, duty_list=older).covers_version


@pytest.mark.parametrize("name, queries", [("先拜巴扎镇", 3), ("夏马勒乡", 2)])
def test_marks_cost_three_queries_at_most_whatever_the_list(yutian_of_three, name, queries):
    catalogue_rebuild()
    township = Township.objects.get(name=name)
    duty_list = DutyList.objects.filter(township=township).latest()
    with CaptureQueriesContext(connection) as captured:
        township_catalogue(township=township, duty_list=duty_list)
    assert len(captured) == queries  # the county comparison is the third, where there is one


@pytest.mark.parametrize("townships, limit", [(0, 0), (2, 0), (3, 1), (4, 1), (8, 2), (100, 25)])
def test_rare_threshold(townships, limit):
    assert rare_threshold(townships) == limit


def test_catalogue_items_are_every_item_of_the_latest_lists_only(bundled_lists, tmp_path):
    later = tmp_path / "002_2026.txt"
    source = (FIXTURES / "002_fe4ab73d7f7b2358.txt").read_text(encoding="utf-8")
    later.write_text(source.replace("2025年7月", "2026年1月", 1), encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
    items = catalogue_items()
    latest = [DutyList.objects.filter(township=township).latest() for township in Township.objects.all()]
    assert sorted(item.duty_id for item in items) == sorted(
        pk for duty_list in latest for pk in duty_list.duties.values_list("pk", flat=True))
