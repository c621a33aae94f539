"""An adjustment in a real browser: filed by an editor, answered by a department, approved, seen as a new version."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models import Count

from township.models import Duty, EditorProfile
from township.services.roles import COUNTY_ADMINISTRATORS, COUNTY_EDITORS, DEPARTMENT_USERS

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "s3cret-passw0rd"
NEW_NAME_TAIL = "（含消防安全检查）"


def _user(username: str, role: str, *, county=None, department=None):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    profile = EditorProfile.objects.create(user=user)
    if county is not None:
        profile.counties.set([county])
    if department is not None:
        profile.departments.set([department])
    return user


def _signed_in(browser, portal: str, username: str):
    """A new browser context logged in to the admin as `username`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda message: page.console_errors.append(message.text) if message.type == "error" else None)
    page.goto(portal + "/admin/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def _item_with_one_department() -> Duty:
    """A coordinating item of the latest 先拜巴扎镇 list whose column names one resolved department."""
    return (Duty.objects.filter(duty_list__township__name="先拜巴扎镇", kind=Duty.Kind.COORDINATING)
            .annotate(linked=Count("duty_departments__department")).filter(linked=1).order_by("seq").first())


def _autocomplete(page, field: str, typed: str, option: str) -> None:
    """Pick `option` in the admin's autocomplete box for `field` after typing `typed`."""
    page.locator(f"#id_{field}").locator("xpath=following-sibling::span[1]").locator(".select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def _run_action(page, portal: str, label: str) -> None:
    page.goto(portal + "/admin/township/adjustmentapplication/")
    page.locator("#result_list tbody input.action-select").first.check()
    page.locator("select[name=action]").select_option(label=label)
    page.get_by_role("button", name="执行").click()
    page.wait_for_load_state()


def test_file_answer_approve_and_see_the_new_version_and_its_differences(portal, browser, shoot):
    item = _item_with_one_department()
    department = item.duty_departments.exclude(department=None).get().department
    county = item.duty_list.township.county
    _user("filer", COUNTY_EDITORS, county=county)
    _user("speaker", DEPARTMENT_USERS, department=department)
    _user("approver", COUNTY_ADMINISTRATORS, county=county)

    filer = _signed_in(browser, portal, "filer")
    filer.goto(portal + "/admin/township/adjustmentapplication/add/")
    _autocomplete(filer, "township", "先拜巴扎", "先拜巴扎镇")
    filer.get_by_label("调整类型").select_option(label="修改")
    _autocomplete(filer, "target", item.name[:4], item.name[:20])
    filer.get_by_label("调整理由").fill("县里部署开展养老机构消防安全检查，需写入本事项")
    filer.get_by_label("依据").fill("《消防法》第三十二条")
    filer.get_by_label("事项名称").fill(item.name + NEW_NAME_TAIL)
    shoot(filer, "40-adjustment-filed")
    filer.get_by_role("button", name="保存", exact=True).click()
    filer.wait_for_load_state()
    assert "成功" in filer.locator(".messagelist").inner_text()
    _run_action(filer, portal, "提交所选申请（征求部门意见或送审批）")
    assert "等待相关部门提出意见" in filer.locator(".messagelist").inner_text()

    speaker = _signed_in(browser, portal, "speaker")
    speaker.goto(portal + "/admin/township/adjustmentopinion/?pending=yes")
    speaker.locator("#result_list tbody a").first.click()
    speaker.get_by_label("同意", exact=True).check()
    speaker.get_by_label("意见").fill("同意，乡镇负责配合检查")
    shoot(speaker, "41-adjustment-opinion")
    speaker.get_by_role("button", name="保存", exact=True).click()
    speaker.wait_for_load_state()
    assert f"已记录{department.name}" in speaker.locator(".messagelist").inner_text()

    approver = _signed_in(browser, portal, "approver")
    _run_action(approver, portal, "批准所选申请（生成新的清单版本）")
    approver.get_by_label("审批意见").fill("同意调整")
    shoot(approver, "42-adjustment-approve")
    approver.get_by_role("button", name="确认批准").click()
    approver.wait_for_load_state()
    assert "生成了新的清单版本" in approver.locator(".messagelist").inner_text()

    approver.locator("#result_list tbody th.field-number a").first.click()
    approver.wait_for_load_state()
    assert approver.locator("#events-group tbody td.field-action").all_inner_texts() == [
        "起草", "提交", "部门意见", "批准"]
    shoot(approver, "44-adjustment-record")
    approver.go_back()
    approver.locator("#result_list tbody td.field-version a").first.click()
    approver.wait_for_load_state()
    assert approver.get_by_text(item.name + NEW_NAME_TAIL).first.is_visible()
    approver.get_by_role("link", name="比较版本差异").click()
    approver.wait_for_load_state()
    assert "新增 0 项、删除 0 项、修改 1 项" in approver.locator(".diff-summary").inner_text()
    assert NEW_NAME_TAIL[1:-1] in "".join(approver.locator("ins.diff-added").all_text_contents())
    shoot(approver, "43-adjustment-diff")
    for page in (filer, speaker, approver):
        assert page.console_errors == []
