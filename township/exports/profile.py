"""A version's township profile as the exports write it: the workbook's key list, whole numbers as integers."""

from __future__ import annotations

from decimal import Decimal

from importers.layouts.xlsx.format import PROFILE_ROWS
from township.models import DutyList, TownshipProfile


def plain_number(value: object) -> object:
    """A Decimal as JSON and Excel store numbers (a whole one as an integer); other values unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def profile_values(duty_list: DutyList) -> dict[str, object]:
    """Profile key → value, every key of PROFILE_ROWS in its order; {} when the version has no profile."""
    try:
        profile = duty_list.profile
    except TownshipProfile.DoesNotExist:
        return {}
    return {key: plain_number(getattr(profile, key)) for key in PROFILE_ROWS}
