"""Users and groups in the admin, and what every admin page shows: Chinese, not Django's English."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission

from tests.township.admin.conftest import make_user
from township.admin.access import permission_label
from township.services.roles import COUNTY_EDITORS

pytestmark = pytest.mark.django_db

# English that Django or a code stored in the database put on admin pages before they were translated.
LEAKS = ["Can add", "Can change", "Can delete", "Can view", "Model name", "Add link", "Change or view list link",
         "After you’ve created a user", "LDAP", "Loaded version", ">created<", ">markdown<", ">tabbed<",
         ">flowed<", ">None<", ">True<", ">False<", 'alt="True"', 'alt="False"', 'alt="None"']


def _visible(html: str) -> str:
    """The page's text and the labels a screen reader reads, without scripts and styles."""
    return re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)


def _admin_pages() -> list[str]:
    urls = ["/admin/", "/admin/township/dutylist/upload/"]
    for model in admin.site._registry:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        urls.append(base)
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            urls.append(f"{base}{first.pk}/change/")
    return urls + ["/admin/auth/user/add/", "/admin/auth/group/add/"]


def test_no_admin_page_shows_djangos_english_or_stored_codes(bundled_lists, login):
    client = login(make_user("root", superuser=True))
    for url in _admin_pages():
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        text = _visible(response.content.decode())
        assert not [leak for leak in LEAKS if leak in text], url


def test_permissions_are_offered_by_chinese_names(bundled_lists, login):
    permission = Permission.objects.get(codename="change_duty")
    assert permission.name.startswith("Can change")  # as Django stores it
    assert permission_label(permission) == "乡镇履职事项 | 履职事项 | 可修改履职事项"
    group = Group.objects.get(name=COUNTY_EDITORS)
    html = login(make_user("root", superuser=True)).get(f"/admin/auth/group/{group.pk}/change/").content.decode()
    assert "可修改履职事项" in html and "Can change" not in html
