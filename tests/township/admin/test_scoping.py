"""Who may do what in the admin: anonymous, viewer, county editor (own and other county), admin."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from tests.township.admin.conftest import (
    TOWNSHIP_A, TOWNSHIP_B, change_url, form_data, item, make_user,
)
from township.models import Department, Duty, DutyRevision, ReviewFlag
from township.services.roles import ADMINISTRATORS, COUNTY_EDITORS, VIEWERS

pytestmark = pytest.mark.django_db

NEW_NAME = "经人工核对后的事项名称"


def _post_rename(client, duty: Duty, data: dict):
    return client.post(change_url(duty), {**data, "name": NEW_NAME})


@pytest.fixture
def rename_data(bundled_lists, client):
    """Form data of both items as an administrator's browser would post them."""
    admin_user = make_user("form_reader", superuser=True)
    client.force_login(admin_user)
    data = {township: form_data(client.get(change_url(item(township, "coordinating", 1))))
            for township in (TOWNSHIP_A, TOWNSHIP_B)}
    client.logout()
    return data


def test_the_three_role_groups_exist_after_migrate(db):
    names = set(Group.objects.values_list("name", flat=True))
    assert {ADMINISTRATORS, COUNTY_EDITORS, VIEWERS} <= names


def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(rename_data, client):
    duty = item(TOWNSHIP_A, "coordinating", 1)
    assert client.get(change_url(duty)).status_code == 302
    response = _post_rename(client, duty, rename_data[TOWNSHIP_A])
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert Duty.objects.get(pk=duty.pk).name != NEW_NAME


def test_a_viewer_reads_every_county_but_a_crafted_post_is_forbidden(rename_data, viewer, login):
    client = login(viewer)
    for township in (TOWNSHIP_A, TOWNSHIP_B):
        duty = item(township, "coordinating", 1)
        page = client.get(change_url(duty))
        assert page.status_code == 200
        assert b'name="name"' not in page.content  # read-only: no input for the name
        assert _post_rename(client, duty, rename_data[township]).status_code == 403
        assert Duty.objects.get(pk=duty.pk).name != NEW_NAME
    assert client.get("/admin/township/dutylist/upload/").status_code == 403


def test_a_county_editor_changes_items_of_their_own_county(rename_data, editor_a, login):
    client = login(editor_a)
    duty = item(TOWNSHIP_A, "coordinating", 1)
    assert client.get(change_url(duty)).status_code == 200
    response = _post_rename(client, duty, rename_data[TOWNSHIP_A])
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Duty.objects.get(pk=duty.pk).name == NEW_NAME


@pytest.mark.parametrize("suffix", ["change/", "delete/", "history/", "revisions/", "revisions/1/revert/"])
def test_another_countys_item_answers_404_to_a_county_editor(rename_data, editor_a, login, suffix):
    client = login(editor_a)
    duty = item(TOWNSHIP_B, "coordinating", 1)
    url = change_url(duty).replace("change/", suffix)
    assert client.get(url).status_code == 404
    assert client.post(url, {**rename_data[TOWNSHIP_B], "name": NEW_NAME, "post": "yes"}).status_code == 404
    assert Duty.objects.filter(pk=duty.pk).exclude(name=NEW_NAME).exists()
    assert not DutyRevision.objects.filter(duty=duty).exists()


def test_another_countys_items_are_not_listed_for_a_county_editor(editor_a, county_a, login):
    page = login(editor_a).get("/admin/township/duty/", {"all": ""})
    listed = {duty.duty_list.township.county_id for duty in page.context["cl"].result_list}
    assert listed == {county_a.pk}
    assert page.context["cl"].result_count == Duty.objects.filter(
        duty_list__township__county=county_a).count()


def test_marking_another_countys_flags_reviewed_by_a_crafted_action_does_nothing(editor_a, login):
    flags_b = ReviewFlag.objects.filter(duty_list__township__name=TOWNSHIP_B)
    ids = list(flags_b.values_list("pk", flat=True))
    response = login(editor_a).post("/admin/township/reviewflag/", {
        "action": "mark_reviewed", "_selected_action": ids})
    assert response.status_code == 302
    assert not flags_b.filter(reviewed_at__isnull=False).exists()


def test_a_county_editor_cannot_link_another_countys_department(rename_data, editor_a, county_b, login):
    duty = item(TOWNSHIP_A, "coordinating", 1)
    foreign = Department.objects.filter(place=county_b).first()
    data = dict(rename_data[TOWNSHIP_A])
    data["duty_departments-0-department"] = foreign.pk
    response = login(editor_a).post(change_url(duty), data)
    assert response.status_code == 200  # the form comes back with an error
    assert not duty.duty_departments.filter(department=foreign).exists()


def test_department_autocomplete_offers_only_the_editors_counties(editor_a, county_a, login):
    response = login(editor_a).get("/admin/autocomplete/", {
        "app_label": "township", "model_name": "dutydepartment", "field_name": "department", "term": "局"})
    ids = [int(result["id"]) for result in response.json()["results"]]
    assert ids and set(Department.objects.filter(pk__in=ids).values_list("place", flat=True)) == {county_a.pk}


def test_a_county_editor_without_counties_sees_no_items(bundled_lists, login):
    nobody = make_user("unassigned", role=COUNTY_EDITORS)
    page = login(nobody).get("/admin/township/duty/")
    assert page.context["cl"].result_count == 0


def test_an_administrator_changes_any_county(rename_data, administrator, login):
    client = login(administrator)
    for township in (TOWNSHIP_A, TOWNSHIP_B):
        duty = item(township, "coordinating", 1)
        assert _post_rename(client, duty, rename_data[township]).status_code == 302
        assert Duty.objects.get(pk=duty.pk).name == NEW_NAME


def test_counties_are_assigned_to_an_editor_in_the_user_admin(bundled_lists, county_a, login):
    superuser = make_user("root", superuser=True)
    editor = make_user("new_editor", role=COUNTY_EDITORS)
    client = login(superuser)
    page = client.get(f"/admin/auth/user/{editor.pk}/change/")
    assert "县级编辑负责的县（市、区）" in page.content.decode()
    data = form_data(page)
    data.pop("password", None)
    data.update({"editor_profile-TOTAL_FORMS": "1", "editor_profile-INITIAL_FORMS": "0",
                 "editor_profile-0-counties": [county_a.pk], "editor_profile-0-user": editor.pk})
    response = client.post(f"/admin/auth/user/{editor.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(editor.editor_profile.counties.all()) == [county_a]
