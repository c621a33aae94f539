"""Editing items in the admin: one page per item, steps as lines, reordering, no lost edits."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.township.admin.conftest import TOWNSHIP_A, change_url, form_data, item, make_user
from township.admin.forms import SEQ_TAKEN, STALE
from township.models import Duty, DutyList, ResponsibilityBlock
from township.selectors.search import duty_search

pytestmark = pytest.mark.django_db

# The bundled list with the most items (87 + 129 + 52 = 268); the admin must not grow with it.
LARGEST = "潘津镇"


@pytest.fixture
def superuser(bundled_lists):
    return make_user("root", superuser=True)


def _steps(duty: Duty, side: str) -> list[list[str]]:
    return [[step.text for step in block.steps.all()] for block in duty.blocks.filter(side=side)]


def test_correcting_an_item_records_the_editor_and_refreshes_its_search_document(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "basic", 8)
    data = form_data(client.get(change_url(duty)))
    response = client.post(change_url(duty), {**data, "name": "做好人才引进和鹦鹉螺工作"})
    assert response.status_code == 302, response.content.decode()[:2000]
    duty.refresh_from_db()
    assert duty.name == "做好人才引进和鹦鹉螺工作"
    assert duty.corrected_by == superuser and duty.corrected_at is not None
    assert [found.pk for found in duty_search(params={"q": "鹦鹉螺"}).qs] == [duty.pk]


def test_a_coordinating_item_edits_departments_and_both_sides_steps_on_one_page(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "coordinating", 1)
    page = client.get(change_url(duty))
    prefixes = [inline.formset.prefix for inline in page.context["inline_admin_formsets"]]
    assert prefixes == ["duty_departments", "blocks", "blocks-2", "flags"]
    data = form_data(page)
    township_steps = data["blocks-2-0-steps_text"].splitlines()
    data["blocks-2-0-steps_text"] = "\n".join(["1. 新增的第一步", *township_steps, "", "（9）最后一步"])
    assert client.post(change_url(duty), data).status_code == 302
    assert _steps(duty, "township") == [["新增的第一步", *township_steps, "最后一步"]]
    assert [found.pk for found in duty_search(params={"q": "新增的第一步"}).qs] == [duty.pk]


def test_rows_are_reordered_by_their_order_numbers_even_when_two_swap(superuser, login):
    client = login(superuser)
    duty = item(TOWNSHIP_A, "coordinating", 1)
    data = form_data(client.get(change_url(duty)))
    # Add a second township block, then swap the two in one save: positions meet at commit only.
    data.update({"blocks-2-TOTAL_FORMS": 2, "blocks-2-1-heading": "补充要求", "blocks-2-1-steps_text": "做好记录",
                 "blocks-2-1-order": 2, "blocks-2-1-duty": duty.pk})
    assert client.post(change_url(duty), data).status_code == 302
    data = form_data(client.get(change_url(duty)))
    data["blocks-2-0-order"], data["blocks-2-1-order"] = 2, 1
    assert client.post(change_url(duty), data).status_code == 302
    blocks = list(ResponsibilityBlock.objects.filter(duty=duty, side="township"))
    assert [(block.position, block.heading) for block in blocks][0] == (1, "补充要求")
    assert [block.position for block in blocks] == [1, 2]


def test_saving_over_a_correction_made_meanwhile_is_refused(superuser, login, client):
    duty = item(TOWNSHIP_A, "basic", 8)
    first = login(superuser)
    stale_data = form_data(first.get(change_url(duty)))
    assert first.post(change_url(duty), {**stale_data, "name": "甲的修改"}).status_code == 302
    response = first.post(change_url(duty), {**stale_data, "name": "乙的修改"})
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors and errors[0].startswith(STALE.split("{")[0])
    assert Duty.objects.get(pk=duty.pk).name == "甲的修改"


def test_an_item_is_added_to_a_part_with_a_free_seq_only(superuser, login):
    client = login(superuser)
    duty_list = DutyList.objects.get(township__name=TOWNSHIP_A)
    basic = duty_list.duties.filter(kind="basic")
    data = {"duty_list": duty_list.pk, "seq": 1, "category": basic.first().category_id, "name": "新增事项",
            "note": "", "flags-TOTAL_FORMS": 0, "flags-INITIAL_FORMS": 0}
    response = client.post("/admin/township/basicduty/add/", data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["seq"] == [SEQ_TAKEN.format(part="基本履职事项", seq=1)]
    next_seq = max(basic.values_list("seq", flat=True)) + 1
    assert client.post("/admin/township/basicduty/add/", {**data, "seq": next_seq}).status_code == 302
    assert basic.get(seq=next_seq).name == "新增事项"


# 消防: 44 items say it in their name or steps, 4 more name a fire department (县消防救援大队…) only.
@pytest.mark.parametrize("query, expected", [("消防", 48), ("低保", 3)])
def test_admin_search_uses_the_chinese_index_like_the_portal(superuser, login, query, expected):
    page = login(superuser).get("/admin/township/duty/", {"q": query, "all": ""})
    expected_ids = {duty.pk for duty in duty_search(params={"q": query}).qs}
    assert len(expected_ids) == expected
    # The portal searches latest versions; every bundled township has one version.
    assert {duty.pk for duty in page.context["cl"].result_list} == expected_ids


def test_the_all_items_list_has_facet_counts_and_opens_an_item_in_its_part(superuser, login):
    client = login(superuser)
    page = client.get("/admin/township/duty/")
    kinds = {choice["display"] for spec in page.context["cl"].filter_specs if spec.title == "事项类型"
             for choice in spec.choices(page.context["cl"])}
    coordinating = Duty.objects.filter(kind="coordinating").count()
    assert f"配合履职事项 ({coordinating})" in kinds
    duty = item(TOWNSHIP_A, "reclaimed", 1)
    response = client.get(f"/admin/township/duty/{duty.pk}/change/")
    assert response["Location"] == change_url(duty)


def test_admin_pages_of_the_largest_township_need_a_bounded_number_of_queries(superuser, login):
    client = login(superuser)
    township = DutyList.objects.get(township__name=LARGEST).township
    coordinating = Duty.objects.filter(duty_list__township=township, kind="coordinating")
    biggest = max(coordinating, key=lambda duty: duty.blocks.count() + duty.duty_departments.count())
    pages = {
        f"/admin/township/duty/?county={township.county_id}&township={township.pk}&all=": 15,
        f"/admin/township/coordinatingduty/?county={township.county_id}&township={township.pk}&all=": 15,
        change_url(biggest): 30,
        f"/admin/township/reviewflag/?county={township.county_id}": 15,
        f"/admin/township/dutylist/{township.lists.get().pk}/change/": 15,
    }
    for url, ceiling in pages.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert len(queries) <= ceiling, (url, len(queries))
