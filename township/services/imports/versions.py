"""What a new file would change in a loaded list version: items added, removed and changed."""

from __future__ import annotations

from dataclasses import dataclass, field

from importers.records import PARTS, PART_TITLES, CoordinatingItem, ParsedList, ReclaimedItem
from township.diffs import duty_key, match_items
from township.models import Duty, DutyList

SUMMARY = "新增 {added} 项、删除 {removed} 项、修改 {changed} 项"
CORRECTED = "，其中 {count} 项已被编辑人工修改过（{items}）"
RENUMBERED = "；另有 {count} 项内容未变、仅序号变化"


@dataclass
class VersionChanges:
    """Keys are (part, seq), the stored seq but for `added`.

    `corrected` are changed or removed items an editor had corrected; `renumbered` are items
    whose content is unchanged but whose seq is not.
    """

    added: list[tuple[str, int]] = field(default_factory=list)
    removed: list[tuple[str, int]] = field(default_factory=list)
    changed: list[tuple[str, int]] = field(default_factory=list)
    corrected: list[tuple[str, int]] = field(default_factory=list)
    renumbered: list[tuple[str, int]] = field(default_factory=list)

    def summary(self) -> str:
        """One Chinese sentence for reports and refusals."""
        text = SUMMARY.format(added=len(self.added), removed=len(self.removed), changed=len(self.changed))
        if self.corrected:
            items = "、".join(f"{PART_TITLES[part]}第{seq}项" for part, seq in self.corrected[:10])
            text += CORRECTED.format(count=len(self.corrected), items=items)
        if self.renumbered:
            text += RENUMBERED.format(count=len(self.renumbered))
        return text


def _parsed_signature(item) -> tuple:
    """What identifies an item's content: category, name, departments and responsibility text."""
    texts: list[str] = []
    if isinstance(item, CoordinatingItem):
        for block in item.department_duties + item.township_duties:
            texts += [block.department or "", block.heading or "", *block.steps]
    if isinstance(item, ReclaimedItem):
        for method in item.methods:
            texts += [method.department or "", method.text]
    return (item.category, item.name, tuple(getattr(item, "departments", ())), tuple(texts))


def _stored_signature(duty: Duty) -> tuple:
    texts: list[str] = []
    for block in duty.blocks.all():
        texts += [block.department_name, block.heading, *(step.text for step in block.steps.all())]
    for method in duty.methods.all():
        texts += [method.department_name, method.text]
    departments = tuple(link.name_as_published for link in duty.duty_departments.all()
                        if link.named_in == "column")
    return (duty.category.name, duty.name, departments, tuple(texts))


def compare_versions(existing: DutyList, parsed: ParsedList) -> VersionChanges:
    """Compare a loaded version with a parsed list, its items matched as the version diff page does."""
    stored = list(existing.duties.select_related("category").prefetch_related(
        "blocks__steps", "methods", "duty_departments"))
    incoming = [(part, item) for part in PARTS for item in getattr(parsed.items, part)]
    matching = match_items(stored, incoming, key=_key)
    changed, moved = [], []
    for duty, (_, item) in matching.pairs:
        if _stored_signature(duty) != _parsed_signature(item):
            changed.append(duty)
        elif duty.seq != item.seq:
            moved.append(duty)
    return VersionChanges(
        added=sorted((part, item.seq) for part, item in matching.added),
        removed=sorted((duty.kind, duty.seq) for duty in matching.removed),
        changed=sorted((duty.kind, duty.seq) for duty in changed),
        corrected=sorted((duty.kind, duty.seq) for duty in matching.removed + changed
                         if duty.corrected_at is not None),
        renumbered=sorted((duty.kind, duty.seq) for duty in moved),
    )


def _key(entry: Duty | tuple) -> tuple[str, int, str]:
    """Part, seq and name of a stored item or of a (part, parsed item) pair."""
    if isinstance(entry, Duty):
        return duty_key(entry)
    part, item = entry
    return (part, item.seq, item.name)
