"""The JSON export of a list version: exactly what was imported, in the documented structure."""

from __future__ import annotations

from decimal import Decimal

from township.models import Duty, DutyList, TownshipProfile
from township.selectors import duty_list_export_duties

PROFILE_FIELDS = (
    "township_type", "location", "area_km2", "households", "registered_population",
    "resident_population", "villages", "communities", "farmland_mu",
    "village_collective_income", "per_capita_income", "summary",
)


def _number(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _profile(duty_list: DutyList) -> dict:
    try:
        profile = duty_list.profile
    except TownshipProfile.DoesNotExist:
        return {}
    values = {name: _number(getattr(profile, name)) for name in PROFILE_FIELDS}
    return {name: value for name, value in values.items() if value not in (None, "")}


def _township(duty_list: DutyList) -> dict:
    lineage = {place.level: place.name for place in duty_list.township.county.lineage()}
    return {
        "name": duty_list.township.name,
        "county": lineage.get("county"),
        "prefecture": lineage.get("prefecture"),
        "region": lineage.get("region"),
        "published": f"{duty_list.published:%Y-%m}",
        "profile": _profile(duty_list),
        "stated_counts": {kind: duty_list.stated_count(kind) for kind in Duty.Kind.values},
        "stated_departments": {"coordinating": duty_list.stated_departments_coordinating,
                               "reclaimed": duty_list.stated_departments_reclaimed},
    }


def _duty(duty: Duty) -> dict:
    record = {"seq": duty.seq, "category": duty.category.name, "name": duty.name}
    if duty.kind != Duty.Kind.BASIC:
        record["departments"] = [link.name_as_published for link in duty.duty_departments.all()
                                 if link.named_in == "column"]
    blocks = list(duty.blocks.all())
    if duty.kind == Duty.Kind.COORDINATING:
        record["department_duties"] = [
            {"department": b.department_name or None, "heading": b.heading or None,
             "steps": [step.text for step in b.steps.all()]} for b in blocks if b.side == "department"]
        record["township_duties"] = [
            {"heading": b.heading or None, "steps": [step.text for step in b.steps.all()]}
            for b in blocks if b.side == "township"]
    if duty.kind == Duty.Kind.RECLAIMED:
        record["methods"] = [{"department": m.department_name or None, "text": m.text}
                             for m in duty.methods.all()]
    record["flags"] = sorted(flag.reason for flag in duty.flags.all())
    return record


def duty_list_as_json(duty_list: DutyList) -> dict:
    """The version as the documented JSON structure (township, basic, coordinating, reclaimed)."""
    document = {"township": _township(duty_list)}
    duties = list(duty_list_export_duties(duty_list=duty_list))
    for kind in Duty.Kind.values:
        document[kind] = [_duty(duty) for duty in duties if duty.kind == kind]
    return document
