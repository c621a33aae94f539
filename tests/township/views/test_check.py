"""The admission check page: paste or upload tasks, choose townships, read verdicts, export them."""

from __future__ import annotations

import io
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from importers.layouts.xlsx.format import HEADER_ROW
from township.exports.check import COLUMNS
from township.models import AdmissionCheck, Place, Township
from township.selectors.admission import NO_LIST, NO_TASKS, NO_TOWNSHIPS
from township.services.admission import NOTICE_KIND, NOTICE_TOO_LARGE, MAX_NOTICE_BYTES

pytestmark = pytest.mark.django_db

TASKS = "请各乡镇于月底前做好双拥工作\n\n请各乡镇配合做好农村公益电影放映工作\n由镇政府负责婚姻登记工作\n请各乡镇配合开展航空器适航审定"


@pytest.fixture
def township(bundled_lists) -> Township:
    return Township.objects.get(name="先拜巴扎镇")


def post(client, **data):
    return client.post(reverse("township:check"), data)


def test_the_header_links_to_the_check_page(client, db):
    page = client.get(reverse("township:home")).content.decode()
    assert f'href="{reverse("township:check")}">事项准入核查</a>' in page


def test_pasted_tasks_get_a_verdict_each_at_a_stable_address(client, township):
    response = post(client, tasks=TASKS, townships=str(township.pk))
    assert response.status_code == 302
    stored = AdmissionCheck.objects.get()
    assert response["Location"] == stored.get_absolute_url() and stored.tasks == [
        line for line in TASKS.splitlines() if line]
    page = unescape(client.get(response["Location"]).content.decode())
    for verdict in ("基本履职事项（乡镇负责）", "配合履职事项（乡镇配合，部门负责）", "上级部门收回事项（乡镇不承接）",
                    "清单外事项（需按程序准入）", "乡镇配合", "部门职责", "承担，乡镇不承接", "相同词语："):
        assert verdict in page
    assert "农村公益电影放映工作" in page


def test_a_county_checks_every_township_with_a_list(client, bundled_lists):
    county = Place.objects.get(name="于田县")
    response = post(client, tasks="做好双拥工作", county=county.name)
    stored = AdmissionCheck.objects.get()
    assert response.status_code == 302 and stored.townships.count() == county.townships.filter(lists__isnull=False).count()


def test_a_township_typed_by_name_is_found(client, township):
    assert post(client, tasks="做好双拥工作", townships="先拜巴扎镇").status_code == 302


def test_nothing_asked_is_refused_in_chinese(client, township):
    response = post(client, tasks="", townships=str(township.pk))
    assert response.status_code == 400 and NO_TASKS in unescape(response.content.decode())
    response = post(client, tasks="做好双拥工作")
    assert response.status_code == 400 and NO_TOWNSHIPS in unescape(response.content.decode())


def _notice_workbook() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["序号", "工作任务", "责任单位", "完成时限"])
    sheet.append([1, "请各乡镇开展辖区烟花爆竹安全监管", "县应急管理局", "6月底"])
    sheet.append([2, "请各乡镇协助开展疫苗接种工作", "县卫健委", "7月底"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_an_uploaded_spreadsheet_notice_gives_its_rows_as_tasks(client, township):
    notice = SimpleUploadedFile("通知.xlsx", _notice_workbook())
    response = client.post(reverse("township:check"), {"notice": notice, "townships": str(township.pk)})
    assert response.status_code == 302
    assert AdmissionCheck.objects.get().tasks == ["请各乡镇开展辖区烟花爆竹安全监管", "请各乡镇协助开展疫苗接种工作"]


def test_a_text_notice_leaves_out_its_title_salutation_and_signature(client, township):
    text = ("关于做好近期重点工作的通知\n各乡镇人民政府：\n一、请各乡镇于月底前做好双拥工作。请各乡镇开展禁毒宣传教育活动。\n"
            "县民政局\n2025年6月1日\n").encode("gb18030")
    response = client.post(reverse("township:check"),
                           {"notice": SimpleUploadedFile("通知.txt", text), "townships": str(township.pk)})
    assert response.status_code == 302
    assert AdmissionCheck.objects.get().tasks == ["一、请各乡镇于月底前做好双拥工作。", "请各乡镇开展禁毒宣传教育活动。"]


def test_an_unreadable_or_huge_notice_is_refused_naming_the_file(client, township):
    response = client.post(reverse("township:check"),
                           {"notice": SimpleUploadedFile("通知.pdf", b"%PDF-1.4"), "townships": str(township.pk)})
    assert NOTICE_KIND.format(name="通知.pdf") in unescape(response.content.decode())
    huge = SimpleUploadedFile("通知.txt", b"a" * (MAX_NOTICE_BYTES + 1))
    response = client.post(reverse("township:check"), {"notice": huge, "townships": str(township.pk)})
    assert NOTICE_TOO_LARGE.split("（")[0].format(name="通知.txt") in unescape(response.content.decode())


def test_the_export_has_a_row_per_task_and_township(client, township):
    location = post(client, tasks=TASKS, townships=str(township.pk))["Location"]
    stored = AdmissionCheck.objects.get()
    response = client.get(reverse("township:check_export", args=[stored.token]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(min_row=HEADER_ROW, values_only=True))
    assert list(rows[0]) == [column.heading for column in COLUMNS]
    assert len(rows) - 1 == 4 and rows[1][3] == "基本履职事项（乡镇负责）" and rows[4][3] == "清单外事项（需按程序准入）"
    assert location in client.get(location).content.decode()


def test_list_text_is_escaped(client, township):
    location = post(client, tasks="<script>alert(1)</script>做好双拥工作", townships=str(township.pk))["Location"]
    page = client.get(location).content.decode()
    assert "<script>alert(1)" not in page and "&lt;script&gt;" in page


def test_an_unknown_check_is_not_found(client, db):
    assert client.get(reverse("township:check_result", args=["nothing"])).status_code == 404


@pytest.mark.parametrize("pasted, tasks", [
    ("禁毒\n做好双拥", ["禁毒", "做好双拥"]),  # short lines stay tasks
    ("关于做好近期工作的通知\n各乡镇人民政府：\n请各乡镇做好双拥工作。请各乡镇开展禁毒宣传。\n于田县民政局\n2025年6月1日",
     ["请各乡镇做好双拥工作。", "请各乡镇开展禁毒宣传。"]),
    ("请各乡镇配合县人社局", ["请各乡镇配合县人社局"]),  # ends like a signature, but asks something
])
def test_a_pasted_notice_gives_its_sentences_as_tasks(client, township, pasted, tasks):
    assert post(client, tasks=pasted, townships=str(township.pk)).status_code == 302
    assert AdmissionCheck.objects.get().tasks == tasks


def test_a_township_without_a_list_is_refused_before_anything_is_stored(client, township):
    bare = Township.objects.create(name="无清单镇", county=township.county, kind=Township.Kind.ZHEN)
    response = post(client, tasks="做好双拥工作", townships=str(bare.pk))
    assert response.status_code == 400 and NO_LIST.format(township=bare) in unescape(response.content.decode())
    assert not AdmissionCheck.objects.exists()


def _notice_document() -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("关于做好近期重点工作的通知")
    document.add_paragraph("各乡镇人民政府：")
    document.add_paragraph("一、请各乡镇于月底前做好双拥工作。二、请各乡镇协助开展疫苗接种工作。")
    table = document.add_table(rows=2, cols=3)
    for cells, values in zip((row.cells for row in table.rows), (("序号", "工作任务", "责任单位"),
                                                                  ("1", "请各乡镇开展辖区烟花爆竹安全监管", "县应急管理局"))):
        for cell, value in zip(cells, values):
            cell.text = value
    document.add_paragraph("县人民政府办公室")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_word_notice_gives_its_sentences_and_table_rows_as_tasks(client, township):
    notice = SimpleUploadedFile("通知.docx", _notice_document())
    response = client.post(reverse("township:check"), {"notice": notice, "townships": str(township.pk)})
    assert response.status_code == 302
    assert AdmissionCheck.objects.get().tasks == [
        "一、请各乡镇于月底前做好双拥工作。", "二、请各乡镇协助开展疫苗接种工作。", "请各乡镇开展辖区烟花爆竹安全监管"]
    page = unescape(client.get(response["Location"]).content.decode())
    assert page.count("check-row check-") == 3
