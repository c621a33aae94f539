"""What changed between two versions of a township's list: items matched, then compared field by field."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Generic, Sequence, TypeVar

from township.matching.text import CONTAINED_SHARE, SIMILAR_RATIO, normalise, similarity
from township.models import Duty, DutyDepartment, ResponsibilityBlock
from township.textdiff import Line, lines_diff

Item = TypeVar("Item")
# (part, seq, name): how an item is recognised in another version of its list.
ItemKey = tuple[str, int, str]


@dataclass
class Matching(Generic[Item]):
    """Items of two versions paired up; the rest are only in the old or only in the new one."""

    pairs: list[tuple[Item, Item]] = field(default_factory=list)
    removed: list[Item] = field(default_factory=list)
    added: list[Item] = field(default_factory=list)


def _unpaired(new: list, matching: Matching) -> list:
    """The new items no pair has taken yet, in their order."""
    paired_new = {id(new_item) for _, new_item in matching.pairs}
    return [item for item in new if id(item) not in paired_new]


def _pair_by(old: list, new: list, key: Callable, matching: Matching) -> tuple[list, list]:
    """Pair unmatched items whose keys agree, first come first paired; return what is left."""
    waiting: dict = {}
    for item in new:
        waiting.setdefault(key(item), []).append(item)
    waiting.pop(None, None)  # a key of None never pairs
    left_old = []
    for item in old:
        candidates = waiting.get(key(item))
        if candidates:
            matching.pairs.append((item, candidates.pop(0)))
        else:
            left_old.append(item)
    return left_old, _unpaired(new, matching)


def _part_and_name(key: ItemKey) -> tuple[str, str] | None:
    """Part and normalised name; None when nothing of the name is left to recognise it by."""
    part, _, name = key
    normalised = normalise(name)
    return (part, normalised) if normalised else None


def similar_names(first: str, second: str) -> bool:
    """Whether two names at the same place in two versions are one item reworded.

    The rule of township.matching.text, scored on normalised names, without its floor for short
    names: similar throughout (SIMILAR_RATIO), or one name kept whole inside the other
    (CONTAINED_SHARE). The floor keeps a few generic words from joining any long item among
    hundreds; here the item sits at the same part and seq, so a shortened name such as
    "做好人才引进、服务、管理和使用工作" → "做好人才引进工作" (ratio 53) is still the same item.
    """
    score = similarity(normalise(first), normalise(second))
    return score.ratio >= SIMILAR_RATIO or score.contained >= CONTAINED_SHARE


def _pair_similar_in_place(old: list, new: list, key: Callable, matching: Matching) -> tuple[list, list]:
    """Pair unmatched items at the same part and seq whose names are similar; return what is left."""
    waiting: dict[tuple[str, int], list] = {}
    for item in new:
        waiting.setdefault(key(item)[:2], []).append(item)
    left_old = []
    for item in old:
        part, seq, name = key(item)
        candidates = waiting.get((part, seq), [])
        partner = next((other for other in candidates if similar_names(name, key(other)[2])), None)
        if partner is None:
            left_old.append(item)
        else:
            candidates.remove(partner)
            matching.pairs.append((item, partner))
    return left_old, _unpaired(new, matching)


def match_items(old: Sequence[Item], new: Sequence[Item], *, key: Callable[[Item], ItemKey]) -> Matching[Item]:
    """Pair the items of two versions by part and seq, falling back to the name.

    Same part, seq and name pair first. Then the same normalised name within the part pairs, so
    a list renumbered after a dropped item does not show every later item as rewritten, and OCR
    spacing or half-width punctuation does not split a pair (a name that normalises to nothing
    never pairs this way). Last, what is still alone pairs by part and seq when the names are
    similar: an item reworded in place is a change, but a wholly different item published at
    the same seq is one item removed and another added.
    """
    matching: Matching[Item] = Matching()
    rest_old, rest_new = _pair_by(list(old), list(new), key, matching)
    rest_old, rest_new = _pair_by(rest_old, rest_new, lambda item: _part_and_name(key(item)), matching)
    rest_old, rest_new = _pair_similar_in_place(rest_old, rest_new, key, matching)
    matching.removed, matching.added = rest_old, rest_new
    return matching


def duty_key(duty: Duty) -> ItemKey:
    """A stored item's part, seq and name."""
    return (duty.kind, duty.seq, duty.name)


def _block_lines(blocks: list[ResponsibilityBlock]) -> list[str]:
    """A responsibility column as lines: a department or heading line, then numbered steps."""
    lines: list[str] = []
    for block in blocks:
        label = "　".join(part for part in (block.department_name, block.heading) if part)
        if label:
            lines.append(f"{label}：")
        lines += [f"{step.position}. {step.text}" for step in block.steps.all()]
    return lines


def _column_departments(duty: Duty) -> list[str]:
    """The departments the item's own column names, in published order."""
    links = [link for link in duty.duty_departments.all() if link.named_in == DutyDepartment.NamedIn.COLUMN]
    names = [link.name_as_published for link in sorted(links, key=lambda link: link.position)]
    return ["、".join(names)] if names else []


def duty_fields(duty: Duty) -> dict[str, list[str]]:
    """An item's comparable content, field by field, each as lines of text.

    Needs the item's category, departments, blocks with steps and methods loaded.
    """
    blocks = sorted(duty.blocks.all(), key=lambda block: block.position)
    methods = sorted(duty.methods.all(), key=lambda method: method.position)
    return {
        "name": [duty.name],
        "category": [duty.category.name],
        "departments": _column_departments(duty),
        "department_steps": _block_lines([b for b in blocks if b.side == ResponsibilityBlock.Side.DEPARTMENT]),
        "township_steps": _block_lines([b for b in blocks if b.side == ResponsibilityBlock.Side.TOWNSHIP]),
        "methods": [f"{m.department_name}：{m.text}" if m.department_name else m.text for m in methods],
        "note": [duty.note] if duty.note else [],
    }


FIELD_LABELS = {
    "name": "事项名称",
    "category": "事项类别",
    "departments": "对应部门",
    "department_steps": "上级部门职责",
    "township_steps": "乡镇（街道）配合职责",
    "methods": "承接部门及工作方式",
    "note": "备注",
}


@dataclass
class FieldChange:
    """One field of an item as both versions have it, changed lines and characters marked."""

    field: str
    label: str
    before: list[Line]
    after: list[Line]


@dataclass
class ItemChange:
    """One item present in both versions; `fields` lists what differs (empty if only renumbered)."""

    old: Duty
    new: Duty
    fields: list[FieldChange]

    @property
    def renumbered(self) -> bool:
        """Whether the item moved to another seq."""
        return self.old.seq != self.new.seq


def item_change(old: Duty, new: Duty) -> ItemChange:
    """Compare one matched pair of items field by field."""
    old_fields, new_fields = duty_fields(old), duty_fields(new)
    changes = []
    for name, label in FIELD_LABELS.items():
        if old_fields[name] != new_fields[name]:
            before, after = lines_diff(old_fields[name], new_fields[name])
            changes.append(FieldChange(name, label, before, after))
    return ItemChange(old, new, changes)


@dataclass
class PartDiff:
    """The differences within one part (基本, 配合 or 收回) of the list."""

    kind: str
    label: str
    added: list[Duty] = field(default_factory=list)
    removed: list[Duty] = field(default_factory=list)
    changed: list[ItemChange] = field(default_factory=list)
    renumbered: list[ItemChange] = field(default_factory=list)

    @property
    def has_differences(self) -> bool:
        """Whether anything in this part was added, removed, changed or renumbered."""
        return bool(self.added or self.removed or self.changed or self.renumbered)


def version_diff(old: Sequence[Duty], new: Sequence[Duty]) -> list[PartDiff]:
    """The items added, removed, changed and only renumbered between two versions, by part."""
    parts = {kind: PartDiff(kind, label) for kind, label in Duty.Kind.choices}
    matching = match_items(old, new, key=duty_key)
    for duty in matching.added:
        parts[duty.kind].added.append(duty)
    for duty in matching.removed:
        parts[duty.kind].removed.append(duty)
    for old_duty, new_duty in matching.pairs:
        change = item_change(old_duty, new_duty)
        if change.fields:
            parts[new_duty.kind].changed.append(change)
        elif change.renumbered:
            parts[new_duty.kind].renumbered.append(change)
    for part in parts.values():
        part.added.sort(key=lambda duty: duty.seq)
        part.removed.sort(key=lambda duty: duty.seq)
        part.changed.sort(key=lambda change: change.new.seq)
        part.renumbered.sort(key=lambda change: change.new.seq)
    return list(parts.values())
