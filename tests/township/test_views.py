"""The portal answers at / and the admin at /admin/."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db


def test_home_page_responds_in_chinese(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "乡镇履职事项清单" in response.content.decode()
    assert response.headers["Content-Language"] == "zh-hans"


def test_pages_carry_a_content_security_policy(client):
    response = client.get("/")
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


def test_admin_login_page_responds(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "用户名" in response.content.decode()


def test_admin_login_with_a_superuser_reaches_the_index(client):
    get_user_model().objects.create_superuser("admin", "", "s3cret-passw0rd")
    response = client.post("/admin/login/?next=/admin/",
                           {"username": "admin", "password": "s3cret-passw0rd"}, follow=True)
    assert response.status_code == 200
    assert response.request["PATH_INFO"] == "/admin/"
    assert "数据管理" in response.content.decode()
