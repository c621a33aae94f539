"""Item revisions: a whole item (with departments, steps, methods) saved, compared and restored.

An item spans five tables, so a revision is one JSON snapshot of all of them rather than a
history per table: restoring it puts back the item exactly, steps and all, in one step.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from township.models import (
    Category, Department, DepartmentAlias, Duty, DutyDepartment, DutyRevision, ReclaimedMethod,
    ResponsibilityBlock, Step,
)
from township.services.changes import lists_changed
from township.services.search_documents import duty_search_document_refresh

BASELINE_COMMENT = "导入时的内容（{source}）"
REVERT_COMMENT = "恢复到第 {number} 版"


def _department(department: Department | None) -> dict | None:
    return None if department is None else {"id": department.pk, "name": department.name}


def _blocks(duty: Duty) -> list[dict]:
    return [{"side": block.side, "department_name": block.department_name,
             "department": _department(block.department), "heading": block.heading,
             "steps": [step.text for step in block.steps.all()]}
            for block in duty.blocks.all()]


def duty_snapshot(*, duty_id: int) -> dict:
    """The item as stored now: its own fields and every row that belongs to it, in order."""
    duty = (Duty.objects.select_related("category")
            .prefetch_related("duty_departments__department", "blocks__department", "blocks__steps",
                              "methods__department")
            .get(pk=duty_id))
    return {
        "seq": duty.seq,
        "category": {"id": duty.category_id, "name": duty.category.name},
        "name": duty.name,
        "note": duty.note,
        "departments": [{"name_as_published": link.name_as_published, "named_in": link.named_in,
                         "department": _department(link.department)}
                        for link in duty.duty_departments.all()],
        "blocks": _blocks(duty),
        "methods": [{"department_name": method.department_name,
                     "department": _department(method.department), "text": method.text}
                    for method in duty.methods.all()],
    }


def _label(duty: Duty) -> str:
    duty_list = duty.duty_list
    return (f"{duty_list.township.name} {duty_list.published:%Y-%m} "
            f"{duty.get_kind_display()}第 {duty.seq} 项")[:255]


def duty_revision_baseline(*, duty: Duty, snapshot: dict | None = None) -> None:
    """Before an item's first correction, keep its state as imported (`snapshot`, or now) as revision 1."""
    if duty.revisions.exists():
        return
    duty_list = duty.duty_list
    DutyRevision.objects.create(
        duty=duty, label=_label(duty), number=1, action=DutyRevision.Action.IMPORT,
        created_at=duty_list.imported_at, created_by=duty_list.imported_by,
        comment=BASELINE_COMMENT.format(source=duty_list.source_name)[:255],
        snapshot=snapshot if snapshot is not None else duty_snapshot(duty_id=duty.pk))


def duty_edit_record(*, duty: Duty, before: dict, user) -> DutyRevision | None:
    """After an editor saved the item: record the change, or nothing when it reads as `before`.

    An unchanged save (an editor pressing 保存 to leave the page) is no correction: it neither
    adds a revision nor marks the item corrected, which would also refuse other editors' open
    pages as stale for nothing.
    """
    if duty_snapshot(duty_id=duty.pk) == before:
        return None
    duty_revision_baseline(duty=duty, snapshot=before)  # `before` is the imported state then
    duty.corrected_at, duty.corrected_by = timezone.now(), user
    Duty.objects.filter(pk=duty.pk).update(corrected_at=duty.corrected_at, corrected_by=user)
    return duty_revision_record(duty=duty, user=user)


def duty_revision_record(*, duty: Duty, user, action: str = DutyRevision.Action.EDIT,
                         comment: str = "") -> DutyRevision | None:
    """Save the item's current state as its next revision; None when nothing changed."""
    snapshot = duty_snapshot(duty_id=duty.pk)
    last = duty.revisions.order_by("-number").first()
    if last is not None and last.snapshot == snapshot:
        return None
    return DutyRevision.objects.create(
        duty=duty, label=_label(duty), number=last.number + 1 if last else 1, action=action,
        created_at=timezone.now(), created_by=user, comment=comment[:255], snapshot=snapshot)


def _resolve_department(saved: dict | None, *, county_id: int, name: str = "") -> Department | None:
    """The department a snapshot named; if it was merged away since, the one it became."""
    if saved is None:
        return None
    department = Department.objects.filter(pk=saved["id"], place_id=county_id).first()
    if department is not None:
        return department
    alias = DepartmentAlias.objects.filter(place_id=county_id, name__in=[saved["name"], name]).first()
    return alias.department if alias else Department.objects.filter(
        place_id=county_id, name=saved["name"]).first()


def _resolve_category(saved: dict) -> Category:
    return Category.objects.filter(pk=saved["id"]).first() or Category.objects.get_or_create(
        name=saved["name"])[0]


def _restore_children(duty: Duty, snapshot: dict, county_id: int) -> None:
    for related in (duty.duty_departments, duty.blocks, duty.methods):
        related.all().delete()
    DutyDepartment.objects.bulk_create([
        DutyDepartment(duty=duty, position=position, name_as_published=link["name_as_published"],
                       named_in=link["named_in"],
                       department=_resolve_department(link["department"], county_id=county_id,
                                                      name=link["name_as_published"]))
        for position, link in enumerate(snapshot["departments"], start=1)])
    positions = {"department": 0, "township": 0}
    for saved in snapshot["blocks"]:
        positions[saved["side"]] += 1
        block = ResponsibilityBlock.objects.create(
            duty=duty, side=saved["side"], position=positions[saved["side"]],
            department_name=saved["department_name"], heading=saved["heading"],
            department=_resolve_department(saved["department"], county_id=county_id,
                                           name=saved["department_name"]))
        Step.objects.bulk_create([Step(block=block, position=position, text=text)
                                  for position, text in enumerate(saved["steps"], start=1)])
    ReclaimedMethod.objects.bulk_create([
        ReclaimedMethod(duty=duty, position=position, department_name=method["department_name"],
                        text=method["text"],
                        department=_resolve_department(method["department"], county_id=county_id,
                                                       name=method["department_name"]))
        for position, method in enumerate(snapshot["methods"], start=1)])


@transaction.atomic
def duty_revert(*, duty: Duty, revision: DutyRevision, user) -> DutyRevision | None:
    """Put the item back as it was in `revision`, and record that as a new revision."""
    duty_revision_baseline(duty=duty)
    snapshot = revision.snapshot
    duty.seq, duty.name, duty.note = snapshot["seq"], snapshot["name"], snapshot["note"]
    duty.category = _resolve_category(snapshot["category"])
    duty.corrected_at, duty.corrected_by = timezone.now(), user
    duty.save()
    _restore_children(duty, snapshot, duty.duty_list.township.county_id)
    duty_search_document_refresh(duty_ids=[duty.pk])
    recorded = duty_revision_record(duty=duty, user=user, action=DutyRevision.Action.REVERT,
                                    comment=REVERT_COMMENT.format(number=revision.number))
    lists_changed(township_ids=[duty.duty_list.township_id], edited=[duty.pk])
    return recorded


def duty_revision_before_delete(*, duty: Duty, user) -> None:
    """Keep an item's last state before it is deleted, so a deletion loses no text."""
    duty_revision_baseline(duty=duty)
    last = duty.revisions.order_by("-number").first()
    DutyRevision.objects.create(
        duty=duty, label=_label(duty), number=last.number + 1, action=DutyRevision.Action.DELETE,
        created_at=timezone.now(), created_by=user, snapshot=duty_snapshot(duty_id=duty.pk))
