"""The statistics summaries kept current by every change to lists: always what a count from scratch gives."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.republished import import_002_next_month, republished_002
from tests.township.admin.conftest import change_url, form_data, item, make_user
from tests.township.stats_sql import expected_summaries, stored_summaries
from township.management.commands.refresh_summaries import REFRESHED
from township.models import (
    Category, CategorySummary, Department, DutyDepartment, DutyList, Place, PlaceCategorySummary, Township,
    TownshipSummary,
)
from township.services import department_merge, lists_changed, summaries_rebuild, summaries_refresh

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
LISTS = sorted(FIXTURES.glob("*.txt"))


def assert_current() -> None:
    """The summary tables hold exactly what counting every latest list from scratch gives."""
    expected = expected_summaries()
    assert all(expected.values()), "nothing to compare: the fixture imported no list"
    assert stored_summaries() == expected


def import_list(path: Path | str, **options) -> None:
    call_command("import_list", str(path), stdout=io.StringIO(), **options)


def test_importing_the_bundled_lists_one_by_one_keeps_the_summaries_current(db):
    for path in LISTS:
        import_list(path)
        assert_current()
    assert TownshipSummary.objects.count() == len(LISTS)


def test_a_newer_version_replaces_the_older_one_in_the_summaries(bundled_lists, tmp_path):
    township = Township.objects.get(name="先拜巴扎镇")
    import_002_next_month(tmp_path)
    assert TownshipSummary.objects.get(township=township).duty_list == DutyList.objects.filter(
        township=township).latest()
    assert_current()


def test_a_republished_list_replacing_its_version_is_summarised_again(bundled_lists, tmp_path):
    import_list(republished_002(tmp_path, renumber=True), replace=True)
    assert_current()


@pytest.fixture
def superuser_client(bundled_lists, client):
    client.force_login(make_user("root", superuser=True))
    return client


def test_an_admin_edit_moving_an_item_to_another_category_moves_its_count(superuser_client):
    duty = item("潘津镇", "basic", 1)
    other = Category.objects.exclude(pk=duty.category_id).order_by("pk").first()
    before = CategorySummary.objects.filter(township=duty.duty_list.township, kind="basic", category=other)
    count_before = before.first().items if before.exists() else 0
    response = superuser_client.post(change_url(duty), {**form_data(superuser_client.get(change_url(duty))),
                                                        "category": other.pk})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert before.get().items == count_before + 1
    assert_current()


def test_an_admin_deletion_of_an_item_takes_it_off_the_summaries(superuser_client):
    duty = item("潘津镇", "coordinating", 1)
    before = TownshipSummary.objects.get(township=duty.duty_list.township).coordinating
    response = superuser_client.post(change_url(duty).replace("/change/", "/delete/"), {"post": "yes"})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TownshipSummary.objects.get(township=duty.duty_list.township).coordinating == before - 1
    assert_current()


def test_when_the_latest_version_goes_the_one_before_is_summarised(bundled_lists, tmp_path):
    import_002_next_month(tmp_path)
    township = Township.objects.get(name="先拜巴扎镇")
    older, newer = DutyList.objects.filter(township=township).order_by("published")
    newer.delete()
    lists_changed(township_ids=[township.pk])
    assert TownshipSummary.objects.get(township=township).duty_list == older
    assert_current()


def test_a_township_left_without_any_version_keeps_no_summary(bundled_lists):
    township = Township.objects.get(name="潘津镇")
    DutyList.objects.filter(township=township).delete()
    lists_changed(township_ids=[township.pk])
    assert not TownshipSummary.objects.filter(township=township).exists()
    assert not CategorySummary.objects.filter(township=township).exists()
    assert_current()


def test_merging_departments_moves_their_counts_to_the_one_kept(bundled_lists):
    linked = DutyDepartment.objects.filter(department__isnull=False, duty__kind="coordinating")
    target = Department.objects.get(pk=linked.values_list("department_id", flat=True).first())
    source = (Department.objects.filter(place=target.place, pk__in=linked.values("department_id"))
              .exclude(pk=target.pk).first())
    department_merge(sources=[source], target=target)
    assert_current()


def test_a_full_rebuild_and_the_command_give_the_same_rows_as_the_hook(bundled_lists):
    kept = stored_summaries()
    for model in (TownshipSummary, CategorySummary, PlaceCategorySummary):
        model.objects.all().delete()
    summaries_rebuild()
    assert stored_summaries() == kept
    out = io.StringIO()
    call_command("refresh_summaries", stdout=out)
    assert stored_summaries() == kept
    assert out.getvalue().startswith(REFRESHED.split("{")[0]) and f"{len(LISTS)} 个乡镇" in out.getvalue()


def test_a_refresh_asks_the_same_few_queries_for_one_township_or_all(bundled_lists):
    ids = list(Township.objects.values_list("pk", flat=True))
    counts = []
    for township_ids in (ids[:1], ids):
        with CaptureQueriesContext(connection) as queries:
            summaries_refresh(township_ids=township_ids)
        counts.append(len(queries))
    assert counts[0] == counts[1] <= 15
    assert_current()


def test_demo_data_is_summarised_as_it_is_loaded_and_removed(bundled_lists):
    call_command("make_demo_data", "--townships", "6", stdout=io.StringIO(), stderr=io.StringIO())
    assert TownshipSummary.objects.count() == len(LISTS) + 6
    assert_current()
    call_command("make_demo_data", "--reset", stdout=io.StringIO(), stderr=io.StringIO())
    assert TownshipSummary.objects.count() == len(LISTS)
    assert_current()


def test_a_county_right_under_a_region_is_added_up_once_into_it(bundled_lists, tmp_path):
    county = Township.objects.select_related("county__parent").get(name="先拜巴扎镇").county
    Place.objects.filter(pk=county.pk).update(parent=county.parent.parent_id)
    summaries_rebuild()  # places moved: no list changed
    assert_current()
    import_002_next_month(tmp_path)  # the refresh adds the region up after its other prefectures
    assert_current()
