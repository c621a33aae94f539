"""The export registry: every format it lists is served, with its content type and suffix, by every caller.

A list format by the township download, `export_list` and the API alike, with the same content;
a search format by the search download.
"""

from __future__ import annotations

import io
import json
from urllib.parse import unquote

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from importers.layouts.xlsx.format import META_SHEET
from township.exports.registry import (
    FORMATS, UNKNOWN_FORMAT, UnknownExportFormat, export_format, list_formats, search_formats,
)
from township.models import DutyList

pytestmark = pytest.mark.django_db

LIST_FORMATS = [export.name for export in list_formats()]
SEARCH_FORMATS = [export.name for export in search_formats()]


def saved_name(response) -> str:
    """The file name the download is saved under (the full `filename*`)."""
    return unquote(response["Content-Disposition"].split("filename*=utf-8''", 1)[1])


def body(response) -> bytes:
    return b"".join(response.streaming_content)


def content(name: str, data: bytes) -> object:
    """What a file holds, without what differs between two writes (the workbook's export time)."""
    if name == "json":
        return json.loads(data.decode("utf-8"))
    if name == "xlsx":
        workbook = load_workbook(io.BytesIO(data))
        return {sheet.title: list(sheet.iter_rows(values_only=True))
                for sheet in workbook.worksheets if sheet.title != META_SHEET}
    raise AssertionError(f"no reader in this test for {name}: add one")


def test_every_format_has_a_unique_name_a_suffix_and_something_to_write():
    assert len({export.name for export in FORMATS}) == len(FORMATS)
    for export in FORMATS:
        assert export.suffix == f".{export.name}" and export.content_type
        assert export.write_list or export.write_search
        assert export_format(export.name) is export
    assert LIST_FORMATS and SEARCH_FORMATS


def test_an_unknown_format_is_refused_naming_those_there_are():
    with pytest.raises(UnknownExportFormat) as refused:
        export_format("pdf")
    assert str(refused.value) == UNKNOWN_FORMAT.format(name="pdf", names="、".join(e.name for e in FORMATS))
    with pytest.raises(UnknownExportFormat):
        export_format("csv", among=list_formats())  # csv is for search results only


@pytest.mark.parametrize("name", LIST_FORMATS)
def test_a_list_format_is_served_alike_by_the_download_the_command_and_the_api(
        client, bundled_lists, tmp_path, name):
    export = export_format(name)
    duty_list = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    page = client.get(reverse(f"township:township_{name}", args=[duty_list.township_id]))
    api = client.get(f"/api/townships/{duty_list.township_id}/export/{name}/")
    for response in (page, api):
        assert response.status_code == 200
        assert response["Content-Type"] == export.content_type
        assert saved_name(response) == f"于田县先拜巴扎镇履职事项清单（2025年7月）{export.suffix}"
    target = tmp_path / f"清单{export.suffix}"
    call_command("export_list", "先拜巴扎镇", "--format", name, "-o", str(target))
    assert content(name, body(page)) == content(name, body(api)) == content(name, target.read_bytes())


@pytest.mark.parametrize("name", LIST_FORMATS)
def test_an_earlier_version_is_served_by_the_download_and_the_api_when_named(client, two_versions_of_002, name):
    earlier = DutyList.objects.filter(township__name="先拜巴扎镇").earliest()
    page = client.get(reverse(f"township:version_{name}", args=[earlier.township_id, earlier.pk]))
    api = client.get(f"/api/townships/{earlier.township_id}/export/{name}/", {"version": earlier.pk})
    assert saved_name(page) == saved_name(api) == f"于田县先拜巴扎镇履职事项清单（2025年7月）.{name}"
    assert content(name, body(page)) == content(name, body(api))


@pytest.mark.parametrize("name", SEARCH_FORMATS)
def test_a_search_format_is_served_by_the_search_download(client, bundled_lists, name):
    export = export_format(name)
    response = client.get(reverse(f"township:search_{name}"), {"q": "消防"})
    assert response.status_code == 200
    assert response["Content-Type"] == export.content_type
    assert saved_name(response) == f"履职事项检索结果{export.suffix}"
    assert body(response)


@pytest.mark.parametrize("query, message", [
    ("pdf/", "不支持的导出格式“pdf”"),
    ("csv/", "不支持的导出格式“csv”"),
    ("json/?version=0", "version 应为清单版本的编号"),
    ("json/?version=abc", "version 应为清单版本的编号"),
])
def test_the_api_refuses_an_unknown_format_or_version_in_chinese(client, bundled_lists, query, message):
    duty_list = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    response = client.get(f"/api/townships/{duty_list.township_id}/export/{query}")
    assert response.status_code in (400, 404)
    assert message in json.dumps(response.json(), ensure_ascii=False)


def test_the_api_does_not_export_another_townships_version(client, bundled_lists):
    mine = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    other = DutyList.objects.exclude(township=mine.township).first()
    response = client.get(f"/api/townships/{mine.township_id}/export/json/", {"version": other.pk})
    assert response.status_code == 404 and "没有编号为" in response.json()["detail"]
