"""List versions and import records in the admin: codes stored in the database are shown in Chinese."""

from __future__ import annotations

import re

import pytest

from importers import registry
from tests.township.admin.conftest import make_user
from township.admin.uploads import STATUS_LABELS
from township.models import DutyList, ImportRecord

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_as_root(bundled_lists, login):
    return login(make_user("root", superuser=True))


def _filter_choices(response, title: str) -> list[str]:
    spec = next(spec for spec in response.context["cl"].filter_specs if str(spec.title) == title)
    # Without the facet counts, " (4)", that some admins show after each choice.
    return [re.sub(r" \(\d+\)$", "", str(choice["display"])) for choice in spec.choices(response.context["cl"])]


def test_the_import_record_result_filter_offers_chinese_names_and_filters_by_them(client_as_root):
    page = client_as_root.get("/admin/township/importrecord/")
    assert _filter_choices(page, "结果") == ["全部", *STATUS_LABELS.values()]
    html = page.content.decode()
    assert ">created<" not in html and ">新版本<" in html
    filtered = client_as_root.get("/admin/township/importrecord/?status=created").context["cl"].result_list
    assert len(filtered) == ImportRecord.objects.filter(status="created").count() == 4
    assert not client_as_root.get("/admin/township/importrecord/?status=replaced").context["cl"].result_list


def test_an_import_records_page_shows_its_result_in_chinese(client_as_root):
    record = ImportRecord.objects.first()
    html = client_as_root.get(f"/admin/township/importrecord/{record.pk}/change/").content.decode()
    assert STATUS_LABELS["created"] in html and '<div class="readonly">created</div>' not in html


def test_list_versions_show_and_filter_their_layout_by_its_chinese_name(client_as_root):
    page = client_as_root.get("/admin/township/dutylist/")
    assert _filter_choices(page, "版式") == ["全部", *(layout.LABEL for layout in registry.LAYOUTS)]
    assert ">markdown<" not in page.content.decode()
    markdown = client_as_root.get("/admin/township/dutylist/?layout=markdown").context["cl"].result_list
    assert {duty_list.layout for duty_list in markdown} == {"markdown"}
    assert len(markdown) == DutyList.objects.filter(layout="markdown").count() > 0
    duty_list = DutyList.objects.filter(layout="markdown").first()
    html = client_as_root.get(f"/admin/township/dutylist/{duty_list.pk}/change/").content.decode()
    assert '<div class="readonly">Markdown 表格</div>' in html
