"""The catalogue's entry page: the townships whose lists have an entry, each linked to its item."""

from __future__ import annotations

import io
import re
from html import unescape

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.township.conftest import import_as
from tests.republished import import_002_next_month
from township.models import CatalogueEntry, Duty
from township.views import catalogue

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script>"


def build() -> None:
    call_command("build_catalogue", stdout=io.StringIO())


def entry(name: str, kind: str = "coordinating") -> CatalogueEntry:
    return CatalogueEntry.objects.get(kind=kind, name=name)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", response.content.decode()))).strip()


def rows(response) -> list[str]:
    table = re.search(r'<table class="duties catalogue-townships">.*?</table>', response.content.decode(), re.S)
    return re.findall(r"<tr>.*?</tr>", table.group(0).split("<tbody>")[1], re.S)


def test_it_lists_every_township_that_has_the_entry_with_its_own_wording_linked_to_its_item(client, bundled_lists):
    build()
    shared = entry("推荐县级以上党代表工作")
    response = client.get(shared.get_absolute_url())
    assert response.status_code == 200
    text = text_of(response)
    assert "事项目录 · 配合履职事项 · 党的建设" in text and "4 个乡镇（街道）的清单中有此事项" in text
    found = rows(response)
    assert len(found) == 4
    panjin = Duty.objects.get(duty_list__township__name="潘津镇", catalogue_link__entry=shared)
    (row,) = [row for row in found if "潘津镇" in row]
    assert f'<a href="{panjin.duty_list.township.get_absolute_url()}">潘津镇</a>' in row
    assert f'<a href="{panjin.get_absolute_url()}">推荐市级以上党代表工作</a>' in row  # its own wording
    assert "已有更新版本" not in response.content.decode()


def test_a_newer_version_takes_the_place_of_the_one_it_replaces_at_once(client, bundled_lists, tmp_path):
    build()
    import_002_next_month(tmp_path)
    response = client.get(entry("推荐县级以上党代表工作").get_absolute_url())
    (row,) = [row for row in rows(response) if "先拜巴扎镇" in row]
    assert "2026年1月" in row and "2025年7月" not in row and "已有更新版本" not in row
    assert "事项目录生成于" in text_of(response) and "可能已过时" not in text_of(response)


def test_published_text_is_escaped(client, bundled_lists):
    build()
    shared = entry("推荐县级以上党代表工作")
    CatalogueEntry.objects.filter(pk=shared.pk).update(name=XSS)
    Duty.objects.filter(catalogue_link__entry=shared).update(name=XSS)
    html = client.get(shared.get_absolute_url()).content.decode()
    assert XSS not in html and html.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 5


def test_a_long_entry_is_paginated(client, bundled_lists, monkeypatch):
    build()
    monkeypatch.setattr(catalogue, "TOWNSHIPS_PER_PAGE", 3)
    url = entry("推荐县级以上党代表工作").get_absolute_url()
    first, second = client.get(url), client.get(url, {"page": 2})
    assert len(rows(first)) == 3 and len(rows(second)) == 1
    assert "第 1–3 个，共 4 个" in text_of(first) and 'href="?page=2"' in first.content.decode()


def test_an_unknown_entry_is_not_found(client, bundled_lists):
    build()
    assert client.get("/catalogue/999999/").status_code == 404


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_page_runs_the_same_few_queries_whatever_the_number_of_townships(client, yutian_of_three,
                                                                            django_assert_max_num_queries):
    import_as("004_75977ff95c5311e1.txt", "测试丁乡")
    build()
    widespread = entry("推荐县级以上党代表工作")
    rare = CatalogueEntry.objects.filter(township_count=1).first()
    assert widespread.links.count() == 7
    with django_assert_max_num_queries(4):  # the entry, the status, the count, the page
        client.get(widespread.get_absolute_url())
    assert count_queries(client, widespread.get_absolute_url()) == count_queries(client, rare.get_absolute_url())

