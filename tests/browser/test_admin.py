"""The editors' admin in a real browser: log in, reorder rows with the buttons, save, see history."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from township.models import Duty, DutyDepartment

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "s3cret-passw0rd"


@pytest.fixture
def signed_in(portal, page):
    """The page, logged in to the admin as a superuser."""
    get_user_model().objects.create_superuser("root", "", PASSWORD)
    page.goto(portal + "/admin/login/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def _item_with_two_departments() -> Duty:
    duty_ids = DutyDepartment.objects.filter(position=2, duty__kind="coordinating").values("duty")
    return Duty.objects.filter(pk__in=duty_ids).order_by("pk").first()


def test_rows_move_with_the_arrow_buttons_and_the_new_order_is_saved(portal, signed_in, shoot):
    page = signed_in
    duty = _item_with_two_departments()
    first, second = [link.name_as_published for link in duty.duty_departments.order_by("position")[:2]]
    page.goto(f"{portal}/admin/township/coordinatingduty/{duty.pk}/change/")
    assert page.locator("#duty_departments-group .reorder-buttons").count() >= 2
    page.locator("#duty_departments-0 .reorder-buttons button[title='下移']").click()
    assert page.locator("#duty_departments-1 input.reorder-position").input_value() == "1"
    shoot(page, "20-admin-coordinating-item")
    page.get_by_role("button", name="保存", exact=True).click()
    page.wait_for_load_state()
    assert "成功修改" in page.locator(".messagelist").inner_text()
    names = [link.name_as_published for link in duty.duty_departments.order_by("position")[:2]]
    assert names == [second, first]
    page.goto(f"{portal}/admin/township/coordinatingduty/{duty.pk}/revisions/")
    assert "第 2 版（当前）" in page.locator("#content-main").inner_text()
    shoot(page, "21-admin-revisions")
    assert page.console_errors == []


def test_the_review_queue_and_upload_pages_work(portal, signed_in, shoot):
    page = signed_in
    page.goto(portal + "/admin/township/reviewflag/")
    assert page.locator("#result_list tbody tr").count() > 0
    shoot(page, "22-admin-review-queue")
    page.goto(portal + "/admin/township/dutylist/upload/")
    assert page.get_by_label("清单文件").is_visible()
    shoot(page, "23-admin-upload")
    assert page.console_errors == []
