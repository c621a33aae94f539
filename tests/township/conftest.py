"""Fixtures shared by the township tests, and the bundled lists imported again as other townships."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.republished import republished_002
from township.models import Duty, DutyDepartment, DutyList
from township.services import lists_changed


@pytest.fixture
def two_versions_of_002(bundled_lists, tmp_path) -> DutyList:
    """先拜巴扎镇 re-published for 2026-01, then thinned so its latest figures differ from the old ones.

    One item also names its department twice, which must still count once.
    """
    call_command("import_list", str(republished_002(tmp_path, renumber=True)), "--published", "2026-01",
                 stdout=io.StringIO())
    latest = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    Duty.objects.filter(duty_list=latest, kind="coordinating", seq__lte=5).delete()
    Duty.objects.filter(duty_list=latest, kind="reclaimed", seq__gte=38).delete()
    link = DutyDepartment.objects.filter(duty__duty_list=latest, department__isnull=False).first()
    DutyDepartment.objects.create(duty=link.duty, position=99, name_as_published=link.name_as_published,
                                  named_in="duties", department=link.department)
    lists_changed(township_ids=[latest.township_id])  # as every real writer does after its changes
    return latest


FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
YUTIAN = {"region": "新疆维吾尔自治区", "prefecture": "和田地区", "county": "于田县"}
# The bundled lists by township: 潘津镇 (000), the unnamed 乡 (001), 先拜巴扎镇 (002), 夏马勒乡 (004).
BUNDLED_FILES = {"潘津镇": "000_5d7574d3c5ca649c.txt", "某乡（清单未载明乡名）": "001_1fdc4c7ea05d9441.txt",
                 "先拜巴扎镇": "002_fe4ab73d7f7b2358.txt", "夏马勒乡": "004_75977ff95c5311e1.txt"}
COPY_NAMES = ["测试一镇", "测试二镇", "测试三镇", "测试四镇", "测试五镇", "测试六镇"]


def import_as(file_name: str, township: str, **place: str) -> None:
    """Import a bundled list as if another township had published it (in 于田县 unless told)."""
    options = {**YUTIAN, **place, "township": township}
    call_command("import_list", str(FIXTURES / file_name), stdout=io.StringIO(), **options)


def six_more_townships(*, besides: str) -> None:
    """Ten townships in all, enough for 少见 marks: two copies (in 于田县) of each bundled list but `besides`'s.

    `besides` keeps the items only it has: each stays in one township's list of ten.
    """
    others = [name for township, name in BUNDLED_FILES.items() if township != besides]
    for copy_name, file_name in zip(COPY_NAMES, others * 2):
        import_as(file_name, copy_name)


@pytest.fixture
def yutian_of_three(bundled_lists) -> None:
    """于田县 with three townships: 先拜巴扎镇 (002) and copies of lists 000 and 001."""
    import_as("000_5d7574d3c5ca649c.txt", "测试甲镇")
    import_as("001_1fdc4c7ea05d9441.txt", "测试乙乡")
