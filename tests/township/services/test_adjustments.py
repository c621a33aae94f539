"""The adjustment workflow on the bundled lists: filing, opinions, approval into a new version, refusals."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from tests.township.admin.conftest import TOWNSHIP_A, TOWNSHIP_B, make_user
from tests.township.database import township_checksum
from township.models import (
    AdjustmentApplication, AdjustmentEvent, CatalogueLink, Category, Duty, DutyList, EditorProfile, ImportRecord,
    ReviewFlag, Township,
)
from township.selectors.versions import duty_list_diff
from township.services import adjustments, catalogue_rebuild, department_merge
from township.services.adjustments import (
    AdjustmentRefused, adjustment_opinion_give, adjustment_save, adjustment_submit, adjustments_approve,
    adjustments_reject, latest_version,
)
from township.services.roles import COUNTY_ADMINISTRATORS, COUNTY_EDITORS, DEPARTMENT_USERS

pytestmark = pytest.mark.django_db

Status = AdjustmentApplication.Status


@pytest.fixture
def township_a(bundled_lists) -> Township:
    return Township.objects.get(name=TOWNSHIP_A)


@pytest.fixture
def township_b(bundled_lists) -> Township:
    return Township.objects.get(name=TOWNSHIP_B)


@pytest.fixture
def editor(township_a):
    return make_user("filer", role=COUNTY_EDITORS, counties=[township_a.county])


@pytest.fixture
def approver(township_a):
    return make_user("approver", role=COUNTY_ADMINISTRATORS, counties=[township_a.county])


def department_user(username: str, department):
    """A user who speaks for `department`."""
    user = make_user(username, role=DEPARTMENT_USERS)
    EditorProfile.objects.get_or_create(user=user)[0].departments.set([department])
    return user


def latest_item(township: Township, kind: str, seq: int) -> Duty:
    return latest_version(township).duties.get(kind=kind, seq=seq)


def coordinating_with_department(township: Township) -> Duty:
    """The first coordinating item of the latest list that names a resolved department."""
    duties = latest_version(township).duties.filter(kind=Duty.Kind.COORDINATING)
    return duties.filter(duty_departments__department__isnull=False).order_by("seq").first()


def file(user, township, **values) -> AdjustmentApplication:
    departments = values.pop("departments", [])
    application = AdjustmentApplication(township=township, reason="乡镇无执法权", legal_basis="《行政处罚法》第二十四条",
                                        **values)
    return adjustment_save(application=application, departments=departments, user=user)


def rename(user, township, seq: int = 1) -> AdjustmentApplication:
    """A change of basic item `seq`'s name, submitted; no department is asked, so it awaits approval."""
    target = latest_item(township, Duty.Kind.BASIC, seq)
    application = file(user, township, action="change", target=target, name=target.name + "（含新增内容）")
    return adjustment_submit(application=application, user=user)


def test_a_submitted_change_asks_the_departments_its_item_names(township_a, editor):
    target = coordinating_with_department(township_a)
    application = file(editor, township_a, action="change", target=target, name="新的事项名称")
    assert application.status == Status.DRAFT and application.filed_by == editor
    adjustment_submit(application=application, user=editor)
    application.refresh_from_db()
    linked = {link.department for link in target.duty_departments.all() if link.department}
    assert application.status == Status.AWAITING_OPINIONS
    assert {opinion.department for opinion in application.opinions.all()} == linked


def test_the_last_opinion_sends_the_application_to_approval(township_a, editor):
    target = coordinating_with_department(township_a)
    application = adjustment_submit(application=file(editor, township_a, action="remove", target=target), user=editor)
    opinions = list(application.opinions.select_related("department"))
    for number, opinion in enumerate(opinions):
        speaker = department_user(f"dept{number}", opinion.department)
        adjustment_opinion_give(opinion=opinion, user=speaker, agrees=number == 0, text="职责已划转")
        application.refresh_from_db()
        expected = Status.AWAITING_DECISION if number == len(opinions) - 1 else Status.AWAITING_OPINIONS
        assert application.status == expected
    given = application.opinions.get(department=opinions[0].department)
    assert given.agrees is True and given.given_by.username == "dept0" and given.given_at is not None


def test_a_user_of_another_department_may_not_answer(township_a, editor):
    target = coordinating_with_department(township_a)
    application = adjustment_submit(application=file(editor, township_a, action="remove", target=target), user=editor)
    opinion = application.opinions.first()
    other = township_a.county.departments.exclude(pk=opinion.department_id).first()
    with pytest.raises(AdjustmentRefused, match=f"您不属于{opinion.department.name}"):
        adjustment_opinion_give(opinion=opinion, user=department_user("stranger", other), agrees=True, text="")
    assert application.opinions.get(pk=opinion.pk).given_at is None


def test_approval_makes_a_version_whose_diff_shows_exactly_the_change(township_a, editor, approver):
    before = latest_version(township_a)
    application = rename(editor, township_a, seq=2)
    version = adjustments_approve(applications=[application], user=approver, note="同意")
    assert version.published == timezone.localdate().replace(day=1)
    assert latest_version(township_a) == version and DutyList.objects.filter(pk=before.pk).exists()
    parts = {part.kind: part for part in duty_list_diff(old=before, new=version)}
    assert [len(parts[kind].added) + len(parts[kind].removed) for kind in parts] == [0, 0, 0]
    assert [(change.old.seq, change.new.name) for change in parts["basic"].changed] == [(2, application.name)]
    assert [field.field for field in parts["basic"].changed[0].fields] == ["name"]
    assert not parts["coordinating"].changed and not parts["reclaimed"].changed
    application.refresh_from_db()
    assert application.status == Status.APPROVED and application.result_list == version
    assert application.decided_by == approver and application.decision_note == "同意"
    assert ImportRecord.objects.get(duty_list=version).via == ImportRecord.Via.ADJUSTMENT


def test_an_approved_set_adds_and_removes_in_one_version(township_a, editor, approver):
    before = latest_version(township_a)
    department = township_a.county.departments.order_by("name").first()
    category = Category.objects.get(name=before.duties.filter(kind=Duty.Kind.RECLAIMED).first().category.name)
    removed = latest_item(township_a, Duty.Kind.BASIC, 1)
    applications = [
        file(editor, township_a, action="remove", target=removed),
        file(editor, township_a, action="add", kind=Duty.Kind.RECLAIMED, category=category, name="农村公路路政巡查",
             departments=[department], methods=f"【{department.name}】由该局路政队伍统一巡查"),
    ]
    applications = [adjustment_submit(application=application, user=editor) for application in applications]
    for opinion in applications[1].opinions.all():
        adjustment_opinion_give(opinion=opinion, user=department_user("roads", opinion.department), agrees=True,
                                text="")
    version = adjustments_approve(applications=applications, user=approver)
    parts = {part.kind: part for part in duty_list_diff(old=before, new=version)}
    assert [duty.name for duty in parts["basic"].removed] == [removed.name]
    assert [duty.name for duty in parts["reclaimed"].added] == ["农村公路路政巡查"]
    assert not any(part.changed for part in parts.values())
    added = version.duties.get(name="农村公路路政巡查")
    assert added.seq == before.duties.filter(kind=Duty.Kind.RECLAIMED).count() + 1
    assert [method.department for method in added.methods.all()] == [department]
    # The items after the removed one close the gap, their content unchanged.
    assert all(not change.fields for change in parts["basic"].renumbered)
    assert version.duties.filter(kind=Duty.Kind.BASIC).count() == before.duties.filter(kind=Duty.Kind.BASIC).count() - 1


def test_rejection_makes_no_version(township_a, editor, approver):
    application = rename(editor, township_a)
    lists = DutyList.objects.count()
    adjustments_reject(applications=[application], user=approver, note="依据不足，请补充文件")
    application.refresh_from_db()
    assert application.status == Status.REJECTED and application.result_list is None
    assert DutyList.objects.count() == lists


def test_rejection_needs_a_note(township_a, editor, approver):
    application = rename(editor, township_a)
    with pytest.raises(AdjustmentRefused, match="驳回时请在“审批意见”中写明理由"):
        adjustments_reject(applications=[application], user=approver, note=" ")


def test_an_approver_of_another_county_is_refused_and_nothing_is_written(township_a, township_b, editor):
    application = rename(editor, township_a)
    stranger = make_user("approver_b", role=COUNTY_ADMINISTRATORS, counties=[township_b.county])
    checksum = township_checksum()
    with pytest.raises(AdjustmentRefused) as refusal:
        adjustments_approve(applications=[application], user=stranger)
    assert str(refusal.value) == adjustments.NOT_YOUR_COUNTY.format(county=township_a.county.name,
                                                                    township=township_a.name)
    assert township_checksum() == checksum


def test_nobody_approves_their_own_application(township_a, approver):
    application = rename(approver, township_a)
    with pytest.raises(AdjustmentRefused) as refusal:
        adjustments_approve(applications=[application], user=approver)
    assert str(refusal.value) == adjustments.OWN_APPLICATION.format(number=application.pk)
    application.refresh_from_db()
    assert application.status == Status.AWAITING_DECISION


def test_an_editor_may_not_approve(township_a, editor):
    application = rename(make_user("other_filer", role=COUNTY_EDITORS, counties=[township_a.county]), township_a)
    with pytest.raises(AdjustmentRefused, match="您没有审批清单调整申请的权限"):
        adjustments_approve(applications=[application], user=editor)


def test_an_editor_may_not_file_for_another_county(township_b, editor):
    target = latest_item(township_b, Duty.Kind.BASIC, 1)
    with pytest.raises(AdjustmentRefused) as refusal:
        file(editor, township_b, action="remove", target=target)
    assert str(refusal.value) == adjustments.NOT_YOUR_COUNTY.format(county=township_b.county.name,
                                                                    township=township_b.name)
    assert not AdjustmentApplication.objects.exists()


def test_a_new_item_needs_its_content(township_a, editor):
    with pytest.raises(AdjustmentRefused, match="新增事项须填写事项类型、事项类别、事项名称"):
        file(editor, township_a, action="add")


def test_an_application_awaiting_opinions_cannot_be_approved(township_a, editor, approver):
    target = coordinating_with_department(township_a)
    application = adjustment_submit(application=file(editor, township_a, action="remove", target=target), user=editor)
    with pytest.raises(AdjustmentRefused, match="只有“待审批”的申请可以批准或驳回"):
        adjustments_approve(applications=[application], user=approver)


def test_every_step_is_logged_with_who_and_what(township_a, editor, approver):
    target = coordinating_with_department(township_a)
    application = adjustment_submit(application=file(editor, township_a, action="remove", target=target), user=editor)
    speakers = []
    for number, opinion in enumerate(application.opinions.select_related("department")):
        speakers.append(department_user(f"speaker{number}", opinion.department))
        adjustment_opinion_give(opinion=opinion, user=speakers[-1], agrees=False, text="仍需乡镇配合")
    adjustments_reject(applications=[application], user=approver, note="部门不同意")
    events = list(application.events.order_by("at", "pk"))
    Action = AdjustmentEvent.Action
    assert [(event.action, event.by) for event in events] == (
        [(Action.FILED, editor), (Action.SUBMITTED, editor)]
        + [(Action.OPINION, speaker) for speaker in speakers] + [(Action.REJECTED, approver)])
    assert "不同意。仍需乡镇配合" in events[2].detail and events[-1].detail == "部门不同意"


def test_a_second_approval_in_the_same_month_keeps_the_first(township_a, editor, approver):
    earlier = rename(editor, township_a, seq=1)
    first = adjustments_approve(applications=[earlier], user=approver)
    second = adjustments_approve(applications=[rename(editor, township_a, seq=3)], user=approver)
    assert second.published == first.published and not DutyList.objects.filter(pk=first.pk).exists()
    earlier.refresh_from_db()
    assert earlier.result_list == second
    names = set(second.duties.filter(kind=Duty.Kind.BASIC, seq__in=[1, 3]).values_list("name", flat=True))
    assert all(name.endswith("（含新增内容）") for name in names) and len(names) == 2


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_portal_the_export_and_the_catalogue_see_the_new_version(township_a, editor, approver, client):
    catalogue_rebuild()  # the catalogue follows changes once it has been built
    before = latest_version(township_a)
    application = rename(editor, township_a, seq=2)
    version = adjustments_approve(applications=[application], user=approver)
    diff = client.get(reverse("township:diff", args=[township_a.pk])).content.decode()
    assert "（含新增内容）" in diff and f"{version.published:%Y年%-m月}" in diff
    assert f"{before.published:%Y年%-m月}" in diff
    workbook = load_workbook(io.BytesIO(_body(client.get(reverse("township:township_xlsx", args=[township_a.pk])))))
    names = [row[2] for row in workbook["基本履职事项"].iter_rows(min_row=3, values_only=True)]
    assert application.name in names and len(names) == before.duties.filter(kind=Duty.Kind.BASIC).count()
    assert CatalogueLink.objects.filter(duty__duty_list=version).count() == version.duties.count()
    assert not CatalogueLink.objects.filter(duty__duty_list=before).exists()


def test_a_proposal_too_long_for_the_list_is_refused_when_filed(township_a, editor):
    category = Category.objects.order_by("pk").first()
    department = township_a.county.departments.order_by("name").first()
    heading = "一、" + "长" * 300
    with pytest.raises(AdjustmentRefused, match="调整后的事项写不进清单：配合履职事项清单第 .* 项的“小标题”有 300 个字"):
        file(editor, township_a, action="add", kind=Duty.Kind.COORDINATING, category=category, name="新事项",
             departments=[department], department_duties=f"{heading}\n1. 组织检查", township_duties="1. 配合检查")
    assert not AdjustmentApplication.objects.exists()


def test_merging_a_department_moves_the_opinions_asked_of_it(township_a, editor):
    target = coordinating_with_department(township_a)
    application = adjustment_submit(application=file(editor, township_a, action="remove", target=target), user=editor)
    asked = application.opinions.first().department
    speaker = department_user("member", asked)
    kept = township_a.county.departments.exclude(pk=asked.pk).exclude(
        pk__in=application.opinions.values("department")).order_by("name").first()
    department_merge(sources=[asked], target=kept)
    assert application.opinions.filter(department=kept).exists()
    assert list(speaker.editor_profile.departments.all()) == [kept]


def test_review_flags_and_their_reviews_carry_over_to_the_new_version(township_a, editor, approver):
    before = latest_version(township_a)
    flags = list(ReviewFlag.objects.filter(duty_list=before, duty__isnull=False).select_related("duty"))
    reviewed = flags[0]
    reviewed.reviewed_at, reviewed.reviewed_by = timezone.now(), editor
    reviewed.save()
    untouched = latest_version(township_a).duties.filter(kind=Duty.Kind.BASIC).exclude(
        pk__in=[flag.duty_id for flag in flags]).order_by("seq").first()
    version = adjustments_approve(applications=[rename(editor, township_a, seq=untouched.seq)], user=approver)
    carried = ReviewFlag.objects.filter(duty_list=version, duty__isnull=False).select_related("duty")
    assert sorted((flag.duty.name, flag.reason, flag.detail) for flag in carried) == sorted(
        (flag.duty.name, flag.reason, flag.detail) for flag in flags)
    kept = carried.get(duty__kind=reviewed.duty.kind, duty__name=reviewed.duty.name, reason=reviewed.reason)
    assert (kept.reviewed_at, kept.reviewed_by) == (reviewed.reviewed_at, editor)
