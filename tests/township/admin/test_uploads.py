"""Importing from the admin: upload → report → confirm, with the import_list loader and checks."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.contrib.messages import get_messages
from django.core.management import call_command
from openpyxl import load_workbook
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.html import escape

from importers import registry
from importers.pipeline import (
    DOCUMENT_LAYOUT_FOR_TEXT_IN_FORM, MISSING_PLACE, NOT_GIVEN_IN_FORM, TEXT_LAYOUT_FOR_DOCUMENT_IN_FORM,
    UNKNOWN_LAYOUT_IN_FORM, WRONG_DOCUMENT_LAYOUT_IN_FORM,
)
from township.services.imports.service import OUT_OF_SCOPE
from importers.sources import BINARY_FILE, MAX_BYTES, TOO_LARGE
from tests.township.admin.conftest import make_user
from township.admin.uploads import EXPIRED
from township.models import Duty, DutyList, ImportRecord, PendingUpload
from township.services.catalogue import CATALOGUE_HINT

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures"
LIST_002 = FIXTURES / "002_fe4ab73d7f7b2358.txt"  # 先拜巴扎镇, 于田县: 116 / 98 / 41
LIST_001 = FIXTURES / "001_1fdc4c7ea05d9441.txt"  # names no township, county or month
LIST_004 = FIXTURES / "004_75977ff95c5311e1.txt"
UPLOAD_URL = "/admin/township/dutylist/upload/"


def _upload(client, path: Path | None = None, *, content: bytes | None = None, name: str = "", **fields):
    content = path.read_bytes() if content is None else content
    upload = SimpleUploadedFile(name or path.name, content, content_type="text/plain")
    return client.post(UPLOAD_URL, {"file": upload, **fields})


def _file_errors(response) -> list[str]:
    return response.context["form"].errors.get("file", [])


def _confirm(client, response):
    return client.post(f"{UPLOAD_URL}{response.context['pending'].pk}/confirm/")


@pytest.fixture
def superuser(db):
    return make_user("root", superuser=True)


def test_upload_shows_the_report_and_writes_nothing_until_confirmed(superuser, login):
    client = login(superuser)
    assert client.get(UPLOAD_URL).status_code == 200
    preview = _upload(client, LIST_002)
    assert preview.status_code == 200, _file_errors(preview)
    figures = {row["title"]: (row["found"], row["stated"]) for row in preview.context["figures"]}
    assert figures == {"基本履职事项": (116, 116), "配合履职事项": (98, 98), "上级部门收回事项": (41, 41)}
    html = preview.content.decode()
    assert "将作为新版本导入" in html
    report = preview.context["report_text"]
    assert "事项数：基本 116（清单说明 116）✓" in report and escape(report) in html
    assert not DutyList.objects.exists() and not ImportRecord.objects.exists()
    response = _confirm(client, preview)
    duty_list = DutyList.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/dutylist/{duty_list.pk}/change/")
    assert duty_list.duties.count() == 116 + 98 + 41 and duty_list.imported_by == superuser
    record = ImportRecord.objects.get()
    assert (record.via, record.imported_by, record.status) == ("admin", superuser, "created")
    assert not PendingUpload.objects.exists()


def test_a_confirmed_upload_reminds_to_rebuild_the_catalogue_and_a_preview_does_not(superuser, login):
    client = login(superuser)
    preview = _upload(client, LIST_002)
    assert CATALOGUE_HINT not in preview.content.decode()
    shown = [str(message) for message in get_messages(_confirm(client, preview).wsgi_request)]
    assert CATALOGUE_HINT in shown


def test_a_list_without_its_place_needs_the_form_fields(superuser, login):
    client = login(superuser)
    response = _upload(client, LIST_001)
    expected = MISSING_PLACE.format(what="乡镇（街道）名称", how=NOT_GIVEN_IN_FORM.format(label="乡镇（街道）"))
    assert any(expected in error for error in _file_errors(response))
    preview = _upload(client, LIST_001, township="某乡", county="额敏县", prefecture="塔城地区",
                      published="2025-07")
    assert preview.status_code == 200 and "pending" in preview.context
    _confirm(client, preview)
    assert DutyList.objects.get().township.name == "某乡"


@pytest.mark.parametrize("content, message", [
    (b"\x00\x01binary" * 40, BINARY_FILE),
    (b"x" * (MAX_BYTES + 1), TOO_LARGE.format(size=MAX_BYTES + 1, limit=MAX_BYTES)),
    ("这不是一份履职事项清单。\n".encode(), "无法识别清单版式"),
])
def test_a_bad_file_is_a_form_error_and_writes_nothing(superuser, login, content, message):
    response = _upload(login(superuser), content=content, name="bad.txt")
    assert response.status_code == 200
    assert any(message in error for error in _file_errors(response)), _file_errors(response)
    assert not DutyList.objects.exists() and not PendingUpload.objects.exists()


def test_a_changed_file_for_a_loaded_month_needs_replace_and_shows_what_changes(bundled_lists, login, tmp_path):
    client = login(make_user("root", superuser=True))
    duty = Duty.objects.get(duty_list__township__name="先拜巴扎镇", kind="basic", seq=8)
    changed = LIST_002.read_text(encoding="utf-8").replace(duty.name, duty.name + "（已修订）", 1)
    content = changed.encode("utf-8")
    refused = _upload(client, content=content, name="002_修订.txt")
    # The web user is told to tick the form's box, not to pass the command's --replace.
    assert any("修改 1 项" in error and "勾选“替换同月已导入的版本”" in error for error in _file_errors(refused))
    assert not any("--replace" in error for error in _file_errors(refused))
    preview = _upload(client, content=content, name="002_修订.txt", replace="on")
    assert "新增 0 项、删除 0 项、修改 1 项" in preview.content.decode()
    assert Duty.objects.get(pk=duty.pk).name == duty.name  # nothing written by the preview
    _confirm(client, preview)
    assert Duty.objects.get(duty_list__township__name="先拜巴扎镇", kind="basic", seq=8).name.endswith("（已修订）")
    assert ImportRecord.objects.filter(status="replaced", via="admin").count() == 1


def test_a_county_editor_cannot_import_another_countys_list(editor_a, login):
    before = DutyList.objects.count()
    response = _upload(login(editor_a), LIST_004, published="2025-07")  # 004 prints no month
    assert any(OUT_OF_SCOPE.format(county="巴楚县") in error for error in _file_errors(response))
    assert DutyList.objects.count() == before


def test_only_the_uploader_can_confirm_an_upload(superuser, login):
    preview = _upload(login(superuser), LIST_002)
    other = login(make_user("other", superuser=True))
    response = _confirm(other, preview)
    assert EXPIRED in [str(message) for message in response.wsgi_request._messages]
    assert not DutyList.objects.exists()


def test_the_portals_own_workbook_is_uploaded_back_as_a_replacement(bundled_lists, login, tmp_path):
    client = login(make_user("root", superuser=True))
    workbook = tmp_path / "先拜巴扎镇.xlsx"
    call_command("export_list", "先拜巴扎镇", "--format", "xlsx", "-o", str(workbook), stdout=io.StringIO())
    book = load_workbook(workbook)
    sheet = book["基本履职事项"]
    cell = next(row[2] for row in sheet.iter_rows() if row[0].value == 8)
    # A rewording the version diff recognises as the same item (a wholly different name at the
    # same seq would be one item removed and another added).
    cell.value = "做好人才引进、服务、管理和使用工作（表格中修订）"
    book.save(workbook)
    preview = _upload(client, workbook, replace="on")
    assert preview.status_code == 200, _file_errors(preview)
    assert "新增 0 项、删除 0 项、修改 1 项" in preview.content.decode()
    _confirm(client, preview)
    assert Duty.objects.get(duty_list__township__name="先拜巴扎镇", kind="basic", seq=8).name == (
        "做好人才引进、服务、管理和使用工作（表格中修订）")


DOCUMENTS = FIXTURES / "documents"


@pytest.mark.parametrize("name, label", [
    ("002_xianbaibazha.pdf", "PDF 表格"),
    ("000_panjin.docx", "Word 表格"),
    ("004_xiamale_by_part.xlsx", "Excel 表格"),
], ids=["pdf", "docx", "xlsx"])
def test_published_documents_upload_like_text_and_the_report_names_their_layout(superuser, login, name, label):
    client = login(superuser)
    preview = _upload(client, DOCUMENTS / name)
    assert preview.status_code == 200, _file_errors(preview)
    report = preview.context["report_text"]
    assert f"版式 {label}" in report
    _confirm(client, preview)
    assert DutyList.objects.get().duties.count() > 250


def test_a_flagged_item_of_a_pdf_is_named_by_its_page(superuser, login):
    preview = _upload(login(superuser), DOCUMENTS / "002_xianbaibazha.pdf")
    flagged = [line for line in preview.context["report_text"].splitlines() if "项 · " in line]
    assert flagged and all(line.strip().startswith("第 ") and " 页 " in line for line in flagged)


def test_a_scan_of_something_that_is_no_list_is_a_form_error_that_says_so(superuser, login):
    from tests.township.management.commands.test_import_bad_documents import scanned_pdf

    response = _upload(login(superuser), content=scanned_pdf(2), name="扫描件.pdf")
    assert any("未在扫描件中找到表格" in error for error in _file_errors(response))
    assert not DutyList.objects.exists()


def test_an_upload_whose_parse_outlasts_its_time_is_a_form_error_that_names_the_command(superuser, login, settings):
    settings.DUTYLISTS_UPLOAD_PARSE_SECONDS = 0.01
    response = _upload(login(superuser), DOCUMENTS / "002_xianbaibazha.pdf")
    assert any("import_list" in error and "秒" in error for error in _file_errors(response))
    assert not DutyList.objects.exists()


def test_a_scan_too_long_for_a_web_request_is_sent_to_the_command_at_once(superuser, login):
    from tests.township.management.commands.test_import_bad_documents import scanned_pdf
    from township.services.imports.service import SCAN_TOO_LONG

    response = _upload(login(superuser), content=scanned_pdf(5), name="扫描件.pdf")
    expected = SCAN_TOO_LONG.format(pages=5, minutes=1, limit=3, name="扫描件.pdf")
    assert any(expected in error for error in _file_errors(response))
    assert not DutyList.objects.exists()


def test_a_short_scan_is_read_in_the_upload_and_its_errors_shown(superuser, login):
    response = _upload(login(superuser), FIXTURES / "documents" / "scans" / "002_p04_basic.jpg")
    assert any("未找到配合履职事项清单的表格" in error for error in _file_errors(response))


def test_the_upload_form_offers_layouts_by_their_chinese_names_and_keeps_the_values(superuser, login):
    page = login(superuser).get(UPLOAD_URL)
    field = page.context["form"]["layout"]
    assert [value for value, _ in field.field.choices] == ["", *registry.layout_names()]
    html = str(field)
    for layout in registry.LAYOUTS:
        assert f'<option value="{layout.NAME}">{escape(layout.LABEL)}</option>' in html
        assert f">{layout.NAME}<" not in html and f"（{layout.NAME}）" not in html


TEXT_LAYOUT_LABELS = "、".join(f"“{layout.LABEL}”" for layout in registry.LAYOUTS
                               if getattr(layout, "READS_TEXT", False))


@pytest.mark.parametrize("name, content, layout, message", [
    ("prose.txt", "这不是一份履职事项清单。\n".encode(), "",
     UNKNOWN_LAYOUT_IN_FORM.format(known=TEXT_LAYOUT_LABELS)),
    ("002_xianbaibazha.pdf", None, "markdown",
     TEXT_LAYOUT_FOR_DOCUMENT_IN_FORM.format(name="002_xianbaibazha.pdf", label="Markdown 表格")),
    ("002.txt", LIST_002.read_bytes(), "xlsx",
     DOCUMENT_LAYOUT_FOR_TEXT_IN_FORM.format(name="002.txt", label="本门户导出的 Excel 工作簿")),
    ("000_panjin.docx", None, "pdf", WRONG_DOCUMENT_LAYOUT_IN_FORM.format(name="000_panjin.docx", label="PDF 表格")),
], ids=["unknown-text", "text-layout-for-pdf", "document-layout-for-text", "wrong-document-layout"])
def test_a_layout_refusal_on_the_web_says_what_to_choose_in_the_form_not_which_option_to_pass(
        superuser, login, name, content, layout, message):
    content = (FIXTURES / "documents" / name).read_bytes() if content is None else content
    errors = _file_errors(_upload(login(superuser), content=content, name=name, layout=layout))
    assert any(message in error for error in errors), errors
    assert not any("--layout" in error for error in errors)
    assert not DutyList.objects.exists() and not PendingUpload.objects.exists()
