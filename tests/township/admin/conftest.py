"""Admin test helpers: users in each role, and the data a browser would post back from a form."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.forms import MultiWidget

from township.models import Duty, EditorProfile, Place
from township.services.roles import ADMINISTRATORS, COUNTY_EDITORS, VIEWERS

PASSWORD = "s3cret-passw0rd"
# Two bundled townships in different counties: county A (于田县) and county B (巴楚县).
TOWNSHIP_A, TOWNSHIP_B = "先拜巴扎镇", "夏马勒乡"


def make_user(username: str, *, role: str | None = None, counties=(), superuser: bool = False):
    """A staff user in the role group, responsible for `counties` when a county editor."""
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True,
                                                 is_superuser=superuser)
    if role:
        user.groups.add(Group.objects.get(name=role))
    if counties:
        EditorProfile.objects.create(user=user).counties.set(counties)
    return user


def county_of(township: str) -> Place:
    return Place.objects.get(townships__name=township)


@pytest.fixture
def county_a(bundled_lists) -> Place:
    return county_of(TOWNSHIP_A)


@pytest.fixture
def county_b(bundled_lists) -> Place:
    return county_of(TOWNSHIP_B)


@pytest.fixture
def login(client):
    """login(user) → the test client, logged in as user."""
    def log_in(user):
        client.force_login(user)
        return client
    return log_in


@pytest.fixture
def editor_a(county_a):
    return make_user("editor_a", role=COUNTY_EDITORS, counties=[county_a])


@pytest.fixture
def viewer(bundled_lists):
    return make_user("viewer", role=VIEWERS)


@pytest.fixture
def administrator(bundled_lists):
    return make_user("administrator", role=ADMINISTRATORS)


def item(township: str, kind: str, seq: int) -> Duty:
    return Duty.objects.get(duty_list__township__name=township, kind=kind, seq=seq)


def change_url(duty: Duty) -> str:
    proxy = {"basic": "basicduty", "coordinating": "coordinatingduty", "reclaimed": "reclaimedduty"}[duty.kind]
    return f"/admin/township/{proxy}/{duty.pk}/change/"


def _form_values(form, data: dict) -> None:
    for name in form.fields:
        value = form[name].value()
        key = form.add_prefix(name)
        if value is None or value is False:
            continue
        widget = form.fields[name].widget
        if isinstance(widget, MultiWidget):  # e.g. date and time of date_joined
            data.update({f"{key}_{index}": str(part) for index, part in enumerate(widget.decompress(value))})
            continue
        data[key] = "on" if value is True else value


def form_data(response) -> dict:
    """What a browser submits from an admin change page, unchanged: main form and all inlines."""
    data: dict = {}
    _form_values(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _form_values(formset.management_form, data)
        for form in formset.forms:
            _form_values(form, data)
    return data
