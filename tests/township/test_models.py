"""Model constraints: what must hold in the database whatever code writes it."""

from __future__ import annotations

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models import Count

from township.models import CatalogueEntry, Category, Duty, DutyList, Place, Township
from township.services import catalogue_rebuild

pytestmark = pytest.mark.django_db


@pytest.fixture
def duty_list() -> DutyList:
    region = Place.objects.create(name="新疆维吾尔自治区", level=Place.Level.REGION)
    prefecture = Place.objects.create(name="和田地区", level=Place.Level.PREFECTURE, parent=region)
    county = Place.objects.create(name="于田县", level=Place.Level.COUNTY, parent=prefecture)
    township = Township.objects.create(name="先拜巴扎镇", kind=Township.Kind.ZHEN, county=county)
    return DutyList.objects.create(
        township=township, published=datetime.date(2025, 7, 1),
        source_name="list.txt", source_sha256="0" * 64,
    )


@pytest.fixture
def category() -> Category:
    return Category.objects.create(name="党的建设", order=1)


def _duty(duty_list, category, *, kind=Duty.Kind.BASIC, seq=1) -> Duty:
    return Duty.objects.create(duty_list=duty_list, kind=kind, seq=seq, category=category,
                               name="推荐县级以上党代表工作")


def test_a_duplicate_seq_in_the_same_part_of_a_version_is_refused(duty_list, category):
    _duty(duty_list, category, seq=7)
    with pytest.raises(IntegrityError, match="duty_unique_seq_in_part"), transaction.atomic():
        _duty(duty_list, category, seq=7)


def test_the_same_seq_in_another_part_is_allowed(duty_list, category):
    _duty(duty_list, category, seq=1, kind=Duty.Kind.BASIC)
    _duty(duty_list, category, seq=1, kind=Duty.Kind.COORDINATING)
    assert Duty.objects.filter(seq=1).count() == 2


def test_the_same_seq_in_another_version_is_allowed(duty_list, category):
    later = DutyList.objects.create(township=duty_list.township, published=datetime.date(2026, 1, 1),
                                    source_name="new.txt", source_sha256="1" * 64)
    _duty(duty_list, category, seq=1)
    _duty(later, category, seq=1)
    assert Duty.objects.filter(seq=1).count() == 2


def test_a_second_version_for_the_same_township_and_month_is_refused(duty_list):
    with pytest.raises(IntegrityError, match="dutylist_one_version_per_month"), transaction.atomic():
        DutyList.objects.create(township=duty_list.township, published=duty_list.published,
                                source_name="other.txt", source_sha256="2" * 64)


@pytest.mark.parametrize("seq", [0])
def test_seq_must_be_positive(duty_list, category, seq):
    with pytest.raises(IntegrityError, match="duty_seq_positive"), transaction.atomic():
        _duty(duty_list, category, seq=seq)


def test_a_township_name_is_unique_within_its_county(duty_list):
    with pytest.raises(IntegrityError, match="township_unique_in_county"), transaction.atomic():
        Township.objects.create(name="先拜巴扎镇", county=duty_list.township.county)


def test_place_lineage_runs_from_region_to_county(duty_list):
    names = [place.name for place in duty_list.township.county.lineage()]
    assert names == ["新疆维吾尔自治区", "和田地区", "于田县"]


@pytest.mark.parametrize(
    "name, kind",
    [("先拜巴扎镇", "zhen"), ("夏马勒乡", "xiang"), ("城关街道", "jiedao"), ("某苏木", "sumu"), ("某农场", "other"), ("某乡（清单未载明乡名）", "xiang")],
)
def test_township_kind_follows_the_name_suffix(name, kind):
    assert Township.kind_from_name(name) == kind


# --- the catalogue: entries' township counts follow their links -------------------------


def live_counts() -> dict[int, int]:
    rows = CatalogueEntry.objects.annotate(live=Count("links__township", distinct=True)).values_list("pk", "live")
    return dict(rows)


def stored_counts() -> dict[int, int]:
    return dict(CatalogueEntry.objects.values_list("pk", "township_count"))


def test_deleting_a_version_lowers_the_township_count_of_each_of_its_entries(bundled_lists):
    catalogue_rebuild()
    shared = CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作")
    assert shared.township_count == 4
    DutyList.objects.filter(township__name="夏马勒乡").delete()
    shared.refresh_from_db()
    assert shared.township_count == 3
    assert stored_counts() == live_counts()
    assert CatalogueEntry.objects.filter(township_count=0).exists()  # entries only 夏马勒乡 had


def test_deleting_one_item_lowers_only_its_entry(bundled_lists):
    catalogue_rebuild()
    before = stored_counts()
    item = Duty.objects.get(duty_list__township__name="潘津镇", name="推荐市级以上党代表工作")
    entry_id = item.catalogue_link.entry_id
    item.delete()
    assert stored_counts() == {**before, entry_id: before[entry_id] - 1} == live_counts()
