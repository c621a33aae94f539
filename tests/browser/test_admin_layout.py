"""The editors' screen at a common laptop size: the coordinating item's page fits without sideways scrolling."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.db.models import Max
from django.db.models.functions import Length

from township.models import Duty

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "s3cret-passw0rd"
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def laptop(browser, portal):
    """A 1366×768 page, logged in to the admin as a superuser."""
    get_user_model().objects.create_superuser("root", "", PASSWORD)
    context = browser.new_context(viewport=LAPTOP, locale="zh-CN")
    page = context.new_page()
    page.goto(portal + "/admin/login/")
    page.get_by_label("用户名").fill("root")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    yield page
    context.close()


def _widest_coordinating_items() -> list[Duty]:
    """The coordinating items with the longest department names and step texts, where a table grows widest."""
    items = Duty.objects.filter(kind="coordinating")
    by_department = items.annotate(longest=Max(Length("blocks__department_name"))).order_by("-longest", "pk")
    by_step = items.annotate(longest=Max(Length("blocks__steps__text"))).order_by("-longest", "pk")
    return [by_department.first(), by_step.first()]


def test_a_coordinating_items_page_fits_a_1366_pixel_screen_with_roomy_step_boxes(portal, laptop, shoot):
    page = laptop
    for duty in _widest_coordinating_items():
        page.goto(f"{portal}/admin/township/coordinatingduty/{duty.pk}/change/")
        width = page.evaluate("document.documentElement.scrollWidth")
        shoot(page, f"24-admin-coordinating-item-1366-{duty.pk}")
        assert width <= LAPTOP["width"], f"{duty}: {width} px"
        boxes = page.locator("textarea[name$='steps_text']:visible").all()
        assert len(boxes) >= 2  # both sides' steps
        for box in boxes:
            size = box.bounding_box()
            assert size["x"] + size["width"] <= LAPTOP["width"]
            assert size["width"] >= 360 and size["height"] >= 90, size
