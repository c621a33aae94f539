"""The download views and the links to them on the township and search pages."""

from __future__ import annotations

import csv
import io
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from township.exports.search import EXPORT_REFUSED, joined_results
from township.models import DutyList, Township
from township.views.exports import CSV_TYPE, XLSX_TYPE

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"


def township(name: str) -> Township:
    return Township.objects.get(name=name)


def download(response) -> bytes:
    return b"".join(response.streaming_content)


def test_the_township_page_links_to_the_excel_of_the_version_shown(client, bundled_lists):
    current = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    page = client.get(reverse("township:township", args=[current.township_id])).content.decode()
    href = reverse("township:version_xlsx", args=[current.township_id, current.pk])
    assert f'href="{href}" download>导出 Excel</a>' in page


def test_an_older_version_page_links_to_the_excel_of_that_version(client, bundled_lists):
    call_command("import_list", str(FIXTURES / "002_fe4ab73d7f7b2358.txt"), "--published", "2025-09",
                 stdout=io.StringIO())
    older = DutyList.objects.get(township__name="先拜巴扎镇", published="2025-07-01")
    page = client.get(older.get_absolute_url()).content.decode()
    href = reverse("township:version_xlsx", args=[older.township_id, older.pk])
    assert f'href="{href}" download>导出 Excel</a>' in page
    newer = DutyList.objects.get(township__name="先拜巴扎镇", published="2025-09-01")
    assert reverse("township:version_xlsx", args=[newer.township_id, newer.pk]) not in page


def test_the_township_excel_downloads_as_a_named_workbook(client, bundled_lists):
    response = client.get(reverse("township:township_xlsx", args=[township("先拜巴扎镇").pk]))
    assert response.status_code == 200 and response["Content-Type"] == XLSX_TYPE
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert "%E5%85%88%E6%8B%9C%E5%B7%B4%E6%89%8E%E9%95%87" in disposition  # 先拜巴扎镇
    workbook = load_workbook(io.BytesIO(download(response)))
    assert workbook["基本履职事项"].max_row == 2 + 116


def test_an_earlier_version_exports_that_version(client, bundled_lists, tmp_path):
    call_command("import_list", str(FIXTURES / "002_fe4ab73d7f7b2358.txt"), "--published", "2025-09",
                 stdout=io.StringIO())
    earlier = DutyList.objects.get(township__name="先拜巴扎镇", published="2025-07-01")
    response = client.get(reverse("township:version_xlsx", args=[earlier.township_id, earlier.pk]))
    workbook = load_workbook(io.BytesIO(download(response)))
    assert workbook["基本履职事项"]["A1"].value == "先拜巴扎镇履职事项清单（2025年7月）"


def test_unknown_townships_and_other_townships_versions_are_not_found(client, bundled_lists):
    other = DutyList.objects.filter(township__name="潘津镇").latest()
    assert client.get(reverse("township:township_xlsx", args=[999_999])).status_code == 404
    url = reverse("township:version_xlsx", args=[township("先拜巴扎镇").pk, other.pk])
    assert client.get(url).status_code == 404


def _export_links(page: str) -> dict[str, dict[str, list[str]]]:
    links = {}
    for name in ("search_xlsx", "search_csv"):
        start = page.index(f'href="{reverse("township:" + name)}')
        href = unescape(page[start + 6:page.index('"', start + 6)])
        links[name] = parse_qs(urlsplit(href).query)
    return links


def test_the_search_page_links_its_exports_with_its_filters_but_not_its_page(client, bundled_lists):
    params = {"q": "党", "kind": "coordinating", "page": "2"}
    page = client.get(reverse("township:search"), params).content.decode()
    for query in _export_links(page).values():
        assert query == {"q": ["党"], "kind": ["coordinating"]}


def test_a_search_without_results_offers_no_export(client, bundled_lists):
    page = client.get(reverse("township:search"), {"q": "没有这样的事项啊"}).content.decode()
    assert reverse("township:search_csv") not in page


def test_the_csv_download_streams_utf8_with_a_bom(client, bundled_lists):
    response = client.get(reverse("township:search_csv"), {"q": "消防"})
    assert response.streaming and response["Content-Type"] == CSV_TYPE
    assert response["Content-Disposition"].startswith("attachment;")
    assert download(response).startswith(b"\xef\xbb\xbf")


def _export_urls() -> list[str]:
    duty_list = DutyList.objects.filter(township__name="先拜巴扎镇").latest()
    return [reverse("township:township_xlsx", args=[duty_list.township_id]),
            reverse("township:version_xlsx", args=[duty_list.township_id, duty_list.pk]),
            reverse("township:search_xlsx") + "?q=消防", reverse("township:search_csv") + "?q=消防"]


def test_the_downloads_answer_only_get_and_head(client, bundled_lists):
    for url in _export_urls():
        assert client.head(url).status_code == 200, url
        assert client.post(url).status_code == 405, url
        assert client.put(url).status_code == 405, url


# ---------------------------------------------------------------------------------------------
# The export cap: refused with a message, never started and cut off


def _search_count(client, params: dict[str, str]) -> int:
    return client.get(reverse("township:search"), params).context["page"].paginator.count


@pytest.mark.parametrize("name", ["search_csv", "search_xlsx"])
def test_an_export_past_the_cap_is_refused_with_a_chinese_page(client, bundled_lists, settings, name):
    params = {"q": "党", "kind": "coordinating"}
    count = _search_count(client, params)
    settings.DUTYLISTS_EXPORT_MAX_ROWS = count - 1
    response = client.get(reverse(f"township:{name}"), params)
    assert response.status_code == 400 and not response.streaming
    assert response["Content-Type"].startswith("text/html") and "Content-Disposition" not in response
    page = unescape(response.content.decode())
    assert EXPORT_REFUSED.format(count=count, limit=count - 1) in page
    assert "请缩小筛选范围（按县、乡镇或部门）后再导出" in page
    back = reverse("township:search") + "?" + urlencode(params)
    assert f'href="{back}"' in page


@pytest.mark.parametrize("name", ["search_csv", "search_xlsx"])
def test_an_export_of_exactly_the_cap_is_sent_whole(client, bundled_lists, settings, name):
    params = {"q": "党", "kind": "coordinating"}
    count = _search_count(client, params)
    settings.DUTYLISTS_EXPORT_MAX_ROWS = count
    data = download(client.get(reverse(f"township:{name}"), params))
    if name == "search_csv":
        assert len(list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))) == 1 + count
    else:
        rows = load_workbook(io.BytesIO(data))["检索结果"].iter_rows(min_row=3, values_only=True)
        assert len(joined_results(rows)) == count  # an item too tall for one row continues below


def test_the_search_page_offers_no_export_past_the_cap_and_says_why(client, bundled_lists, settings):
    params = {"q": "党"}
    count = _search_count(client, params)
    settings.DUTYLISTS_EXPORT_MAX_ROWS = count - 1
    page = client.get(reverse("township:search"), params).content.decode()
    assert reverse("township:search_csv") not in page and reverse("township:search_xlsx") not in page
    assert EXPORT_REFUSED.format(count=count, limit=count - 1) in page
    settings.DUTYLISTS_EXPORT_MAX_ROWS = count
    page = client.get(reverse("township:search"), params).content.decode()
    assert reverse("township:search_csv") in page and "超过单次导出上限" not in page


def test_the_cap_is_checked_by_a_bounded_count(client, bundled_lists, settings):
    settings.DUTYLISTS_EXPORT_MAX_ROWS = 50
    with CaptureQueriesContext(connection) as refused:
        client.get(reverse("township:search_csv"))
    settings.DUTYLISTS_EXPORT_MAX_ROWS = 5_000
    with CaptureQueriesContext(connection) as allowed:
        download(client.get(reverse("township:search_csv"), {"q": "消防"}))
    counts = [query["sql"] for query in allowed.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "LIMIT 5001" in counts[0]
    # A refusal counts at most 51 items, and nothing more: its message says "more than the limit".
    counts = [query["sql"] for query in refused.captured_queries if "COUNT(" in query["sql"]]
    assert len(counts) == 1 and "LIMIT 51" in counts[0]
