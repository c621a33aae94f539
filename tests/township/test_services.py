"""Writes shared by commands and editors: here, rebuilding the catalogue."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.db.models import Max

from tests.township.conftest import FIXTURES, import_as
from township.models import CatalogueEntry, CatalogueLink, Duty, DutyList
from township.services import catalogue_rebuild

pytestmark = pytest.mark.django_db


def test_the_summary_counts_townships_items_and_entries_per_part(bundled_lists):
    reported = []
    summary = catalogue_rebuild(progress=reported.append)
    assert summary.townships == 4
    assert summary.items == Duty.objects.count()
    assert summary.linked == CatalogueLink.objects.count() == Duty.objects.exclude(name="").count()
    assert summary.entries == CatalogueEntry.objects.count()
    assert summary.entries_per_kind == {
        kind: CatalogueEntry.objects.filter(kind=kind).count() for kind in Duty.Kind.values}
    assert reported == ["基本履职事项", "配合履职事项", "上级部门收回事项", "写入数据库"]


def test_the_same_list_published_by_another_township_joins_every_entry_of_the_first(bundled_lists):
    import_as("002_fe4ab73d7f7b2358.txt", "测试丙镇")
    summary = catalogue_rebuild()
    assert summary.townships == 5
    assert CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作").township_count == 5
    assert CatalogueEntry.objects.aggregate(most=Max("township_count"))["most"] == 5
    for entry in CatalogueEntry.objects.prefetch_related("links__township"):
        townships = {link.township.name for link in entry.links.all()}
        assert ("先拜巴扎镇" in townships) == ("测试丙镇" in townships), entry.name


def test_only_the_latest_version_of_each_list_is_catalogued(bundled_lists, tmp_path):
    later = tmp_path / "002_2026.txt"
    source = (FIXTURES / "002_fe4ab73d7f7b2358.txt").read_text(encoding="utf-8")
    later.write_text(source.replace("2025年7月", "2026年1月", 1), encoding="utf-8")
    call_command("import_list", str(later), stdout=io.StringIO())
    catalogue_rebuild()
    latest = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    linked_lists = set(CatalogueLink.objects.filter(township__name="先拜巴扎镇").values_list(
        "duty__duty_list_id", flat=True))
    assert linked_lists == {latest.pk}
    assert CatalogueEntry.objects.get(kind="coordinating", name="推荐县级以上党代表工作").township_count == 4
