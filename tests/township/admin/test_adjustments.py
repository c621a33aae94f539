"""Adjustments in the admin: a filer's add page, the department's task list, approval and rejection actions."""

from __future__ import annotations

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME

from tests.township.admin.conftest import TOWNSHIP_A, TOWNSHIP_B, make_user
from tests.township.admin.test_access import LEAKS, _visible
from township.models import AdjustmentApplication, AdjustmentOpinion, Duty, DutyList, EditorProfile, Township
from township.services import adjustments
from township.services.adjustments import adjustment_save, adjustment_submit, latest_version
from township.services.roles import COUNTY_ADMINISTRATORS, COUNTY_EDITORS, DEPARTMENT_USERS

pytestmark = pytest.mark.django_db

APPLICATIONS = "/admin/township/adjustmentapplication/"
OPINIONS = "/admin/township/adjustmentopinion/"


@pytest.fixture
def township_a(bundled_lists) -> Township:
    return Township.objects.get(name=TOWNSHIP_A)


@pytest.fixture
def editor(township_a):
    return make_user("filer", role=COUNTY_EDITORS, counties=[township_a.county])


@pytest.fixture
def approver(township_a):
    return make_user("approver", role=COUNTY_ADMINISTRATORS, counties=[township_a.county])


def coordinating_item(township) -> Duty:
    duties = latest_version(township).duties.filter(kind=Duty.Kind.COORDINATING)
    return duties.filter(duty_departments__department__isnull=False).order_by("seq").first()


def submitted_removal(editor, township) -> AdjustmentApplication:
    application = AdjustmentApplication(township=township, action="remove", target=coordinating_item(township),
                                        reason="已由部门承担", legal_basis="县委编委文件")
    application = adjustment_save(application=application, departments=[], user=editor)
    return adjustment_submit(application=application, user=editor)


def renamed(editor, township) -> AdjustmentApplication:
    target = latest_version(township).duties.get(kind=Duty.Kind.BASIC, seq=1)
    application = AdjustmentApplication(township=township, action="change", target=target, name="新的名称",
                                        reason="表述不准确", legal_basis="县委编委文件")
    application = adjustment_save(application=application, departments=[], user=editor)
    return adjustment_submit(application=application, user=editor)


def test_a_county_editor_files_an_application_on_the_add_page(township_a, editor, login):
    client = login(editor)
    target = latest_version(township_a).duties.get(kind=Duty.Kind.BASIC, seq=3)
    assert client.get(f"{APPLICATIONS}add/").status_code == 200
    response = client.post(f"{APPLICATIONS}add/", {
        "township": township_a.pk, "action": "remove", "target": target.pk, "reason": "该事项已取消",
        "legal_basis": "国务院令第 1 号", "kind": "", "name": "", "department_duties": "", "township_duties": "",
        "methods": "", **_inline_management()})
    assert response.status_code == 302, response.context["adminform"].form.errors
    application = AdjustmentApplication.objects.get()
    assert application.filed_by == editor and application.status == AdjustmentApplication.Status.DRAFT
    assert application.target_label == str(target)
    assert [event.action for event in application.events.all()] == ["filed"]


def test_the_add_page_shows_the_services_chinese_refusal(township_a, editor, login):
    response = login(editor).post(f"{APPLICATIONS}add/", {
        "township": township_a.pk, "action": "add", "reason": "新增", "legal_basis": "文件", **_inline_management()})
    assert response.status_code == 200
    assert "新增事项须填写事项类型、事项类别、事项名称。" in response.content.decode()
    assert not AdjustmentApplication.objects.exists()


def _inline_management() -> dict:
    values = {}
    for prefix in ("opinions", "events"):
        values |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    return values


def test_a_department_user_sees_their_task_and_gives_an_opinion(township_a, editor, login):
    application = submitted_removal(editor, township_a)
    opinion = application.opinions.first()
    speaker = make_user("speaker", role=DEPARTMENT_USERS)
    EditorProfile.objects.create(user=speaker).departments.set([opinion.department])
    client = login(speaker)
    listed = client.get(f"{OPINIONS}?pending=yes")
    assert [row.pk for row in listed.context["cl"].queryset] == [opinion.pk]
    assert client.get(APPLICATIONS).context["cl"].queryset.get() == application
    response = client.post(f"{OPINIONS}{opinion.pk}/change/", {"agrees": "0", "text": "该事项仍需乡镇配合"})
    assert response.status_code == 302
    opinion.refresh_from_db()
    assert (opinion.agrees, opinion.text, opinion.given_by) == (False, "该事项仍需乡镇配合", speaker)
    assert client.get(f"{OPINIONS}{opinion.pk}/change/").context["has_change_permission"] is False


def test_a_department_user_sees_nothing_put_to_other_departments(township_a, editor, login):
    application = submitted_removal(editor, township_a)
    asked = set(application.opinions.values_list("department", flat=True))
    other = township_a.county.departments.exclude(pk__in=asked).first()
    speaker = make_user("elsewhere", role=DEPARTMENT_USERS)
    EditorProfile.objects.create(user=speaker).departments.set([other])
    client = login(speaker)
    assert not client.get(OPINIONS).context["cl"].queryset.exists()
    assert not client.get(APPLICATIONS).context["cl"].queryset.exists()
    assert client.get(f"{APPLICATIONS}{application.pk}/change/").status_code == 404


def _action(client, name: str, applications, **extra):
    return client.post(APPLICATIONS, {"action": name, ACTION_CHECKBOX_NAME: [a.pk for a in applications], **extra})


def test_a_county_administrator_approves_after_writing_a_note(township_a, editor, approver, login):
    application = renamed(editor, township_a)
    client = login(approver)
    page = _action(client, "approve_selected", [application])
    assert page.status_code == 200 and "确认批准" in page.content.decode()
    done = _action(client, "approve_selected", [application], post="yes", note="同意调整")
    assert done.status_code == 302
    application.refresh_from_db()
    version = latest_version(township_a)
    assert application.result_list == version and application.decision_note == "同意调整"
    assert version.duties.get(kind=Duty.Kind.BASIC, seq=1).name == "新的名称"
    listed = client.get(APPLICATIONS).content.decode()
    assert version.get_absolute_url() in listed


def test_approving_ones_own_application_is_refused_in_chinese(township_a, approver, login):
    application = renamed(approver, township_a)
    lists = DutyList.objects.count()
    response = _action(login(approver), "approve_selected", [application], post="yes", note="")
    messages = [str(message) for message in response.wsgi_request._messages]
    assert messages == [adjustments.OWN_APPLICATION.format(number=application.pk)]
    assert DutyList.objects.count() == lists


def test_an_editor_is_not_offered_approval(township_a, editor, login):
    actions = login(editor).get(APPLICATIONS).context["action_form"].fields["action"].choices
    assert "approve_selected" not in dict(actions) and "submit_selected" in dict(actions)


def test_an_approver_of_another_county_never_sees_the_application(township_a, editor, login):
    application = renamed(editor, township_a)
    stranger = make_user("approver_b", role=COUNTY_ADMINISTRATORS,
                         counties=[Township.objects.get(name=TOWNSHIP_B).county])
    client = login(stranger)
    assert client.get(f"{APPLICATIONS}{application.pk}/change/").status_code == 404
    _action(client, "approve_selected", [application], post="yes", note="")
    application.refresh_from_db()
    assert application.status == AdjustmentApplication.Status.AWAITING_DECISION


def test_a_rejection_without_a_note_is_refused(township_a, editor, approver, login):
    application = renamed(editor, township_a)
    response = _action(login(approver), "reject_selected", [application], post="yes", note="")
    assert [str(message) for message in response.wsgi_request._messages] == [adjustments.REJECT_NOTE]
    application.refresh_from_db()
    assert application.status == AdjustmentApplication.Status.AWAITING_DECISION
    assert not AdjustmentOpinion.objects.filter(application=application).exists()


def test_the_adjustment_pages_speak_chinese_with_every_step_filled_in(township_a, editor, approver, login):
    application = submitted_removal(editor, township_a)
    for opinion in application.opinions.all():
        speaker = make_user(f"speaker{opinion.pk}", role=DEPARTMENT_USERS)
        EditorProfile.objects.create(user=speaker).departments.set([opinion.department])
        adjustments.adjustment_opinion_give(opinion=opinion, user=speaker, agrees=True, text="同意")
    client = login(make_user("root", superuser=True))
    decision = _action(client, "reject_selected", [application])
    adjustments.adjustments_reject(applications=[application], user=approver, note="暂缓")
    pages = [decision] + [client.get(url) for url in (
        APPLICATIONS, f"{APPLICATIONS}{application.pk}/change/", OPINIONS,
        f"{OPINIONS}{application.opinions.first().pk}/change/")]
    for page in pages:
        assert page.status_code == 200
        text = _visible(page.content.decode())
        assert not [leak for leak in LEAKS if leak in text]
    assert "已驳回" in pages[2].content.decode() and "暂缓" in pages[2].content.decode()


def test_an_application_is_rejected_from_its_own_page(township_a, editor, approver, login):
    application = renamed(editor, township_a)
    client = login(approver)
    page = client.get(f"{APPLICATIONS}{application.pk}/change/").content.decode()
    assert f'href="{APPLICATIONS}{application.pk}/reject/"' in page
    assert "确认驳回" in client.get(f"{APPLICATIONS}{application.pk}/reject/").content.decode()
    done = client.post(f"{APPLICATIONS}{application.pk}/reject/", {"post": "yes", "note": "依据已废止"})
    assert done.status_code == 302 and done["Location"] == f"{APPLICATIONS}{application.pk}/change/"
    application.refresh_from_db()
    assert (application.status, application.decision_note) == (AdjustmentApplication.Status.REJECTED, "依据已废止")
    assert "/reject/" not in client.get(f"{APPLICATIONS}{application.pk}/change/").content.decode()


def test_the_filer_is_not_offered_a_decision_and_cannot_post_one(township_a, editor, login):
    application = renamed(editor, township_a)
    client = login(editor)
    assert "/approve/" not in client.get(f"{APPLICATIONS}{application.pk}/change/").content.decode()
    assert client.post(f"{APPLICATIONS}{application.pk}/approve/", {"post": "yes"}).status_code == 403
