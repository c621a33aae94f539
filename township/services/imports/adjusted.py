"""An approved adjustment as a new list version: the latest version read back as records, changed, imported.

The new version goes through `dutylist_import` like any file, so history, the version diff,
exports and the catalogue see it as they see an import. Items the adjustment leaves alone keep
their text, departments, steps, methods and review flags exactly.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass, replace

from importers.layouts.xlsx.cells import parse_blocks, parse_methods
from importers.records import (
    PARTS, BasicItem, CoordinatingItem, ParsedItems, ParsedList, Place, Preamble, Profile, ReclaimedItem,
    ReclaimedMethod, ReviewFlag, StatedFigures, StepBlock,
)
from township.models import Duty, DutyList, ImportRecord, ResponsibilityBlock, ReviewFlag as ReviewFlagRow, TownshipProfile
from township.services.changes import lists_changed
from township.services.imports.limits import check_fits
from township.services.imports.loader import LoadResult, dutylist_import

LAYOUT = "动态调整"
PROPOSAL = "调整申请"
SOURCE_NAME = "动态调整：申请 {numbers}（{day:%Y-%m-%d} 批准）"


@dataclass(frozen=True)
class ItemChange:
    """One approved change: drop `target` (a stored item) and/or put `item` in its place or at the end."""

    action: str  # "add", "change" or "remove"
    target: Duty | None = None
    item: BasicItem | CoordinatingItem | ReclaimedItem | None = None


def _blocks(duty: Duty, side: str) -> tuple[StepBlock, ...]:
    return tuple(StepBlock(steps=tuple(step.text for step in block.steps.all()),
                           department=block.department_name or None, heading=block.heading or None)
                 for block in duty.blocks.all() if block.side == side)


def _flags(duty: Duty) -> tuple[ReviewFlag, ...]:
    return tuple(ReviewFlag(flag.reason, flag.detail, image=bytes(flag.image or b""),
                            reviewed_on=flag.reviewed_at.date() if flag.reviewed_at else None)
                 for flag in duty.flags.all())


def duty_record(duty: Duty) -> BasicItem | CoordinatingItem | ReclaimedItem:
    """A stored item as the record an importer would have read (children prefetched)."""
    common = {"seq": duty.seq, "category": duty.category.name, "name": duty.name, "line": duty.source_line,
              "note": duty.note, "flags": _flags(duty)}
    if duty.kind == Duty.Kind.BASIC:
        return BasicItem(**common)
    departments = tuple(link.name_as_published for link in duty.duty_departments.all()
                        if link.named_in == "column")
    if duty.kind == Duty.Kind.COORDINATING:
        return CoordinatingItem(**common, departments=departments,
                                department_duties=_blocks(duty, ResponsibilityBlock.Side.DEPARTMENT),
                                township_duties=_blocks(duty, ResponsibilityBlock.Side.TOWNSHIP))
    methods = tuple(ReclaimedMethod(text=method.text, department=method.department_name or None)
                    for method in duty.methods.all())
    return ReclaimedItem(**common, departments=departments, methods=methods)


def proposed_record(*, kind: str, seq: int, category: str, name: str, departments: tuple[str, ...],
                    department_duties: str, township_duties: str, methods: str):
    """The record of a proposed item, its steps and methods read as the workbook's cells are."""
    common = {"seq": seq, "category": category, "name": name, "line": None}
    if kind == Duty.Kind.BASIC:
        return BasicItem(**common)
    if kind == Duty.Kind.COORDINATING:
        return CoordinatingItem(**common, departments=departments,
                                department_duties=parse_blocks(department_duties),
                                township_duties=parse_blocks(township_duties))
    return ReclaimedItem(**common, departments=departments, methods=parse_methods(methods))


def proposal_check(*, item) -> None:
    """Raise ParseError when a proposed item would not fit the tables a version is written to."""
    part = part_of(item)
    items = ParsedItems(**{name: (item,) if name == part else () for name in PARTS})
    check_fits(ParsedList(layout=LAYOUT, source=PROPOSAL, preamble=Preamble(), items=items))


def _stored_items(duty_list: DutyList) -> list[Duty]:
    return list(duty_list.duties.select_related("category").prefetch_related(
        "duty_departments", "blocks__steps", "methods", "flags").order_by("kind", "seq"))


def _applied(duties: list[Duty], changes: list[ItemChange]) -> dict[str, list]:
    """Each part's records after the changes: a changed item keeps its place, a removed one's
    followers move up one (as a republished list numbers them), an added one goes last."""
    by_target = {change.target.pk: change for change in changes if change.target is not None}
    parts: dict[str, list] = {part: [] for part in PARTS}
    removed: dict[str, list[int]] = {part: [] for part in PARTS}
    for duty in duties:
        change = by_target.get(duty.pk)
        if change is not None and change.action == "remove":
            removed[duty.kind].append(duty.seq)
            continue
        record = duty_record(duty) if change is None else replace(change.item, seq=duty.seq)
        shift = sum(1 for seq in removed[duty.kind] if seq < duty.seq)
        parts[duty.kind].append(replace(record, seq=duty.seq - shift))
    for change in changes:
        if change.action == "add":
            items = parts[part_of(change.item)]
            items.append(replace(change.item, seq=max((item.seq for item in items), default=0) + 1))
    return parts


def part_of(item) -> str:
    """The part a record belongs to."""
    return {BasicItem: Duty.Kind.BASIC, CoordinatingItem: Duty.Kind.COORDINATING,
            ReclaimedItem: Duty.Kind.RECLAIMED}[type(item)]


def _profile(duty_list: DutyList) -> Profile | None:
    profile = TownshipProfile.objects.filter(duty_list=duty_list).first()
    if profile is None:
        return None
    return Profile(**{name: getattr(profile, name) for name in Profile.__dataclass_fields__})


def _stated(duty_list: DutyList, before: dict[str, int], after: dict[str, list]) -> StatedFigures:
    """The 说明's figures moved by what the adjustment added or removed; a part's department count
    is dropped when the part changed, since no 说明 states the new one."""
    counts, departments, moved = {}, {}, 0
    for part in PARTS:
        difference = len(after[part]) - before[part]
        moved += difference
        stated = duty_list.stated_count(part)
        if stated is not None:
            counts[part] = stated + difference
        stated_departments = getattr(duty_list, f"stated_departments_{part}", None)
        if stated_departments is not None and not difference:
            departments[part] = stated_departments
    total = duty_list.stated_total + moved if duty_list.stated_total is not None else None
    categories = {part: tuple(names) for part, names in (duty_list.stated_categories or {}).items()}
    return StatedFigures(counts=counts, departments=departments, categories=categories, total=total)


def _place(duty_list: DutyList) -> Place:
    lineage = {place.level: place.name for place in duty_list.township.county.lineage()}
    return Place(region=lineage.get("region"), prefecture=lineage.get("prefecture"),
                 county=lineage.get("county"), township=duty_list.township.name)


def _sha256(latest: DutyList, numbers: list[int], parts: dict[str, list]) -> str:
    """A fingerprint of the new version: what it was made from, and what it holds."""
    content = json.dumps([latest.source_sha256, numbers, [repr(item) for part in PARTS for item in parts[part]]],
                         ensure_ascii=False)
    return hashlib.sha256(content.encode()).hexdigest()


def _flag_key(flag: ReviewFlagRow) -> tuple:
    return (flag.duty.kind, flag.duty.name, flag.reason, flag.detail)


def _reviews(duty_list: DutyList) -> dict[tuple, tuple]:
    """Who reviewed which item flag when: the records carry only the day, and no reviewer."""
    reviewed = ReviewFlagRow.objects.filter(duty_list=duty_list, duty__isnull=False, reviewed_at__isnull=False)
    return {_flag_key(flag): (flag.reviewed_at, flag.reviewed_by_id) for flag in reviewed.select_related("duty")}


def _keep_reviews(duty_list: DutyList, reviews: dict[tuple, tuple]) -> None:
    flags = [flag for flag in ReviewFlagRow.objects.filter(duty_list=duty_list, duty__isnull=False,
                                                           reviewed_at__isnull=False).select_related("duty")
             if _flag_key(flag) in reviews]
    for flag in flags:
        flag.reviewed_at, flag.reviewed_by_id = reviews[_flag_key(flag)]
    ReviewFlagRow.objects.bulk_update(flags, ["reviewed_at", "reviewed_by"])


def adjusted_version_import(*, latest: DutyList, changes: list[ItemChange], numbers: list[int],
                            day: datetime.date, user) -> LoadResult:
    """Import `latest` with `changes` applied as the township's version for the month of `day`.

    The month's version is replaced when there is one already (a list imported this month, or an
    earlier adjustment approved this month): it is `latest`, and everything of it is carried
    over. A latest version dated after `day` is replaced in its own month, so the newest version
    always holds the approved change. The caller owns the transaction.
    """
    duties = _stored_items(latest)
    before = {part: sum(1 for duty in duties if duty.kind == part) for part in PARTS}
    parts = _applied(duties, changes)
    published = max(day.replace(day=1), latest.published)
    preamble = Preamble(place=_place(latest), published=f"{published:%Y-%m}", profile=_profile(latest),
                        stated=_stated(latest, before, parts))
    items = ParsedItems(basic=tuple(parts["basic"]), coordinating=tuple(parts["coordinating"]),
                        reclaimed=tuple(parts["reclaimed"]))
    source = SOURCE_NAME.format(numbers="、".join(f"#{number}" for number in numbers), day=day)
    parsed = ParsedList(layout=LAYOUT, source=source, preamble=preamble, items=items)
    reviews = _reviews(latest)
    result = dutylist_import(parsed=parsed, sha256=_sha256(latest, numbers, parts), user=user,
                             replace=published == latest.published, via=ImportRecord.Via.ADJUSTMENT)
    _keep_reviews(result.duty_list, reviews)
    lists_changed(township_ids=[latest.township_id])
    return result
