"""The adjustment workflow (动态调整): file, submit, give an opinion, approve or reject; every step logged.

Every rule of who may do what is checked here, not only in the admin: an editor files only for
a township of their counties, a department user answers only for their own departments, an
approver decides only in their counties and never on an application they filed. A refusal is
an `AdjustmentRefused` whose message says, in Chinese, what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace

from django.db import transaction
from django.utils import timezone

from importers.records import ParseError
from township.access import county_in_scope
from township.models import (
    AdjustmentApplication, AdjustmentEvent, AdjustmentOpinion, Department, Duty, DutyList, EditorProfile, Township,
)
from township.services.imports.adjusted import (
    ItemChange, adjusted_version_import, duty_record, proposal_check, proposed_record,
)

Status = AdjustmentApplication.Status
Action = AdjustmentApplication.Action

NOT_YOUR_COUNTY = "您负责的县（市、区）不包括{county}，不能办理{township}的清单调整申请。"
MAY_NOT_FILE = "您没有提交清单调整申请的权限；请联系管理员把您加入“县级编辑”角色。"
MAY_NOT_DECIDE = "您没有审批清单调整申请的权限；审批由县级管理员或管理员办理。"
OWN_APPLICATION = "申请 #{number} 是您本人提交的，不能由您审批；请由本县另一位管理员审批。"
NOT_A_DRAFT = "申请 #{number} 已{status}，不能再修改或提交。"
NOT_AWAITING_DECISION = "申请 #{number} 当前状态为“{status}”，只有“待审批”的申请可以批准或驳回。"
NOT_YOUR_DEPARTMENT = "您不属于{department}，不能代表该部门对申请 #{number} 提出意见。"
NOT_AWAITING_OPINION = "申请 #{number} 当前状态为“{status}”，已不再征求部门意见。"
OPINION_GIVEN = "{department}已于 {day:%Y-%m-%d %H:%M} 对申请 #{number} 提出意见，不能重复提出。"
OPINION_CHOICE = "请选择“同意”或“不同意”。"
NOTHING_CHOSEN = "请至少选择一份申请。"
SEVERAL_TOWNSHIPS = "一次批准的申请须属于同一乡镇（街道）；所选申请涉及{townships}，请按乡镇分别批准。"
SAME_ITEM = "申请 #{first} 和 #{second} 调整的是同一事项“{item}”，不能一并批准；请驳回其中一份。"
REJECT_NOTE = "驳回时请在“审批意见”中写明理由，申请人据此修改后重新申请。"
NO_LIST = "{township}还没有导入任何清单版本，无法调整；请先导入该乡镇的清单。"
TARGET_REQUIRED = "“{action}”申请须选择要调整的事项（调整的事项）。"
TARGET_NOT_LATEST = "所选事项不在{township}的最新清单（{published:%Y年%-m月}）中；请选择最新清单中的事项。"
TARGET_GONE = "申请 #{number} 调整的事项“{item}”已不在{township}的最新清单中；请驳回后按最新清单重新申请。"
TARGET_OTHER_TOWNSHIP = "所选事项属于{other}，不属于申请的{township}。"
KIND_CHANGED = "修改申请不能改变事项类型（原为{kind}）；如需调整到另一部分，请分别提交删除和新增申请。"
ADD_FIELDS = "新增事项须填写{fields}。"
DEPARTMENT_OTHER_COUNTY = "部门“{department}”不属于{county}，只能选择本县（市、区）的部门。"
NEEDS_DEPARTMENT = "配合履职事项和上级部门收回事项须选择至少一个对应部门。"
NEEDS_STEPS = "配合履职事项须填写上级部门职责和乡镇（街道）配合职责。"
NEEDS_METHODS = "上级部门收回事项须填写承接部门及工作方式。"
TOO_LONG = "调整后的事项写不进清单：{problem}。请缩短后再保存。"
CANNOT_WRITE = "申请 #{numbers} 的内容无法写入新的清单版本：{problem}"

OPINION_DETAIL = "{department}：{verdict}。{text}"
SUBMIT_DETAIL = "征求意见：{departments}"
SUBMIT_NO_OPINION = "未涉及部门，直接提交审批"
APPROVE_DETAIL = "生成清单版本 {version}。{note}"


class AdjustmentRefused(Exception):
    """What the user asked cannot be done; the message says why and what to do instead."""


def _log(application: AdjustmentApplication, user, action: str, detail: str = "") -> None:
    AdjustmentEvent.objects.create(application=application, by=user, action=action, detail=detail.strip())


def _check_county(user, township: Township) -> None:
    if not county_in_scope(user, township.county_id):
        raise AdjustmentRefused(NOT_YOUR_COUNTY.format(county=township.county.name, township=township.name))


def latest_version(township: Township) -> DutyList | None:
    """The township's newest list version, the one adjustments apply to."""
    return township.lists.order_by("-published").first()


def _check_target(application: AdjustmentApplication, latest: DutyList) -> None:
    target = application.target
    if target is None:
        raise AdjustmentRefused(TARGET_REQUIRED.format(action=application.get_action_display()))
    if target.duty_list.township_id != application.township_id:
        raise AdjustmentRefused(TARGET_OTHER_TOWNSHIP.format(other=target.duty_list.township,
                                                             township=application.township))
    if target.duty_list_id != latest.pk:
        raise AdjustmentRefused(TARGET_NOT_LATEST.format(township=application.township, published=latest.published))
    if application.action == Action.CHANGE and application.kind not in ("", target.kind):
        raise AdjustmentRefused(KIND_CHANGED.format(kind=target.get_kind_display()))


def _check_content(application: AdjustmentApplication, departments: Sequence[Department]) -> None:
    county = application.township.county
    for department in departments:
        if department.place_id != county.pk:
            raise AdjustmentRefused(DEPARTMENT_OTHER_COUNTY.format(department=department.name, county=county.name))
    if application.action != Action.ADD:
        return
    missing = [label for label, value in (("事项类型", application.kind), ("事项类别", application.category_id),
                                          ("事项名称", application.name.strip())) if not value]
    if missing:
        raise AdjustmentRefused(ADD_FIELDS.format(fields="、".join(missing)))
    if application.kind != Duty.Kind.BASIC and not departments:
        raise AdjustmentRefused(NEEDS_DEPARTMENT)
    if application.kind == Duty.Kind.COORDINATING and not (
            application.department_duties.strip() and application.township_duties.strip()):
        raise AdjustmentRefused(NEEDS_STEPS)
    if application.kind == Duty.Kind.RECLAIMED and not application.methods.strip():
        raise AdjustmentRefused(NEEDS_METHODS)


def _check_fits(application: AdjustmentApplication, departments: Sequence[Department]) -> None:
    """The proposed item must fit the list's tables, as an imported one must."""
    if application.action == Action.REMOVE:
        return
    target = application.target if application.action == Action.CHANGE else None
    item = _proposed_item(application, target, tuple(department.name for department in departments))
    if target is None:  # named in the message as the item it will be: the last of its part
        latest = latest_version(application.township)
        item = replace(item, seq=latest.duties.filter(kind=application.kind).count() + 1)
    try:
        proposal_check(item=item)
    except ParseError as error:
        raise AdjustmentRefused(TOO_LONG.format(problem=error.issue.message)) from error


def adjustment_check(*, application: AdjustmentApplication, departments: Sequence[Department], user) -> None:
    """Raise AdjustmentRefused when `user` may not save `application` as it stands (a form's clean calls this)."""
    if not user.has_perm("township.add_adjustmentapplication"):
        raise AdjustmentRefused(MAY_NOT_FILE)
    _check_county(user, application.township)
    if application.pk and application.status != Status.DRAFT:
        raise AdjustmentRefused(NOT_A_DRAFT.format(number=application.pk, status=application.get_status_display()))
    latest = latest_version(application.township)
    if latest is None:
        raise AdjustmentRefused(NO_LIST.format(township=application.township))
    if application.action != Action.ADD:
        _check_target(application, latest)
    _check_content(application, departments)
    _check_fits(application, departments)


@transaction.atomic
def adjustment_save(*, application: AdjustmentApplication, departments: Sequence[Department],
                    user) -> AdjustmentApplication:
    """Save a draft application (new or edited) with the departments it names, and log it."""
    adjustment_check(application=application, departments=departments, user=user)
    new = application.pk is None
    if new:
        application.filed_by = user
    target = application.target if application.action != Action.ADD else None
    application.target = target
    application.target_label = str(target)[:255] if target else ""
    application.target_kind, application.target_name = (target.kind, target.name) if target else ("", "")
    if target is not None and application.action == Action.CHANGE and not application.kind:
        application.kind = target.kind
    application.save()
    application.departments.set(departments)
    _log(application, user, AdjustmentEvent.Action.FILED if new else AdjustmentEvent.Action.EDITED,
         str(application))
    return application


def _departments_to_ask(application: AdjustmentApplication) -> list[Department]:
    """The departments the application names, and those the item it changes or removes names."""
    asked = {department.pk: department for department in application.departments.all()}
    if application.target is not None:
        for link in application.target.duty_departments.select_related("department"):
            if link.department is not None:
                asked.setdefault(link.department_id, link.department)
    return sorted(asked.values(), key=lambda department: department.name)


@transaction.atomic
def adjustment_submit(*, application: AdjustmentApplication, user) -> AdjustmentApplication:
    """Send a draft on: to the departments concerned for their opinion, or straight to approval."""
    application = AdjustmentApplication.objects.select_for_update().get(pk=application.pk)
    adjustment_check(application=application, departments=list(application.departments.all()), user=user)
    departments = _departments_to_ask(application)
    AdjustmentOpinion.objects.bulk_create(
        [AdjustmentOpinion(application=application, department=department) for department in departments])
    application.status = Status.AWAITING_OPINIONS if departments else Status.AWAITING_DECISION
    application.save(update_fields=["status"])
    detail = (SUBMIT_DETAIL.format(departments="、".join(department.name for department in departments))
              if departments else SUBMIT_NO_OPINION)
    _log(application, user, AdjustmentEvent.Action.SUBMITTED, detail)
    return application


def user_departments(user) -> list[int]:
    """Ids of the departments `user` speaks for."""
    return list(Department.objects.filter(members__user_id=user.pk).values_list("pk", flat=True))


@transaction.atomic
def adjustment_opinion_give(*, opinion: AdjustmentOpinion, user, agrees: bool | None,
                            text: str) -> AdjustmentOpinion:
    """Record a department's opinion; the last one due moves the application on to approval."""
    opinion = AdjustmentOpinion.objects.select_for_update().select_related(
        "department", "application__township__county").get(pk=opinion.pk)
    application = opinion.application
    if opinion.department_id not in user_departments(user) or \
            opinion.department.place_id != application.township.county_id:
        raise AdjustmentRefused(NOT_YOUR_DEPARTMENT.format(department=opinion.department, number=application.pk))
    if application.status != Status.AWAITING_OPINIONS:
        raise AdjustmentRefused(NOT_AWAITING_OPINION.format(number=application.pk,
                                                            status=application.get_status_display()))
    if opinion.given_at is not None:
        raise AdjustmentRefused(OPINION_GIVEN.format(department=opinion.department, number=application.pk,
                                                     day=timezone.localtime(opinion.given_at)))
    if agrees is None:
        raise AdjustmentRefused(OPINION_CHOICE)
    opinion.agrees, opinion.text, opinion.given_by, opinion.given_at = agrees, text.strip(), user, timezone.now()
    opinion.save()
    verdict = "同意" if agrees else "不同意"
    _log(application, user, AdjustmentEvent.Action.OPINION,
         OPINION_DETAIL.format(department=opinion.department, verdict=verdict, text=opinion.text))
    if not application.opinions.filter(given_at__isnull=True).exists():
        application.status = Status.AWAITING_DECISION
        application.save(update_fields=["status"])
    return opinion


def _check_decider(applications: Sequence[AdjustmentApplication], user) -> None:
    if not applications:
        raise AdjustmentRefused(NOTHING_CHOSEN)
    if not user.has_perm("township.approve_adjustmentapplication"):
        raise AdjustmentRefused(MAY_NOT_DECIDE)
    for application in applications:
        _check_county(user, application.township)
        if application.filed_by_id == user.pk:
            raise AdjustmentRefused(OWN_APPLICATION.format(number=application.pk))
        if application.status != Status.AWAITING_DECISION:
            raise AdjustmentRefused(NOT_AWAITING_DECISION.format(number=application.pk,
                                                                 status=application.get_status_display()))


def _locked(applications: Iterable[AdjustmentApplication]) -> list[AdjustmentApplication]:
    ids = [application.pk for application in applications]
    return list(AdjustmentApplication.objects.select_for_update(of=("self",))
                .select_related("township__county", "target").filter(pk__in=ids).order_by("pk"))


def _current_target(application: AdjustmentApplication, latest: DutyList) -> Duty:
    """The item the application changes or removes, as the latest version has it."""
    target = application.target
    if target is not None and target.duty_list_id == latest.pk:
        return target
    found = latest.duties.filter(kind=application.target_kind, name=application.target_name).first()
    if found is None:
        raise AdjustmentRefused(TARGET_GONE.format(number=application.pk, item=application.target_label,
                                                   township=application.township))
    return found


def _item_change(application: AdjustmentApplication, latest: DutyList) -> ItemChange:
    """The application as a change to the latest version's records."""
    target = None if application.action == Action.ADD else _current_target(application, latest)
    if application.action == Action.REMOVE:
        return ItemChange(action=Action.REMOVE, target=target)
    departments = tuple(application.departments.through.objects.filter(adjustmentapplication=application)
                        .order_by("pk").values_list("department__name", flat=True))
    return ItemChange(action=application.action, target=target,
                      item=_proposed_item(application, target, departments))


def _proposed_item(application: AdjustmentApplication, target: Duty | None, departments: tuple[str, ...]):
    """The item as the application proposes it; what a change leaves empty stays as `target` has it."""
    kept = duty_record(target) if target is not None else None
    item = proposed_record(
        kind=application.kind or target.kind, seq=target.seq if target else 1,
        category=application.category.name if application.category_id else kept.category,
        name=application.name.strip() or kept.name,
        departments=departments or getattr(kept, "departments", ()),
        department_duties=application.department_duties, township_duties=application.township_duties,
        methods=application.methods)
    return _keep_unfilled(item, kept) if kept is not None else item


def _keep_unfilled(item, kept):
    """A change leaves what its form left empty as the item had it (steps, methods, note)."""
    values = {"note": kept.note}
    for name in ("department_duties", "township_duties", "methods"):
        if hasattr(item, name) and not getattr(item, name):
            values[name] = getattr(kept, name)
    return replace(item, **values)


def _check_distinct(applications: Sequence[AdjustmentApplication], changes: Sequence[ItemChange]) -> None:
    seen: dict[int, AdjustmentApplication] = {}
    for application, change in zip(applications, changes):
        if change.target is None:
            continue
        first = seen.setdefault(change.target.pk, application)
        if first is not application:
            raise AdjustmentRefused(SAME_ITEM.format(first=first.pk, second=application.pk, item=change.target.name))


def _township_locked(applications: Sequence[AdjustmentApplication]) -> Township:
    """The one township the applications are for, locked: one approval per township at a time,
    so that the second builds on the first's version."""
    townships = {application.township for application in applications}
    if len(townships) > 1:
        raise AdjustmentRefused(SEVERAL_TOWNSHIPS.format(townships="、".join(sorted(map(str, townships)))))
    return Township.objects.select_for_update().get(pk=townships.pop().pk)


def _new_version(latest: DutyList, changes: list[ItemChange], numbers: list[int], user, now) -> DutyList:
    """Import the latest version with the changes; applications of a replaced same-month version follow."""
    carried = list(AdjustmentApplication.objects.filter(result_list=latest).values_list("pk", flat=True))
    try:
        result = adjusted_version_import(latest=latest, changes=changes, numbers=numbers,
                                         day=timezone.localdate(now), user=user)
    except ParseError as error:
        raise AdjustmentRefused(CANNOT_WRITE.format(numbers="、#".join(map(str, numbers)),
                                                    problem=error.issue.message)) from error
    AdjustmentApplication.objects.filter(pk__in=carried).update(result_list=result.duty_list)
    return result.duty_list


@transaction.atomic
def adjustments_approve(*, applications: Iterable[AdjustmentApplication], user, note: str = "") -> DutyList:
    """Approve applications for one township: its latest list with their changes becomes a new version."""
    applications = _locked(applications)
    _check_decider(applications, user)
    latest = latest_version(_township_locked(applications))
    changes = [_item_change(application, latest) for application in applications]
    _check_distinct(applications, changes)
    now = timezone.now()
    version = _new_version(latest, changes, [application.pk for application in applications], user, now)
    for application in applications:
        _decide(application, user, Status.APPROVED, note, now, result_list=version)
        _log(application, user, AdjustmentEvent.Action.APPROVED, APPROVE_DETAIL.format(version=version,
                                                                                       note=note.strip()))
    return version


def _decide(application, user, status, note, now, result_list=None) -> None:
    application.status, application.decided_by, application.decided_at = status, user, now
    application.decision_note, application.result_list = note.strip(), result_list
    application.save(update_fields=["status", "decided_by", "decided_at", "decision_note", "result_list"])


@transaction.atomic
def adjustments_reject(*, applications: Iterable[AdjustmentApplication], user, note: str) -> None:
    """Reject applications, with the note that tells the filer why; no version is made."""
    applications = _locked(applications)
    _check_decider(applications, user)
    if not note.strip():
        raise AdjustmentRefused(REJECT_NOTE)
    now = timezone.now()
    for application in applications:
        _decide(application, user, Status.REJECTED, note, now)
        _log(application, user, AdjustmentEvent.Action.REJECTED, note)


def _move_links(through, owner: str, sources: Sequence[Department], target: Department) -> None:
    """Many-to-many rows naming `sources` name `target` instead, once per owner."""
    rows = through.objects.filter(department__in=sources)
    owners = set(rows.values_list(f"{owner}_id", flat=True))
    linked = set(through.objects.filter(department=target, **{f"{owner}_id__in": owners})
                 .values_list(f"{owner}_id", flat=True))
    through.objects.bulk_create([through(**{f"{owner}_id": owner_id, "department": target})
                                 for owner_id in owners - linked])
    rows.delete()


def adjustments_department_merge(*, sources: Sequence[Department], target: Department) -> None:
    """Before `sources` are merged into `target`: applications, opinions and members follow them.

    An application asked both departments keeps one request: the answered one if only one was
    answered (the other's answer, if any, stays in the application's log).
    """
    _move_links(AdjustmentApplication.departments.through, "adjustmentapplication", sources, target)
    _move_links(EditorProfile.departments.through, "editorprofile", sources, target)
    for opinion in AdjustmentOpinion.objects.filter(department__in=sources).order_by("given_at", "pk"):
        kept = AdjustmentOpinion.objects.filter(application_id=opinion.application_id, department=target).first()
        if kept is not None and (kept.given_at is not None or opinion.given_at is None):
            opinion.delete()
            continue
        if kept is not None:
            kept.delete()
        opinion.department = target
        opinion.save(update_fields=["department"])
