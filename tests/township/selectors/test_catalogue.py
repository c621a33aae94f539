"""The catalogue's marks on a township's page, its status, and the townships that have an entry."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.republished import republished_002
from tests.township.conftest import FIXTURES, import_as, six_more_townships
from tests.republished import import_002_next_month
from township.models import CatalogueBuild, CatalogueEntry, Duty, DutyList, Township
from township.pinyin import pinyin_key
from township.selectors.catalogue import (
    RARE_MIN_TOWNSHIPS,
    RARE_SUPPRESSED,
    CatalogueStatus,
    catalogue_entry_links,
    catalogue_items,
    catalogue_status,
    rare_threshold,
    township_catalogue,
)
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


def test_with_four_townships_nothing_is_rare_and_the_catalogue_says_why(bundled_lists):
    catalogue_rebuild()
    found = marks("潘津镇")
    assert found.built and found.covers_version and found.townships == 4 < RARE_MIN_TOWNSHIPS
    assert found.rare_limit == 0 and found.rare == {}
    assert found.rare_suppressed == RARE_SUPPRESSED.format(minimum=RARE_MIN_TOWNSHIPS)
    assert "少于 10 个" in found.rare_suppressed


def test_with_ten_townships_an_item_at_most_two_have_is_rare(bundled_lists):
    six_more_townships(besides="潘津镇")
    catalogue_rebuild()
    found = marks("潘津镇")
    assert found.townships == RARE_MIN_TOWNSHIPS == 10 and found.rare_limit == 2 and found.rare_suppressed == ""
    assert "深化党建引领普惠金融促进产业发展工作" in rare_names("潘津镇")  # only 潘津镇 has it
    assert "推荐市级以上党代表工作" not in rare_names("潘津镇")  # 先拜巴扎镇 and its two copies have it too
    assert {mark.townships for mark in found.rare.values()} <= {1, 2} and found.rare
    assert all(mark.get_absolute_url() == f"/catalogue/{mark.entry_id}/" for mark in found.rare.values())
    # A copied list's items are in three townships at least: none is rare.
    assert rare_names("测试一镇") == set()


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


def test_a_version_imported_since_the_build_is_covered_at_once_and_the_older_one_no_more(
        bundled_lists, tmp_path):
    catalogue_rebuild()
    later = tmp_path / "002_2026.txt"
    source = (FIXTURES / "002_fe4ab73d7f7b2358.txt").read_text(encoding="utf-8")
    later.write_text(source.replace("2025年7月", "2026年1月", 1), encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
    township = Township.objects.get(name="先拜巴扎镇")
    newer, older = DutyList.objects.filter(township=township).order_by("-published")
    found = township_catalogue(township=township, duty_list=newer)
    assert found.built and found.covers_version and not found.stale  # the import matched it
    catalogue_rebuild()
    assert township_catalogue(township=township, duty_list=newer).covers_version
    assert not township_catalogue(township=township, duty_list=older).covers_version


def test_an_older_version_is_not_covered_once_a_newer_one_is_imported(bundled_lists, tmp_path):
    catalogue_rebuild()
    import_002_next_month(tmp_path)
    township = Township.objects.get(name="先拜巴扎镇")
    older = DutyList.objects.filter(township=township).order_by("published").first()
    assert not older.duties.filter(catalogue_link__isnull=False).exists()  # the import took its links
    found = township_catalogue(township=township, duty_list=older)
    assert found.built and not found.covers_version and not found.rare and not found.gaps


def test_after_a_replace_rare_marks_count_the_townships_that_have_the_entry_now(bundled_lists, tmp_path):
    six_more_townships(besides="先拜巴扎镇")
    catalogue_rebuild()
    only_002 = rare_names("先拜巴扎镇")
    assert only_002 and {mark.townships for mark in marks("先拜巴扎镇").rare.values()} == {1}
    import_as("002_fe4ab73d7f7b2358.txt", "测试丙镇")  # the same list, published by a second township
    catalogue_rebuild()
    assert rare_names("测试丙镇") == only_002  # each in two townships' lists now: still at most two
    assert {mark.townships for mark in marks("测试丙镇").rare.values()} == {2}
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--replace", stdout=io.StringIO())
    found = marks("测试丙镇")
    assert found.townships == 11 and found.rare_limit == 2
    # The replacing version is matched at once, so 测试丙镇's items are still shared with 先拜巴扎镇
    # (the item it dropped matches another list's wording): the same marks as after a rebuild.
    assert rare_names("测试丙镇") == only_002
    assert {mark.townships for mark in found.rare.values()} == {2}
    entries = {mark.entry_id: mark.townships for township in Township.objects.all()
               for mark in marks(township.name).rare.values()}
    assert entries and set(entries.values()) <= {1, 2}
    for entry_id, townships in entries.items():
        assert catalogue_entry_links(entry=CatalogueEntry.objects.get(pk=entry_id)).count() == townships


def test_after_a_replace_the_county_counts_the_replacing_version_at_once(yutian_of_three, tmp_path):
    catalogue_rebuild()
    assert marks("测试甲镇").compares_county
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--replace", stdout=io.StringIO())
    found = marks("测试甲镇")
    assert found.county_townships == 3 and found.compares_county and not found.stale


@pytest.mark.parametrize("name, queries", [("先拜巴扎镇", 4), ("夏马勒乡", 3)])
def test_marks_cost_four_queries_at_most_whatever_the_list(yutian_of_three, name, queries):
    catalogue_rebuild()
    township = Township.objects.get(name=name)
    duty_list = DutyList.objects.filter(township=township).latest()
    with CaptureQueriesContext(connection) as captured:
        township_catalogue(township=township, duty_list=duty_list)
    assert len(captured) == queries  # the county comparison is the fourth, where there is one


def test_before_the_first_build_the_catalogue_has_no_date_and_is_not_stale(bundled_lists):
    assert catalogue_status() == CatalogueStatus(built_at=None, townships=0, stale=False)


def test_the_catalogue_stays_fresh_when_a_list_is_imported_after_it_and_once_rebuilt(bundled_lists, tmp_path):
    before = timezone.now()
    catalogue_rebuild()
    fresh = catalogue_status()
    assert before <= fresh.built_at <= timezone.now() and not fresh.stale and fresh.townships == 4
    assert CatalogueBuild.objects.get().townships == 4
    import_002_next_month(tmp_path)  # matched into the catalogue by the import itself
    assert not catalogue_status().stale and not marks("潘津镇").stale
    catalogue_rebuild()
    assert not catalogue_status().stale and CatalogueBuild.objects.count() == 2


def test_the_catalogue_is_stale_once_an_item_is_corrected_after_it(bundled_lists):
    catalogue_rebuild()
    duty = DutyList.objects.filter(township__name="潘津镇").latest().duties.first()
    Duty.objects.filter(pk=duty.pk).update(name="改过的事项名称", corrected_at=timezone.now())
    assert catalogue_status().stale


def test_the_status_is_one_query(bundled_lists):
    catalogue_rebuild()
    with CaptureQueriesContext(connection) as captured:
        catalogue_status()
    assert len(captured) == 1


def test_an_entrys_links_are_its_townships_by_county_and_name_each_saying_whether_its_version_is_latest(
        yutian_of_three, tmp_path):
    catalogue_rebuild()
    import_002_next_month(tmp_path)
    entry = CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作")
    links = list(catalogue_entry_links(entry=entry))
    assert [(link.township.county.name, link.township.name) for link in links] == sorted(
        ((link.township.county.name, link.township.name) for link in links),
        key=lambda names: (pinyin_key(names[0]), pinyin_key(names[1])))
    assert len(links) == 6
    # The import moved 先拜巴扎镇's link to its new version: no link is left on an older one.
    outdated = {link.township.name for link in links if link.duty.duty_list_id != link.latest_list_id}
    assert outdated == set()


@pytest.mark.parametrize("townships, limit", [(0, 0), (2, 0), (4, 0), (9, 0), (10, 2), (12, 3), (100, 25)])
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
