"""The catalogue in the admin: readable by every role, changed only by build_catalogue."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from township.models import CatalogueEntry

pytestmark = pytest.mark.django_db


def test_catalogue_entries_are_listed_with_their_townships_and_cannot_be_edited(viewer, administrator, login):
    call_command("build_catalogue", stdout=io.StringIO())
    shared = CatalogueEntry.objects.filter(kind="coordinating", township_count=4, name__contains="党代表").get()
    for user in (viewer, administrator):
        client = login(user)
        page = client.get("/admin/township/catalogueentry/", {"q": "党代表"})
        assert shared in page.context["cl"].result_list
        entry_page = client.get(f"/admin/township/catalogueentry/{shared.pk}/change/")
        assert entry_page.status_code == 200 and "夏马勒乡" in entry_page.content.decode()
        response = client.post(f"/admin/township/catalogueentry/{shared.pk}/change/", {"name": "改名"})
        assert response.status_code == 403
    assert CatalogueEntry.objects.get(pk=shared.pk).name != "改名"


def test_each_catalogue_build_is_listed(viewer, login):
    call_command("build_catalogue", stdout=io.StringIO())
    page = login(viewer).get("/admin/township/cataloguebuild/")
    builds = list(page.context["cl"].result_list)
    assert len(builds) == 1 and builds[0].entries == CatalogueEntry.objects.count()
