"""The JSON export of a list version: exactly what was imported, in the documented structure."""

from __future__ import annotations

import json
from typing import BinaryIO

from township.exports.profile import profile_values
from township.models import Duty, DutyDepartment, DutyList, ResponsibilityBlock
from township.selectors.lists import duty_list_export_duties


def _profile(duty_list: DutyList) -> dict:
    """The profile's stated values only (a blank field is left out)."""
    return {key: value for key, value in profile_values(duty_list).items() if value not in (None, "")}


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
                                 if link.named_in == DutyDepartment.NamedIn.COLUMN]
    blocks = list(duty.blocks.all())
    if duty.kind == Duty.Kind.COORDINATING:
        record["department_duties"] = [
            {"department": block.department_name or None, "heading": block.heading or None,
             "steps": [step.text for step in block.steps.all()]}
            for block in blocks if block.side == ResponsibilityBlock.Side.DEPARTMENT]
        record["township_duties"] = [
            {"heading": block.heading or None, "steps": [step.text for step in block.steps.all()]}
            for block in blocks if block.side == ResponsibilityBlock.Side.TOWNSHIP]
    if duty.kind == Duty.Kind.RECLAIMED:
        record["methods"] = [{"department": method.department_name or None, "text": method.text}
                             for method in duty.methods.all()]
    record["flags"] = sorted(flag.reason for flag in duty.flags.all())
    return record


def duty_list_as_json(duty_list: DutyList) -> dict:
    """The version as the documented JSON structure (township, basic, coordinating, reclaimed)."""
    document = {"township": _township(duty_list)}
    duties = list(duty_list_export_duties(duty_list=duty_list))
    for kind in Duty.Kind.values:
        document[kind] = [_duty(duty) for duty in duties if duty.kind == kind]
    return document


def duty_list_as_json_file(duty_list: DutyList, target: BinaryIO) -> None:
    """Write the version's JSON to `target` as UTF-8 (Chinese as itself, indented), a newline last."""
    text = json.dumps(duty_list_as_json(duty_list), ensure_ascii=False, indent=2)
    target.write(f"{text}\n".encode("utf-8"))
