"""Editors' corrections in the admin: recorded as corrections and searchable at once."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from township.models import Duty
from township.selectors import duty_search

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    get_user_model().objects.create_superuser("editor", "", "s3cret-passw0rd")
    client.login(username="editor", password="s3cret-passw0rd")
    return client


def test_correcting_an_item_records_the_editor_and_refreshes_its_search_document(bundled_lists, editor_client):
    duty = Duty.objects.get(duty_list__township__name="先拜巴扎镇", kind="basic", seq=8)
    response = editor_client.post(f"/admin/township/basicduty/{duty.pk}/change/", {
        "seq": duty.seq, "category": duty.category_id, "name": "做好人才引进和鹦鹉螺工作", "note": "",
        "flags-TOTAL_FORMS": 0, "flags-INITIAL_FORMS": 0,
    })
    assert response.status_code == 302, response.content.decode()[:2000]
    duty.refresh_from_db()
    assert duty.name == "做好人才引进和鹦鹉螺工作"
    assert duty.corrected_by.username == "editor" and duty.corrected_at is not None
    found = duty_search(params={"q": "鹦鹉螺"})
    assert [item.pk for item in found.qs] == [duty.pk]
