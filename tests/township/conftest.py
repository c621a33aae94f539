"""Fixtures shared by the township tests."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from tests.republished import republished_002
from township.models import Duty, DutyDepartment, DutyList


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
    return latest
