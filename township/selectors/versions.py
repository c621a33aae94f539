"""Reads for comparing two versions of one township's list."""

from __future__ import annotations

from django.db.models import Prefetch

from township.diffs import PartDiff, version_diff
from township.models import Duty, DutyList, ResponsibilityBlock, Step


def duty_list_diff(*, old: DutyList, new: DutyList) -> list[PartDiff]:
    """What changed from one version to another, by part, loaded in five queries however large."""
    steps = Step.objects.order_by("position")
    blocks = (ResponsibilityBlock.objects.prefetch_related(Prefetch("steps", queryset=steps))
              .order_by("side", "position"))
    duties = list(
        Duty.objects.filter(duty_list_id__in=[old.pk, new.pk])
        .select_related("category")
        .defer("search_document", "name_document")  # kilobytes per item that only the database needs
        .prefetch_related("duty_departments", "methods", Prefetch("blocks", queryset=blocks))
        .order_by("kind", "seq")
    )
    return version_diff(
        [duty for duty in duties if duty.duty_list_id == old.pk],
        [duty for duty in duties if duty.duty_list_id == new.pk],
    )
